"""One workbook's raw cells → a ParsedWorkbook: identity, facts by table, findings.

Pure: takes values (cells, reference lists), returns values. A workbook that cannot be
trusted at all (no known table, T1/T3 missing, no department or year, no money unit) comes
back `rejected` with a finding saying why.
"""
from __future__ import annotations

import os
import re
from collections import Counter

from ..model import Department, Finding, ParsedWorkbook, RawWorkbook, SheetInfo
from ..recognise.locate import Grid, LocatedTable, locate
from ..recognise.templates import by_kind
from ..recognise.text import norm
from ..refdata import Reference
from .cells import CellReader, decimals_for
from .facts import Facts
from .profile import profile_facts, read_profile
from .selfeval import self_evaluation_facts
from .tables import BUILDERS

_YEAR = re.compile(r"(20\d{2})")
_MONEY_KINDS = set(BUILDERS)


def parse_workbook(raw: RawWorkbook, wb: ParsedWorkbook, ref: Reference) -> ParsedWorkbook:
    """Fill `wb` (which carries path, sha256, size, mtime) from the raw cells."""
    wb.fmt = raw.fmt
    tables, grids = _locate_all(raw, wb)
    kinds = {t.kind for t in tables}
    if not tables:
        return _reject(wb, "F-002", "工作簿中没有可识别的决算表（未找到任何表标题）")
    missing = [k for k, tpl in by_kind().items() if tpl.required and k not in kinds]
    if missing:
        names = "、".join(f"{by_kind()[k].title}（{k}）" for k in missing)
        return _reject(wb, "F-003", f"缺少必备的表：{names}")
    for table in tables:
        if table.kind in _MONEY_KINDS and table.unit_text is None:
            return _reject(wb, "F-006", f"表“{table.title}”未注明金额单位（万元或元），无法确定金额",
                           sheet=table.sheet)
    profile = next(((t, read_profile(t, grids[t.sheet])) for t in tables if t.kind == "T10"), None)
    department = _department(wb, tables, profile[1] if profile else {}, ref)
    if department is None:
        return _reject(wb, "F-004", "未能确定填报部门：部门基本情况表没有单位编码，表头的“部门：”名称也不在 departments.csv 中")
    wb.department = department
    wb.fiscal_year = _year(wb, tables, profile[1] if profile else {})
    if wb.fiscal_year is None:
        return _reject(wb, "F-005", "未能确定决算年度：表标题、部门基本情况表和文件名中都没有年度")
    _facts(wb, raw, tables, grids, profile, ref)
    for k, tpl in by_kind().items():
        if k not in kinds and not tpl.required:
            wb.findings.append(Finding(rule_id="F-007", severity="warning",
                                       message=f"未提供{tpl.title}（{k}），依赖该表的校验不执行"))
    return _stamp(wb)


def _locate_all(raw: RawWorkbook, wb: ParsedWorkbook) -> tuple[list[LocatedTable], dict[str, Grid]]:
    tables: list[LocatedTable] = []
    grids: dict[str, Grid] = {}
    visible_of: dict[str, bool] = {}
    for sheet in raw.sheets:
        table = locate(sheet)
        if table is None:
            wb.ignored_sheets.append(sheet.name)
            continue
        twin = next((t for t in tables if t.kind == table.kind), None)
        if twin is not None:
            if visible_of[twin.sheet] and not sheet.visible:
                wb.ignored_sheets.append(sheet.name)
                continue
            wb.findings.append(Finding(
                rule_id="F-009", severity="error", sheet=sheet.name,
                message=f"同一张表出现两次：“{twin.sheet}”和“{sheet.name}”都是{table.template.title}，只读取了第一张"))
            continue
        tables.append(table)
        grids[sheet.name] = Grid(sheet)
        visible_of[sheet.name] = sheet.visible
    if wb.ignored_sheets:
        wb.findings.append(Finding(rule_id="F-008", severity="info",
                                   message="以下工作表不是已知的决算表，已忽略：" + "、".join(wb.ignored_sheets)))
    return tables, grids


