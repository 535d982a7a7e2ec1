"""One workbook's raw cells → a ParsedWorkbook: identity, facts by table, findings.

Pure: takes values (cells, reference lists), returns values. A workbook that cannot be
trusted at all (no known table, T1/T3 missing, no department or year, no money unit, tables
of two departments, a 部门基本情况 naming another department than the tables) comes back
`rejected` with a finding saying why.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass

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
# A year in a file name: "2023年度…", "…2023年…", but not a date stamp like "2024年3月15日".
_NAMED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d)")
_CODE = re.compile(r"(?<!\d)(\d{9}(?:\d{3})?)(?!\d)")  # 部门 and 单位 codes of departments.csv
_MONEY_KINDS = set(BUILDERS)


def parse_workbook(raw: RawWorkbook, wb: ParsedWorkbook, ref: Reference) -> ParsedWorkbook:
    """Fill `wb` (which carries path, sha256, size, mtime) from the raw cells."""
    wb.fmt = raw.fmt
    tables, grids, twins = _locate_all(raw, wb)
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
    fields = profile[1] if profile else {}
    conflict = _identity_conflict(tables + twins, fields, ref)
    if conflict is not None:
        return _reject(wb, *conflict)
    department = _department(wb, tables, fields, ref)
    if department is None:
        return _reject(wb, "F-004", "未能确定填报部门：部门基本情况表没有单位编码，表头的“部门：”名称也不在 departments.csv 中")
    wb.department = department
    wb.fiscal_year = _year(wb, tables, profile)
    if wb.fiscal_year is None:
        return _reject(wb, "F-005", "未能确定决算年度：表标题、部门基本情况表和文件名中都没有年度")
    _check_file_name(wb, ref)
    _facts(wb, raw, tables, grids, profile, ref)
    for k, tpl in by_kind().items():
        if k not in kinds and not tpl.required:
            wb.findings.append(Finding(rule_id="F-007", severity="warning",
                                       message=f"未提供{tpl.title}（{k}），依赖该表的校验不执行"))
    return _stamp(wb)


def _locate_all(raw: RawWorkbook, wb: ParsedWorkbook
                ) -> tuple[list[LocatedTable], dict[str, Grid], list[LocatedTable]]:
    """(tables read, their grids, visible second copies of a table): a copy is not read, but
    the department it names still counts."""
    tables: list[LocatedTable] = []
    twins: list[LocatedTable] = []
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
            twins.append(table)
            continue
        tables.append(table)
        grids[sheet.name] = Grid(sheet)
        visible_of[sheet.name] = sheet.visible
    if wb.ignored_sheets:
        wb.findings.append(Finding(rule_id="F-008", severity="info",
                                   message="以下工作表不是已知的决算表，已忽略：" + "、".join(wb.ignored_sheets)))
    return tables, grids, twins


def _department(wb: ParsedWorkbook, tables: list[LocatedTable], profile: dict[str, tuple[str, str]],
                ref: Reference) -> Department | None:
    coded = _coded_department(profile, ref)
    if coded:
        return coded
    names = [t.entity_text for t in tables if t.entity_text]
    if "dept_name" in profile:
        names.insert(0, profile["dept_name"][0])
    for name in names:
        dept = _known(name, ref)
        if dept:
            return dept
    return _department_from_path(wb.path, ref)


def _coded_department(profile: dict[str, tuple[str, str]], ref: Reference) -> Department | None:
    """The department of the 部门基本情况's code: from departments.csv, else as the sheet says."""
    code = re.sub(r"\s+", "", profile.get("dept_code", ("",))[0])
    if not code:
        return None
    known = ref.departments.get(code)
    if known:
        return known
    kind = _unit_kind(profile)
    return Department(code, profile.get("dept_name", (code,))[0], profile.get("region_code", ("",))[0],
                      profile.get("region_name", ("",))[0], kind,
                      profile.get("parent_dept_code", (None,))[0] if kind == "单位" else None)


def _known(name: str, ref: Reference) -> Department | None:
    return ref.find_department(_YEAR.sub("", name).replace("年度", ""))


# --- identity confusion: every place that names the department must name the same one --------

@dataclass(frozen=True)
class _Naming:
    """One place in the workbook that names the reporting department."""
    where: str  # for people: 「支出决算表」表头, 部门基本情况的单位编码 …
    text: str  # as written
    dept: Department | None  # whom it names, when that can be told


