"""Pass, fail and not evaluated; the rounding envelope in every unit; last year from the store."""
from __future__ import annotations

from decimal import Decimal

import duckdb

from juesuan.store.connect import open_working
from juesuan.store.load import load_batch
from juesuan.store.publish import publish
from juesuan.model import Finding
from juesuan.validate import catalogue, validate
from tests.builders import seed_like_workbook
from tests.test_validate_workbooks import (  # noqa: F401 (books, built: fixtures)
    WAN, books, built, cell_of, change, copy_of, errors, findings, parse, rows, run,
)

T4 = "fct_fiscal_expenditure"


def _bump_class_line(wb, yuan: str) -> tuple[str, str]:
    return change(wb, "fct_summary", by=Decimal(yuan), line_key="class")


# --- the rounding envelope ----------------------------------------------------------------------

def test_rounding_inside_the_envelope_is_no_finding_but_is_counted(books):
    wb = books["gov"]
    _bump_class_line(wb, "100.00")  # 0.01 万元: T1 and T3 disagree by one printed unit
    outcome = run(wb)
    assert findings(wb, "X-004") == [] and findings(wb, "T1-002") == []
    assert outcome.rounding_differences[wb.sha256] >= 2


def test_outside_the_envelope_the_rule_fails_in_the_sheets_unit(books):
    wb = books["gov"]
    sheet, cell = _bump_class_line(wb, "300.00")  # 0.03 万元 > (1 + 1) × 0.005
    run(wb)
    [f] = [f for f in findings(wb, "X-004") if f.cell == cell]
    assert (f.sheet, f.severity) == (sheet, "error")
    assert Decimal(f.actual) - Decimal(f.expected) == Decimal("0.03")
    assert len(f.actual.split(".")[1]) == 2  # the sheet prints 2 decimals of 万元


def test_four_decimal_sheets_have_a_narrower_envelope(books):
    wb, twin = books["four"], copy_of(books["four"], "two-yuan")
    _bump_class_line(wb, "1.00")  # 0.0001 万元 = the envelope (2 × 0.00005 万元)
    _, cell = _bump_class_line(twin, "2.00")
    run(wb, twin)
    assert findings(wb, "X-004") == []
    [f] = [f for f in findings(twin, "X-004") if f.cell == cell]
    assert Decimal(f.actual) - Decimal(f.expected) == Decimal("0.0002")
    assert len(f.expected.split(".")[1]) == 4


def test_yuan_sheets_compare_to_the_fen(books):
    wb, twin = books["yuan"], copy_of(books["yuan"], "two-fen")
    _bump_class_line(wb, "0.01")
    _, cell = _bump_class_line(twin, "0.02")
    run(wb, twin)
    assert findings(wb, "X-004") == []
    [f] = [f for f in findings(twin, "X-004") if f.cell == cell]
    assert Decimal(f.actual) - Decimal(f.expected) == Decimal("0.02")


def test_inequalities_hold_when_the_part_is_smaller(books):
    wb = books["gov"]  # T6 30217 and 30231 are below T7's 决算数: X-016 holds with room to spare
    run(wb)
    assert findings(wb, "X-016") == [] and findings(wb, "X-016", "not_evaluated") == []


# --- not evaluated: never a pass -------------------------------------------------------------------

def _drop_table(wb, kind: str) -> None:
    sheet = next(s.sheet for s in wb.sheets if s.table_kind == kind)
    wb.sheets = [s for s in wb.sheets if s.table_kind != kind]
    for cols in wb.facts.values():
        keep = [i for i, s in enumerate(cols.get("src_sheet", ())) if s != sheet]
        for name in cols:
            cols[name] = [cols[name][i] for i in keep]


def test_a_missing_table_means_not_evaluated_with_the_reason(books):
    wb = books["gov"]
    _drop_table(wb, "T8")
    run(wb)
    for rule_id in ("T8-001", "T8-002", "T8-003", "X-010", "X-012"):
        assert findings(wb, rule_id) == []
        [f] = findings(wb, rule_id, "not_evaluated")
        assert "政府性基金预算财政拨款收入支出决算表" in f.message and f.severity == catalogue().rule(rule_id).severity


def test_an_unreadable_cell_keeps_its_row_and_column_from_being_evaluated(books):
    wb = books["gov"]
    cols = wb.facts["fct_income"]
    i = rows(wb, "fct_income", level=3, source="other")[0]
    sheet, cell = cols["src_sheet"][i], cols["src_cell"][i]
    for name in cols:  # the parser reads no fact from a cell it cannot read ...
        del cols[name][i]
    wb.findings.append(Finding("C-001", "error", "“约12万”不是可读的金额", file=wb.path, sheet=sheet, cell=cell,
                               root_cell=cell, sha256=wb.sha256))  # ... and says so
    run(wb)
    assert findings(wb, "T2-001") == [] and findings(wb, "T2-002") == []
    row_rule = findings(wb, "T2-001", "not_evaluated")
    assert row_rule and cell in row_rule[0].message
    assert findings(wb, "T2-002", "not_evaluated")


def test_without_last_year_the_cross_year_rules_are_not_evaluated(books):
    wb = books["gov"]
    run(wb)
    for rule_id in ("Y-001", "Y-002"):
        [f] = findings(wb, rule_id, "not_evaluated")
        assert "2022" in f.message and f.severity == "warning"


# --- last year from the store (read only) --------------------------------------------------------

def _as_last_year(wb, this_year) -> None:
    wb.fiscal_year = this_year.fiscal_year - 1
    t1 = this_year.facts["fct_summary"]
    change(wb, "fct_summary", to=t1["amount"][t1["line_key"].index("opening_balance")], line_key="closing_balance")


def test_last_year_comes_from_the_store_which_is_only_read(built, tmp_path):
    this_year = copy_of(built["gov"], "2023")
    last_year = copy_of(built["gov"], "2022")
    _as_last_year(last_year, this_year)
    db = tmp_path / "store.duckdb"
    con = open_working(db)
    load_batch(con, "r1", [last_year])
    publish(con, db)
    store = duckdb.connect(str(db), read_only=True)
    try:
        twin = copy_of(this_year, "opening-off")
        sheet, cell = change(twin, "fct_summary", by=5 * WAN, line_key="opening_balance")
        validate([this_year, twin], store)
    finally:
        store.close()
    assert findings(this_year, "Y-001") == [] and findings(this_year, "Y-001", "not_evaluated") == []
    [f] = findings(twin, "Y-001")
    assert (f.sheet, f.cell, f.severity) == (sheet, cell, "warning")
    assert Decimal(f.actual) - Decimal(f.expected) == Decimal("5.00")


# --- what the parser rejects stays rejected ----------------------------------------------------------

def test_untrustworthy_workbooks_stay_rejected(tmp_path):
    no_unit = seed_like_workbook(tmp_path / "无单位.xlsx")
    import openpyxl
    book = openpyxl.load_workbook(no_unit)
    book["支出决算表"]["E2"] = None
    book.save(no_unit)
    no_t3 = seed_like_workbook(tmp_path / "缺表.xlsx")
    book = openpyxl.load_workbook(no_t3)
    del book["支出决算表"]
    book.save(no_t3)
    parsed = [parse(no_unit), parse(no_t3)]
    before = [list(wb.findings) for wb in parsed]
    validate(parsed)
    assert [wb.rejected for wb in parsed] == [True, True]
    assert [[f.rule_id for f in wb.findings] for wb in parsed] == [["F-006"], ["F-003"]]
    assert [wb.findings for wb in parsed] == before
