"""Reports beside real workbooks (the demo's seed department) in a real DuckDB store."""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from juesuan.demo import Style, seed_figures_2023, seed_figures_2023_corrected, write_workbook
from juesuan.demo.figures import SEED_DEPT_CODE, figures_for
from juesuan.model import Department, ParsedWorkbook
from juesuan.narrative import (
    disagreements, known_reports, process_reports, refresh_reports, write_reports, year_from_store,
    year_from_workbook,
)
from juesuan.parse import parse_one
from juesuan.refdata import load_reference
from juesuan.store.facts import fact_schemas
from juesuan.store.load import load_batch
from juesuan.store.migrate import migrate
from juesuan.store.reference import load_reference as load_reference_tables

from .narrative_fixtures import CLAIMS_REPORT, REPORT_2023, T4, T6, T7, entry

DEPT: Department = load_reference().departments[SEED_DEPT_CODE]
EXPECTED_2023 = [("N-011", "fail", T6, "F19"), ("N-016", "not_evaluated", T7, "B7"), ("N-012", "fail", T4, "E9")]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, ParsedWorkbook]:
    """The seed department's two 2023 workbooks (as filed, corrected) and a 2022 one without 三公."""
    folder = tmp_path_factory.mktemp("inbox")
    figures = {"as_filed": seed_figures_2023(), "corrected": seed_figures_2023_corrected(),
               "2022": figures_for(DEPT, 2022, random.Random(7))}
    parsed = {}
    for name, fig in figures.items():
        path = folder / f"{fig.fiscal_year}年度行政审批服务局决算_{name}.xlsx"
        write_workbook(fig, Style(), path)
        parsed[name] = parse_one(entry(path))
        assert not parsed[name].rejected and parsed[name].department.dept_code == SEED_DEPT_CODE
    return parsed


