"""The demo inbox through the real nightly flow into a real DuckDB file (loaded once per session)."""
from decimal import Decimal

import duckdb
import pytest

from juesuan.demo import write_demo_inbox
from juesuan.flows.nightly import nightly_load

SEED = "430703126"


@pytest.fixture(scope="session")
def demo_store(prefect_harness, tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    files = write_demo_inbox(root / "inbox")
    db = root / "warehouse.duckdb"
    summary = nightly_load(paths=[str(root / "inbox")], db=str(db))
    return files, db, summary, root


@pytest.fixture
def con(demo_store):
    c = duckdb.connect(str(demo_store[1]), read_only=True)
    yield c
    c.close()


def test_every_file_has_the_intended_outcome(demo_store, con):
    files, _, summary, _ = demo_store
    status = dict(con.execute("SELECT path, status FROM inbox_file").fetchall())
    for f in files:
        got = status[str(f.path)]
        if f.expect == "rejected":
            assert got == "rejected", f.path
        elif f.expect == "ignored":
            assert got == "ignored", f.path
        else:
            assert got in ("loaded", "flagged"), (f.path, got)
    readable = [f for f in files if f.expect in ("load", "flagged")]
    assert summary.loaded + summary.flagged == len(readable)
    assert summary.rejected == sum(f.expect == "rejected" for f in files)
    years = con.execute("SELECT fiscal_year, count(DISTINCT dept_code) FROM submission "
                        "WHERE is_current GROUP BY 1 ORDER BY 1").fetchall()
    assert [y for y, _ in years] == [2022, 2023, 2024] and all(n >= 30 for _, n in years)


def test_seed_department_2023_carries_the_seed_figures(con):
    row = con.execute(
        "SELECT total_income, total_expenditure, basic_expenditure, project_expenditure,"
        " personnel_expenditure, running_expenditure, three_public_actual, staff_in_service, self_score, grade"
        " FROM v_dept_year WHERE dept_code = ? AND fiscal_year = 2023", [SEED]).fetchone()
    assert row == (Decimal("11303500.00"), Decimal("11303500.00"), Decimal("2869500.00"), Decimal("8434000.00"),
                   Decimal("2655500.00"), Decimal("214000.00"), Decimal("0.00"), 18, Decimal("98.00"), "优秀")
    profile = con.execute(
        "SELECT admin_posts, institution_posts, retirees, internal_units, subordinate_units FROM fct_dept_profile"
        " JOIN submission USING (submission_id) WHERE is_current AND submission.dept_code = ?"
        " AND submission.fiscal_year = 2023", [SEED]).fetchone()
    assert profile == (8, 15, 5, 3, 2)


def test_the_corrected_resubmission_supersedes_the_first(con):
    subs = con.execute(
        "SELECT file_name, is_current, status FROM submission WHERE dept_code = ? AND fiscal_year = 2023"
        " ORDER BY file_mtime", [SEED]).fetchall()
    assert len(subs) == 2
    (first, first_current, first_status), (second, second_current, _) = subs
    assert "更正" in second and second_current and not first_current and first_status == "superseded"
    t5 = con.execute(
        "SELECT s.file_name, f.kind, f.amount FROM fct_fiscal_expenditure f JOIN submission s USING (submission_id)"
        " WHERE s.dept_code = ? AND s.fiscal_year = 2023 AND f.source_table = 'T5' AND f.level = 0", [SEED]).fetchall()
    by = {(("更正" in name), kind): amount for name, kind, amount in t5}
    assert by[(False, "total")] == Decimal("11237200.00") and by[(False, "project")] == Decimal("8434000.00")
    assert by[(True, "project")] == Decimal("8367700.00")
    assert by[(False, "basic")] + by[(False, "project")] == Decimal("11303500.00")


def test_units_are_kept_apart_from_their_department(con):
    units = con.execute("SELECT dept_code, unit_kind, parent_dept_code FROM dim_department"
                        " WHERE parent_dept_code = ? ORDER BY 1", [SEED]).fetchall()
    assert units == [("430703126001", "单位", SEED), ("430703126002", "单位", SEED)]
    loaded = con.execute("SELECT count(*) FROM submission WHERE dept_code IN ('430703126001', '430703126002')"
                         " AND fiscal_year = 2023").fetchone()[0]
    assert loaded == 2


def test_every_fact_points_at_its_source_cell(con):
    for table in ("fct_summary", "fct_income", "fct_expenditure", "fct_fiscal_expenditure", "fct_basic_by_econ"):
        missing = con.execute(f"SELECT count(*) FROM {table} WHERE src_sheet IS NULL OR src_cell IS NULL"
                              " OR NOT regexp_matches(src_cell, '^[A-Z]+[0-9]+$')").fetchone()[0]
        assert missing == 0, table


def test_a_second_run_with_no_new_files_loads_nothing(demo_store):
    files, db, first, root = demo_store
    again = nightly_load(paths=[str(root / "inbox")], db=str(db))
    assert again.loaded == again.flagged == 0
    assert again.unchanged == first.loaded + first.flagged


def test_the_seed_report_is_reconciled_with_the_tables(con):
    rows = con.execute(
        "SELECT rule_id, outcome, severity, report_section, sentence FROM finding"
        " WHERE rule_id LIKE 'N-%' AND outcome = 'fail' AND severity IN ('error', 'warning')"
        " AND file LIKE '%自评报告%' ORDER BY rule_id").fetchall()
    rules = [r[0] for r in rows]
    assert rules == ["N-011", "N-012", "N-016"], rows
    unit_slip = rows[0]
    assert "21.4元" in unit_slip[4] and unit_slip[3]
    claims = con.execute("SELECT count(*) FROM fct_report_claim").fetchone()[0]
    sections = con.execute("SELECT count(DISTINCT section_key) FROM fct_report_section").fetchone()[0]
    assert claims >= 15 and sections >= 6


def test_the_report_shows_the_report_claims_that_disagree(demo_store, tmp_path):
    from juesuan.report import render_report
    _, db, _, _ = demo_store
    c = duckdb.connect(str(db), read_only=True)
    try:
        html = render_report(c, 2023, tmp_path / "r.html").read_text("utf-8")
    finally:
        c.close()
    section = html.split("五、自评报告所述数字与决算表不符之处")[1].split("六、数据质量")[0]
    assert "21.4元" in section and "N-011" in section and "N-012" in section