def _identity_conflict(tables: list[LocatedTable], profile: dict[str, tuple[str, str]],
                       ref: Reference) -> tuple[str, str] | None:
    """(rule, message) when the workbook names two departments; never a silent mix.

    F-012: the tables' header lines (部门：…) name different departments. F-013: the 部门基本情况's
    code and name disagree, or name another department than the header lines. A department and
    its own 单位 are not a conflict (a unit's 自评表 names its 主管部门).
    """
    coded = _coded_department(profile, ref)
    named = profile.get("dept_name", ("",))[0]
    own = [_Naming("部门基本情况的单位编码", coded.dept_code, coded)] if coded else []
    if named:
        own.append(_naming("部门基本情况的单位名称", named, coded, ref))
    heads = [_naming(f"「{t.sheet}」表头", t.entity_text, coded, ref) for t in tables if t.entity_text]
    # The tables among themselves, the profile within itself, then the profile against the tables.
    for group, rule in ((heads, "F-012"), (own, "F-013"), (own[:1] + heads, "F-013")):
        clash = next(((a, b) for i, a in enumerate(group) for b in group[i + 1:] if not _same(a, b, ref)), None)
        if clash:
            a, b = clash
            what = "各表表头的部门不一致" if rule == "F-012" else "部门基本情况与其他地方所写的部门不一致"
            return rule, (f"{what}：{a.where}为“{_shown(a)}”，{b.where}为“{_shown(b)}”；"
                          "无法确定工作簿属于哪个部门，请核对后重新报送")
    return None


def _naming(where: str, text: str, coded: Department | None, ref: Reference) -> _Naming:
    """`text` resolved by departments.csv, else to the profile's department when it can be that one."""
    dept = _known(text, ref) or (coded if coded and _related_text(text, coded, ref) else None)
    return _Naming(where, text, dept)


def _same(a: _Naming, b: _Naming, ref: Reference) -> bool:
    if a.dept and b.dept:
        return _related(a.dept, b.dept)
    known = a.dept or b.dept
    if known:
        return _related_text((b if a.dept else a).text, known, ref)
    return _contains(norm(a.text), norm(b.text))


def _related(a: Department, b: Department) -> bool:
    """The same department, or a department and one of its own 单位."""
    return a.dept_code == b.dept_code or a.parent_dept_code == b.dept_code or b.parent_dept_code == a.dept_code


def _related_text(text: str, dept: Department, ref: Reference) -> bool:
    """Whether `text` (a name not in departments.csv) can be `dept`: one holds the other."""
    names = [norm(dept.dept_name)] + [alias for alias, code in ref.dept_by_name.items() if code == dept.dept_code]
    return any(_contains(norm(text), name) for name in names)


def _contains(a: str, b: str) -> bool:
    return a in b or b in a


def _shown(n: _Naming) -> str:
    if n.dept and n.text == n.dept.dept_code:
        return f"{n.text}（{n.dept.dept_name}）"
    return n.text


def _check_file_name(wb: ParsedWorkbook, ref: Reference) -> None:
    """F-014: a file name naming another department or year than the workbook's content.

    The content decides the identity; the mismatch is an error for people to look at (the file
    may have been sent for the wrong department or year, or the right one may be missing).
    """
    name = os.path.basename(wb.path)
    codes = {c for c in _CODE.findall(name) if c in ref.departments}
    named = ref.departments[codes.pop()] if len(codes) == 1 else _department_from_path(name, ref)
    if named and wb.department and not _related(named, wb.department):
        wb.findings.append(Finding(
            rule_id="F-014", severity="error", expected=wb.department.dept_code, actual=named.dept_code,
            message=f"文件名中的部门“{named.dept_name}”与工作簿内容的部门“{wb.department.dept_name}”不一致；"
                    "已按内容入库，请核对是否报送错了文件"))
    years = {int(y) for y in _NAMED_YEAR.findall(name)}
    if len(years) == 1 and wb.fiscal_year not in years:
        year = years.pop()
        wb.findings.append(Finding(
            rule_id="F-014", severity="error", expected=str(wb.fiscal_year), actual=str(year),
            message=f"文件名中的年度 {year} 与工作簿内容的年度 {wb.fiscal_year} 不一致；已按内容入库，请核对是否报送错了文件"))


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


def _year(wb: ParsedWorkbook, tables: list[LocatedTable],
          profile: tuple[LocatedTable, dict[str, tuple[str, str]]] | None) -> int | None:
    """The 部门基本情况's year, else the tables' most frequent one, else the file name's. Any two
    of the profile and the tables disagreeing is F-010, saying which sheet says which year."""
    stated = [(f"「{t.sheet}」", sorted(set(t.years))) for t in tables if t.years]
    m = _YEAR.search(profile[1].get("fiscal_year", ("",))[0]) if profile else None
    if m:
        stated.insert(0, (f"「{profile[0].sheet}」的决算年度", [int(m.group(1))]))
    years = Counter(y for _, ys in stated for y in ys)
    chosen = int(m.group(1)) if m else years.most_common(1)[0][0] if years else None
    if len(years) > 1:
        wb.findings.append(Finding(
            rule_id="F-010", severity="error", expected=str(chosen), actual=",".join(map(str, sorted(years))),
            message="各表的年度不一致：" + "，".join(where + "、".join(f"{y}年" for y in ys) for where, ys in stated)
                    + f"；按 {chosen} 年入库"))
    if chosen is not None:
        return chosen
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
