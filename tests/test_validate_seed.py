"""The seed department's 2023 workbook: its real inconsistency, and nothing else.

T5's 合计 row prints 合计 1123.72 (the appropriation, as T4's general-budget column says) while
基本支出 286.95 + 项目支出 843.40 = 1130.35, and the class rows add up to 1130.35. Errors must
appear only on T5 and its pairing with T4, grouped under the T5 合计 cell, and the workbook must
load flagged (quarantined under --strict).
"""
from __future__ import annotations

from juesuan.store.connect import open_working
from juesuan.store.load import load_batch
from tests.test_validate_workbooks import books, built, cell_of, copy_of, errors, run  # noqa: F401 (fixtures)

T5 = "一般公共预算财政拨款支出决算表"


def _total_cell(wb) -> tuple[str, str]:
    return cell_of(wb, "fct_fiscal_expenditure", source_table="T5", level=0, kind="total")


def test_errors_only_on_t5_and_its_pairing_with_t4(books):
    seed = books["seed"]
    run(seed)
    found = errors(seed)
    assert found, "the seed's T5 inconsistency was not found"
    assert {f.sheet for f in found} == {T5}
    assert {f.rule_id for f in found} <= {"T5-001", "T5-002", "X-007", "X-008", "X-009", "X-015"}
    assert {f.rule_id for f in found} & {"X-007", "X-008"}, "the pairing with T4 must be reported"


def test_one_error_at_the_t5_total_with_both_sides(books):
    seed = books["seed"]
    run(seed)
    sheet, cell = _total_cell(seed)
    at_total = [f for f in errors(seed) if (f.sheet, f.cell) == (sheet, cell)]
    assert at_total
    assert {(f.expected, f.actual) for f in at_total} == {("1130.35", "1123.72")}
    assert "T5-001" in {f.rule_id for f in at_total}


def test_one_wrong_number_is_one_problem(books):
    seed = books["seed"]
    run(seed)
    _, cell = _total_cell(seed)
    assert {f.root_cell for f in errors(seed)} == {cell}
    assert len({f.rule_id for f in errors(seed)}) >= 3  # row identity, hierarchy, pairing with T4


def test_the_corrected_resubmission_is_clean(books):
    corrected = books["seed_corrected"]
    run(corrected)
    assert errors(corrected) == []


def test_the_seed_loads_flagged_and_is_quarantined_under_strict(built, tmp_path):
    for strict, status in ((False, "flagged"), (True, "quarantined")):
        seed = copy_of(built["seed"], f"strict-{strict}")
        run(seed)
        con = open_working(tmp_path / f"store-{strict}.duckdb")
        try:
            assert [s for _, s, _ in load_batch(con, "r1", [seed], strict=strict)] == [status]
            count = con.execute("SELECT error_count FROM submission").fetchone()[0]
            assert count == len(errors(seed))
        finally:
            con.close()
