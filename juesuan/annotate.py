"""The workbook a finance office sends back: a copy with every finding's cell filled and
commented in Chinese (rule, expected, actual), plus a 校验结果 sheet listing every finding.

Values, formulas, merged cells and number formats of the input are kept. A `.xls` input (read
with xlrd: values, merged cells, number formats, widths; xlrd gives no formulas, so formula
cells keep their last computed value) becomes `.xlsx`. Text from the input is always written
as text: a cell reading `=…`, `+…`, `-…` or `@…` never becomes a formula.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .model import Finding
from .validate.roots import parse_root

AUTHOR = "juesuan 校验"
SUMMARY_SHEET = "校验结果"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_RANK = {"error": 3, "warning": 2, "info": 1}
FILLS = {  # one fill per severity: red, amber, blue (Excel's own "bad" / "neutral" / note tints)
    "error": PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE"),
    "warning": PatternFill(fill_type="solid", start_color="FFFFEB9C", end_color="FFFFEB9C"),
    "info": PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7"),
}
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped from copied text.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_A1 = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


@dataclass
class _Problem:
    """One root cell and the findings it explains."""
    sheet: str
    cell: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: _RANK.get(s, 0))


def put_text(cell: Cell, text: str) -> None:
    """Text as text, never a formula (openpyxl treats a str starting with '=' as one)."""
    cell.value = _ILLEGAL.sub("", text)
    cell.data_type = "s"


# --- reading ------------------------------------------------------------------------------------

def _from_xls(path: Path) -> Workbook:
    import xlrd
    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    out = Workbook()
    out.remove(out.active)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        ws = out.create_sheet(sheet.name)
        ws.sheet_state = {0: "visible", 1: "hidden", 2: "veryHidden"}.get(sheet.visibility, "visible")
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                _copy_xls_cell(book, sheet, r, c, ws.cell(row=r + 1, column=c + 1))
        for r0, r1, c0, c1 in sheet.merged_cells:  # xlrd: half-open ranges
            if (r1 - r0) * (c1 - c0) > 1:
                ws.merge_cells(start_row=r0 + 1, end_row=r1, start_column=c0 + 1, end_column=c1)
        for c, info in sheet.colinfo_map.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = info.width / 256
        for r, info in sheet.rowinfo_map.items():
            if info.height:
                ws.row_dimensions[r + 1].height = info.height / 20
        book.unload_sheet(index)
    return out


def _copy_xls_cell(book, sheet, r: int, c: int, cell: Cell) -> None:
    import xlrd
    kind = sheet.cell_type(r, c)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return
    value = sheet.cell_value(r, c)
    if kind == xlrd.XL_CELL_TEXT:
        put_text(cell, value)
    elif kind == xlrd.XL_CELL_BOOLEAN:
        cell.value = bool(value)
    elif kind == xlrd.XL_CELL_ERROR:
        cell.value = xlrd.error_text_from_code.get(value, "#N/A")
        cell.data_type = "e"
    else:  # numbers and dates: the stored double, shown through the cell's own number format
        cell.value = value
        xf = book.xf_list[sheet.cell_xf_index(r, c)]
        fmt = book.format_map.get(xf.format_key)
        if fmt is not None and fmt.format_str and fmt.format_str != "General":
            cell.number_format = fmt.format_str


def _open(path: Path) -> Workbook:
    if path.suffix.lower() == ".xls":
        return _from_xls(path)
    return openpyxl.load_workbook(path)


# --- marking ------------------------------------------------------------------------------------

def _problems(findings: Iterable[Finding]) -> list[_Problem]:
    """Failing findings with a cell, grouped by root cell (their own cell when they have none)."""
    groups: dict[tuple[str, str], _Problem] = {}
    for f in findings:
        if f.outcome != "fail" or not f.sheet or not f.cell:
            continue
        sheet, cell = parse_root(f.root_cell, f.sheet) if f.root_cell else (f.sheet, f.cell)
        groups.setdefault((sheet, cell), _Problem(sheet, cell)).findings.append(f)
    return list(groups.values())


def _line(f: Finding) -> str:
    text = f"[{f.rule_id} {SEVERITY_ZH.get(f.severity, f.severity)}] {f.message}"
    if f.expected is not None or f.actual is not None:
        text += f"；应为 {f.expected if f.expected is not None else '—'}，实为 {f.actual if f.actual is not None else '—'}"
    return text


def _target(ws: Worksheet, ref: str) -> Cell | None:
    """The cell to mark: the top-left cell of a merged range holding `ref`."""
    if not _A1.match(ref):
        return None
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return ws.cell(row=rng.min_row, column=rng.min_col)
    return ws[ref]


def _mark(cell: Cell, severity: str, text: str) -> None:
    cell.fill = FILLS.get(severity, FILLS["info"])
    if cell.comment is not None:
        text = cell.comment.text.rstrip() + "\n——\n" + text
    comment = Comment(text, AUTHOR)
    comment.width = 360
    comment.height = min(600, 40 + 18 * (text.count("\n") + 1 + len(text) // 28))
    cell.comment = comment


def _elsewhere(f: Finding, problem: _Problem) -> str:
    """Where a finding of the group is anchored, when not at the root cell."""
    if (f.sheet, f.cell) == (problem.sheet, problem.cell):
        return ""
    return f"（{f.cell}）" if f.sheet == problem.sheet else f"（{f.sheet}!{f.cell}）"


def _mark_problem(wb: Workbook, problem: _Problem) -> set[tuple[str, str]]:
    marked: set[tuple[str, str]] = set()
    if problem.sheet in wb.sheetnames and (root := _target(wb[problem.sheet], problem.cell)) is not None:
        lines = [_line(f) + _elsewhere(f, problem) for f in problem.findings]
        head = f"校验发现 {len(lines)} 条相关问题，多半由本格的数字引起：\n" if len(lines) > 1 else ""
        _mark(root, problem.severity, head + "\n".join(f"{i}. {t}" if head else t for i, t in enumerate(lines, 1)))
        marked.add((problem.sheet, root.coordinate))
    for f in problem.findings:
        if (f.sheet, f.cell) == (problem.sheet, problem.cell) or f.sheet not in wb.sheetnames:
            continue
        cell = _target(wb[f.sheet], f.cell)
        if cell is not None and (f.sheet, cell.coordinate) not in marked:
            where = problem.cell if f.sheet == problem.sheet else f"{problem.sheet}!{problem.cell}"
            _mark(cell, f.severity, f"{_line(f)}\n（与 {where} 的问题相关，见该格批注）")
            marked.add((f.sheet, cell.coordinate))
    return marked


def _summary(wb: Workbook, findings: list[Finding]) -> None:
    name = SUMMARY_SHEET
    while name in wb.sheetnames:
        name += "_"
    ws = wb.create_sheet(name)
    header = ["规则", "级别", "工作表", "单元格", "说明", "应为", "实为", "同一问题（根单元格）"]
    for c, title in enumerate(header, 1):
        put_text(ws.cell(row=1, column=c), title)
    for r, f in enumerate(findings, 2):
        level = SEVERITY_ZH.get(f.severity, f.severity) if f.outcome == "fail" else "未执行"
        for c, value in enumerate([f.rule_id, level, f.sheet, f.cell, f.message, f.expected, f.actual,
                                   f.root_cell], 1):
            if value is not None:
                put_text(ws.cell(row=r, column=c), str(value))
        if f.outcome == "fail" and f.severity in FILLS:
            ws.cell(row=r, column=2).fill = FILLS[f.severity]
    for c, width in enumerate([9, 7, 28, 9, 70, 14, 14, 16], 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    # The copy opens on this list; only one tab selected, or Excel groups the sheets.
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = ws


def annotate(src_path: str | Path, out_path: str | Path, findings: Iterable[Finding]) -> int:
    """Write the annotated copy of `src_path` to `out_path` (.xlsx); return the cells marked."""
    src, out = Path(src_path), Path(out_path)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"the annotated copy is written as .xlsx, not {out.suffix or 'no suffix'}")
    findings = list(findings)
    wb = _open(src)
    marked: set[tuple[str, str]] = set()
    for problem in _problems(findings):
        marked |= _mark_problem(wb, problem)
    _summary(wb, findings)
    wb.save(out)
    return len(marked)