@pytest.fixture
def store(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    migrate(con)
    load_reference_tables(con)
    yield con
    con.close()


def load(con, run_id: str, *wbs: ParsedWorkbook) -> None:
    assert {s for _, s, _ in load_batch(con, run_id, list(wbs))} == {"loaded"}


def brief(report):
    return [(f.rule_id, f.outcome, f.sheet, f.cell) for f in report.findings]


def test_the_report_tables_suit_the_fact_loader(store):
    schemas = fact_schemas(store)  # raises on a column type the loader cannot carry
    assert {"fct_report_section", "fct_report_claim"} <= set(schemas)
    assert store.execute("SELECT name FROM schema_version WHERE version = 2").fetchone() == ("narrative",)


@pytest.mark.parametrize("which", ["as_filed", "corrected"])
def test_figures_read_from_the_store_equal_those_of_the_workbook(store, workbooks, which):
    load(store, "r1", workbooks[which])
    stored = year_from_store(store, SEED_DEPT_CODE, 2023)
    assert stored.values == year_from_workbook(workbooks[which]).values
    assert len(stored.values) == 23  # every quantity of the patterns has its table figure
    assert year_from_store(store, SEED_DEPT_CODE, 2022) is None


def test_figures_need_only_a_read_only_connection(tmp_path, workbooks):
    path = tmp_path / "published.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    load(con, "r1", workbooks["corrected"])
    con.close()
    with duckdb.connect(str(path), read_only=True) as published:
        [report] = process_reports([entry(REPORT_2023)], store=published)
    assert brief(report) == EXPECTED_2023


@pytest.mark.parametrize("which", ["as_filed", "corrected"])
def test_seed_figures_beside_either_seed_workbook(store, workbooks, which):
    # `juesuan check`: the workbook of the same batch, nothing stored
    [report] = process_reports([entry(REPORT_2023)], workbooks=[workbooks[which]])
    assert brief(report) == EXPECTED_2023
    assert report.compared_with == workbooks[which].path
    # `juesuan load`: the store, first without last year, then with it
    load(store, "r1", workbooks[which])
    [report] = process_reports([entry(REPORT_2023)], store=store)
    assert brief(report) == EXPECTED_2023
    load(store, "r2", workbooks["2022"])
    [report] = process_reports([entry(REPORT_2023)], store=store)
    assert brief(report) == [("N-011", "fail", T6, "F19"), ("N-016", "fail", T7, "B7"), ("N-012", "fail", T4, "E9")]
    assert report.findings[1].message == "报告称三公经费较上年减少，但决算表本年 0.00万元、上年 0.00万元，实为持平"


def test_stored_report_sections_claims_and_what_disagrees(store, workbooks):
    load(store, "r1", workbooks["as_filed"])
    reports = process_reports([entry(REPORT_2023)], store=store)
    assert write_reports(store, "r1", reports, now=datetime(2024, 5, 1)) == [(str(REPORT_2023), "flagged", "")]
    doc = store.execute("SELECT dept_code, fiscal_year, format, encoding, status, is_current, claim_count,"
                        " error_count, compared_with FROM report_document").fetchall()
    assert doc == [(SEED_DEPT_CODE, 2023, "txt", "utf-8", "flagged", True, 20, 2, workbooks["as_filed"].path)]
    sections = store.execute("SELECT section_key, ordinal FROM fct_report_section ORDER BY ordinal").fetchall()
    assert [k for k, _ in sections] == ["preamble", "overview", "finance", "performance_goals", "evaluation_work",
                                        "evaluation_result", "overall_performance", "problems", "suggestions"]
    problems = store.execute("SELECT text FROM fct_report_section WHERE section_key = 'problems'").fetchone()[0]
    assert problems.startswith("部分业务系统之间数据尚未完全打通")
    claims = store.execute(
        "SELECT quantity, number_text, unit, value, amount_yuan, outcome, rule_id, table_value, src_sheet, src_cell"
        " FROM fct_report_claim WHERE quantity = 'running'").fetchall()
    assert [tuple(map(str, c)) for c in claims] == [
        ("running", "21.4", "元", "21.400000", "21.40", "unit_slip", "N-011", "21.40万元", T6, "F19")]
    outcomes = dict(store.execute("SELECT outcome, count(*) FROM fct_report_claim GROUP BY ALL").fetchall())
    assert outcomes == {"match": 18, "unit_slip": 1, "not_evaluated": 1}
    shown = disagreements(store, 2023)
    assert [(r["dept_name"], r["rule_id"], r["report_section"], r["sheet"], r["cell"]) for r in shown] == [
        (DEPT.dept_name, "N-011", "二、部门财务情况", T6, "F19"), (DEPT.dept_name, "N-012", "二、部门财务情况", T4, "E9")]
    assert disagreements(store, 2022) == []
    assert known_reports(store, [reports[0].sha256, "0" * 64]) == {reports[0].sha256}


def test_a_newer_report_of_the_department_year_becomes_current(store, tmp_path):
    later = tmp_path / "自评报告_修订.txt"
    revised = REPORT_2023.read_text("utf-8").replace("日常公用经费为21.4元", "日常公用经费为21.40万元")
    later.write_text(revised, encoding="utf-8")
    first = process_reports([entry(REPORT_2023)], store=store)
    write_reports(store, "r1", first)
    second = process_reports([entry(later), entry(later), entry(REPORT_2023)], store=store)
    statuses = write_reports(store, "r2", second)  # the same bytes twice, and bytes stored before
    assert [s for _, s, _ in statuses] == ["loaded", "unchanged", "unchanged"]
    current = store.execute("SELECT file_name FROM report_document WHERE is_current").fetchall()
    assert current == [("自评报告_修订.txt",)]


def test_a_report_read_again_when_its_tables_arrive(store, workbooks):
    reports = process_reports([entry(REPORT_2023)], store=store)
    assert [f.rule_id for f in reports[0].findings] == ["N-005"]
    write_reports(store, "r1", reports)
    assert store.execute("SELECT DISTINCT outcome FROM fct_report_claim").fetchall() == [("not_evaluated",)]

    load(store, "r2", workbooks["corrected"])
    found = refresh_reports(store, "r2", [(SEED_DEPT_CODE, 2023)])
    assert [(f.rule_id, f.outcome) for f in found] == [("N-011", "fail"), ("N-016", "not_evaluated"), ("N-012", "fail")]
    assert store.execute("SELECT status, reconciled_run_id, error_count FROM report_document").fetchall() == [
        ("flagged", "r2", 2)]
    assert [r["rule_id"] for r in disagreements(store)] == ["N-011", "N-012"]

    load(store, "r3", workbooks["2022"])  # last year's tables decide this year's 较上年 claim
    found = refresh_reports(store, "r3", [(SEED_DEPT_CODE, 2022)])
    assert [(f.rule_id, f.outcome) for f in found] == [("N-011", "fail"), ("N-016", "fail"), ("N-012", "fail")]
    assert [r["rule_id"] for r in disagreements(store)] == ["N-011", "N-012", "N-016"]
    assert refresh_reports(store, "r3", [(SEED_DEPT_CODE, 2023)]) == []  # read in this run already


def test_unreadable_and_passed_over_files_leave_inbox_rows_and_findings(store, tmp_path):
    scanned = tmp_path / "2023年度区审计局自评报告.doc"
    scanned.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    note = tmp_path / "说明.txt"
    note.write_text("请按时报送。", encoding="utf-8")
    reports = process_reports([entry(scanned), entry(note), entry(CLAIMS_REPORT)], store=store)
    statuses = write_reports(store, "r1", reports)
    assert [s for _, s, _ in statuses] == ["rejected", "ignored", "loaded"]
    rows = store.execute("SELECT regexp_extract(path, '[^/]+$'), status FROM inbox_file ORDER BY 1").fetchall()
    assert sorted(rows) == sorted([(Path(p).name, s) for p, s, _ in statuses])
    findings = store.execute("SELECT rule_id, outcome, submission_id FROM finding ORDER BY rule_id").fetchall()
    # the audit bureau has no tables in this store: its figures are not evaluated, its unreadable ones listed
    assert findings == [("N-002", "fail", None), ("N-005", "not_evaluated", None)] + [("N-020", "fail", None)] * 4
    assert store.execute("SELECT count(*) FROM report_document").fetchone()[0] == 1
