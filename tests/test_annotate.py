"""The annotated copy: every original value intact (read back with openpyxl and python-calamine),
every finding's cell filled and commented, and input text never turned into a formula."""
from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
import xlrd
import xlwt
from python_calamine import CalamineWorkbook

from juesuan.annotate import FILLS, SUMMARY_SHEET, annotate
from juesuan.demo.figures import seed_figures_2023
from juesuan.demo.layout import write_workbook
from juesuan.demo.style import Style
from juesuan.model import Finding
from juesuan.validate import validate
from juesuan.validate.roots import parse_root
from tests.test_validate_workbooks import parse

FORMULA_LIKE = ["=SUM(A1:A9)", "+86 0736", "-（无）", "@各单位"]


def _calamine(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _checked(src: Path, tmp_path: Path):
    wb = parse(src)
    validate([wb])
    out = tmp_path / (src.stem + "_批注.xlsx")
    marked = annotate(src, out, wb.findings)
    return wb, out, marked


def _assert_marked(out: Path, findings: list[Finding]) -> None:
    book = openpyxl.load_workbook(out)
    for f in findings:
        if f.outcome != "fail" or not f.cell:
            continue
        cell = book[f.sheet][f.cell]
        assert cell.fill.fgColor.rgb in {fill.fgColor.rgb for fill in FILLS.values()}, (f.rule_id, f.cell)
        assert cell.comment is not None and f.rule_id in cell.comment.text, (f.rule_id, f.cell)
        root_sheet, root = parse_root(f.root_cell, f.sheet)
        root_text = book[root_sheet][root].comment.text
        assert f.rule_id in root_text and f"应为 {f.expected}" in root_text and f"实为 {f.actual}" in root_text


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("annotate") / "2023年度行政审批服务局部门决算.xlsx"
    write_workbook(seed_figures_2023(), Style(), path)
    return path


def test_xlsx_values_formats_merges_kept_and_findings_marked(seed_file, tmp_path):
    wb, out, marked = _checked(seed_file, tmp_path)
    assert marked == 2  # the T5 合计 cell (root of three findings) and the 201 class cell
    before, after = openpyxl.load_workbook(seed_file), openpyxl.load_workbook(out)
    assert after.sheetnames == before.sheetnames + [SUMMARY_SHEET]
    assert after.active.title == SUMMARY_SHEET
    for ws in before.worksheets:
        twin = after[ws.title]
        assert {str(r) for r in twin.merged_cells.ranges} == {str(r) for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                copy = twin[cell.coordinate]
                assert (copy.value, copy.data_type, copy.number_format) == (cell.value, cell.data_type, cell.number_format)
    calamine_before, calamine_after = _calamine(seed_file), _calamine(out)
    for name, grid in calamine_before.items():
        assert calamine_after[name] == grid
    _assert_marked(out, wb.findings)


def test_one_problem_shows_once(seed_file, tmp_path):
    wb, out, _ = _checked(seed_file, tmp_path)
    errors = [f for f in wb.findings if f.severity == "error" and f.outcome == "fail"]
    roots = {f.root_cell for f in errors}
    assert len(roots) == 1
    sheet = errors[0].sheet
    comment = openpyxl.load_workbook(out)[sheet][roots.pop()].comment.text
    assert comment.startswith(f"校验发现 {len(errors)} 条相关问题")
    assert all(f.rule_id in comment for f in errors)


def test_xls_becomes_xlsx_with_values_merges_and_number_formats(tmp_path):
    src = tmp_path / "2023年度行政审批服务局部门决算.xls"
    write_workbook(seed_figures_2023(), Style(fmt="xls", thousands=True), src)
    wb, out, marked = _checked(src, tmp_path)
    assert marked >= 1
    old = xlrd.open_workbook(str(src), formatting_info=True)
    new = openpyxl.load_workbook(out)
    for sheet in old.sheets():
        ws = new[sheet.name]
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                value, kind = sheet.cell_value(r, c), sheet.cell_type(r, c)
                cell = ws.cell(row=r + 1, column=c + 1)
                if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                assert cell.value == value, (sheet.name, cell.coordinate)
                fmt = old.format_map[old.xf_list[sheet.cell_xf_index(r, c)].format_key].format_str
                if kind == xlrd.XL_CELL_NUMBER and fmt != "General":
                    assert cell.number_format == fmt
        merged = {(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells if (r1 - r0) * (c1 - c0) > 1}
        assert {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges} == merged
    _assert_marked(out, wb.findings)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    src = tmp_path / "文本.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "说明"
    for r, text in enumerate(FORMULA_LIKE, 1):
        ws.cell(row=r, column=1).value = text
        ws.cell(row=r, column=1).data_type = "s"
    ws["B1"] = "=1+1"  # a real formula stays one
    book.save(src)
    out = tmp_path / "文本_批注.xlsx"
    finding = Finding("C-007", "warning", FORMULA_LIKE[0], sheet="说明", cell="A1")
    annotate(src, out, [finding])
    again = openpyxl.load_workbook(out)
    for r, text in enumerate(FORMULA_LIKE, 1):
        cell = again["说明"].cell(row=r, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
    assert again["说明"]["B1"].data_type == "f"
    summary = again[SUMMARY_SHEET]
    assert all(c.data_type == "s" for row in summary.iter_rows() for c in row if c.value is not None)
    assert _calamine(out)["说明"][0][0] == FORMULA_LIKE[0]


def test_xls_text_that_looks_like_a_formula_stays_text(tmp_path):
    src = tmp_path / "文本.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("说明")
    for r, text in enumerate(FORMULA_LIKE):
        sheet.write(r, 0, text)
    book.save(str(src))
    out = tmp_path / "文本_批注.xlsx"
    annotate(src, out, [])
    again = openpyxl.load_workbook(out)["说明"]
    assert [(again.cell(row=r, column=1).value, again.cell(row=r, column=1).data_type)
            for r in range(1, len(FORMULA_LIKE) + 1)] == [(t, "s") for t in FORMULA_LIKE]


def test_the_copy_is_xlsx_and_the_source_is_untouched(seed_file, tmp_path):
    digest = hashlib.sha256(seed_file.read_bytes()).hexdigest()
    with pytest.raises(ValueError):
        annotate(seed_file, tmp_path / "out.xls", [])
    annotate(seed_file, tmp_path / "out.xlsx", [])
    assert hashlib.sha256(seed_file.read_bytes()).hexdigest() == digest