def _department(wb: ParsedWorkbook, tables: list[LocatedTable], profile: dict[str, tuple[str, str]],
                ref: Reference) -> Department | None:
    code = re.sub(r"\s+", "", profile.get("dept_code", ("",))[0])
    if code:
        known = ref.departments.get(code)
        if known:
            return known
        kind = _unit_kind(profile)
        return Department(code, profile.get("dept_name", (code,))[0], profile.get("region_code", ("",))[0],
                          profile.get("region_name", ("",))[0], kind,
                          profile.get("parent_dept_code", (None,))[0] if kind == "单位" else None)
    names = [t.entity_text for t in tables if t.entity_text]
    if "dept_name" in profile:
        names.insert(0, profile["dept_name"][0])
    for name in names:
        dept = ref.find_department(_YEAR.sub("", name).replace("年度", ""))
        if dept:
            return dept
    return _department_from_path(wb.path, ref)


def _unit_kind(profile: dict[str, tuple[str, str]]) -> str:
    text = profile.get("report_type", ("",))[0]
    for kind, words in by_kind()["T10"].raw["report_types"].items():
        if any(w == text for w in words):
            return kind
    return "单位" if "parent_dept_code" in profile else "部门"


def _department_from_path(path: str, ref: Reference) -> Department | None:
    name = norm(os.path.basename(path))
    hits = [(len(alias), code) for alias, code in ref.dept_by_name.items() if len(alias) >= 4 and alias in name]
    return ref.departments[max(hits)[1]] if hits else None


def _year(wb: ParsedWorkbook, tables: list[LocatedTable], profile: dict[str, tuple[str, str]]) -> int | None:
    m = _YEAR.search(profile.get("fiscal_year", ("",))[0])
    if m:
        return int(m.group(1))
    years = Counter(y for t in tables for y in t.years)
    if years:
        if len(years) > 1:
            wb.findings.append(Finding(rule_id="F-010", severity="error",
                                       message="各表的年度不一致：" + "、".join(f"{y}年" for y in sorted(years)),
                                       expected=str(years.most_common(1)[0][0]), actual=",".join(map(str, sorted(years)))))
        return years.most_common(1)[0][0]
    m = _YEAR.findall(wb.path)
    return int(m[-1]) if m else None


def _facts(wb: ParsedWorkbook, raw: RawWorkbook, tables: list[LocatedTable], grids: dict[str, Grid],
           profile, ref: Reference) -> None:
    facts = Facts()
    sheets = {s.name: s for s in raw.sheets}
    for table in tables:
        sheet, grid = sheets[table.sheet], grids[table.sheet]
        decimals = None
        if table.kind in BUILDERS:
            cells = [(r, m.col) for lane in table.lanes for m in lane.measures
                     for r in range(table.header_bottom + 1, table.data_end)]
            decimals = decimals_for(sheet, table.unit_text, cells)
            BUILDERS[table.kind](table, grid, CellReader(sheet, table.unit_text, decimals, wb.findings),
                                 ref, facts, wb.findings)
        elif table.kind == "T10":
            profile_facts(table, grid, profile[1], facts, wb.findings)
        elif table.kind == "T11":
            self_evaluation_facts(table, grid, sheet, facts, wb.findings)
        wb.sheets.append(SheetInfo(table.sheet, table.kind, table.unit_text, decimals, table.title_cell))
    wb.facts = facts.as_columns()


def _reject(wb: ParsedWorkbook, rule: str, message: str, sheet: str | None = None) -> ParsedWorkbook:
    wb.rejected = True
    wb.reject_reason = message
    wb.findings.append(Finding(rule_id=rule, severity="error", message=message, sheet=sheet))
    return _stamp(wb)


def _stamp(wb: ParsedWorkbook) -> ParsedWorkbook:
    for f in wb.findings:
        f.file = wb.path
        f.sha256 = wb.sha256
    return wb
