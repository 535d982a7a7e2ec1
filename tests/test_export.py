"""`juesuan export`: a view or SELECT → .xlsx with Chinese headers, exact 万元, no formulas."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from juesuan.export import ExportError, export
from juesuan.query import QueryRefused

from .golden.store import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    con = build_store(tmp_path_factory.mktemp("export") / "golden.duckdb")
    yield con
    con.close()


def sheet_xml(path, index: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def test_a_view_gets_chinese_headers_wan_amounts_and_a_frozen_header(store, tmp_path):
    out = tmp_path / "dept.xlsx"
    assert export(store, "v_dept_year", out) == ["v_dept_year"]
    sheet = openpyxl.load_workbook(out)["v_dept_year"]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["单位编码", "单位名称", "行政区划代码", "年度", "本年收入合计（万元）", "本年支出合计（万元）"]
    assert not any(h.endswith("_wan") for h in headers)  # the 万元 twins would repeat the amounts
    assert sheet.freeze_panes == "A2"
    first = {h: c for h, c in zip(headers, sheet[2])}
    assert first["本年支出合计（万元）"].value == 100  # 甲局 2022: 1,000,000.00 yuan
    assert first["本年支出合计（万元）"].number_format == "#,##0.00"
    assert first["单位编码"].data_type == "s" and first["单位编码"].value == "100"


def test_amounts_are_exact_wan_with_no_float_on_the_way(store, tmp_path):
    out = tmp_path / "q.xlsx"
    export(store, "SELECT CAST(11303500.00 AS DECIMAL(18,2)) AS total_expenditure,"
                  " CAST(1234567.89 AS DECIMAL(18,2)) AS basic_expenditure,"
                  " CAST(0.123456 AS DECIMAL(18,6)) AS project_share", out)
    xml = sheet_xml(out)
    assert "<v>1130.35</v>" in xml and "<v>123.456789</v>" in xml and "<v>0.123456</v>" in xml
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["本年支出合计（万元）", "基本支出（万元）", "项目支出占比"]
    assert sheet["C2"].number_format == "0.00%"


def test_text_that_looks_like_a_formula_stays_text(store, tmp_path):
    out = tmp_path / "inject.xlsx"
    export(store, "SELECT * FROM (VALUES ('=1+1'), ('+SUM(A1)'), ('-2'), ('@cmd'), ('正常')) t(dept_name)", out)
    sheet = openpyxl.load_workbook(out).active
    values = [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2)]
    assert values == [("=1+1", "s"), ("+SUM(A1)", "s"), ("-2", "s"), ("@cmd", "s"), ("正常", "s")]
    assert "<f>" not in sheet_xml(out)


def test_one_sheet_per_year(store, tmp_path):
    out = tmp_path / "years.xlsx"
    assert export(store, "v_dept_ratios", out, by_year=True) == ["2022年", "2023年", "2024年"]
    book = openpyxl.load_workbook(out)
    assert [book[s].max_row - 1 for s in book.sheetnames] == [3, 5, 6]
    assert all(book[s].freeze_panes == "A2" for s in book.sheetnames)


def test_by_year_needs_a_year_column(store, tmp_path):
    with pytest.raises(ExportError, match="fiscal_year"):
        export(store, "SELECT 1 AS a", tmp_path / "x.xlsx", by_year=True)


def test_unknown_view_and_non_select_are_refused(store, tmp_path):
    with pytest.raises(ExportError, match="v_nothing"):
        export(store, "v_nothing", tmp_path / "x.xlsx")
    with pytest.raises(QueryRefused):
        export(store, "DELETE FROM submission", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_booleans_read_as_chinese(store, tmp_path):
    out = tmp_path / "b.xlsx"
    export(store, "SELECT dept_code, grade_consistent FROM v_dept_outcome WHERE grade_consistent IS NOT NULL"
                  " ORDER BY dept_code", out)
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet["B"]][1:] == ["是", "否", "否"]
