"""The analysts' views on the golden store, compared exactly with tests/golden/*.csv.

Each CSV holds a view's rows in key order, amounts and ratios written as the store holds them
(DECIMAL text), NULL as an empty field. The figures are worked out in tests/golden/README.md.
After a deliberate change, rewrite the files with JUESUAN_UPDATE_GOLDEN=1 and review the diff.
"""
from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest

from .golden.store import build_store

GOLDEN = Path(__file__).parent / "golden"

# view → its key columns (the order of the expected rows)
VIEWS = {
    "v_dept_year": ["dept_code", "fiscal_year"],
    "v_dept_yoy": ["dept_code", "fiscal_year"],
    "v_function_yoy": ["dept_code", "fiscal_year", "func_code"],
    "v_region_function_yoy": ["region_code", "fiscal_year", "func_code"],
    "v_region_year": ["region_code", "fiscal_year"],
    "v_dept_ratios": ["dept_code", "fiscal_year"],
    "v_peer_rank": ["dept_code", "fiscal_year", "metric"],
    "v_dept_indicator": ["dept_code", "fiscal_year", "row_no"],
    "v_dept_outcome": ["dept_code", "fiscal_year"],
    "v_dept_fund": ["dept_code", "fiscal_year", "fund"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    con = build_store(tmp_path_factory.mktemp("golden") / "golden.duckdb")
    yield con
    con.close()


def as_csv(con, view: str, keys: list[str]) -> str:
    cursor = con.execute(f"SELECT * FROM {view} ORDER BY {', '.join(keys)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([d[0] for d in cursor.description])
    for row in cursor.fetchall():
        writer.writerow([_text(v) for v in row])
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("view", VIEWS)
def test_view_matches_golden_csv(store, view):
    got = as_csv(store, view, VIEWS[view])
    path = GOLDEN / f"{view}.csv"
    if os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_no_view_returns_a_float(store):
    types = store.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_name LIKE 'v\\_%' ESCAPE '\\' AND (data_type IN ('DOUBLE', 'FLOAT', 'REAL')"
        " OR data_type LIKE 'DECIMAL%' AND data_type NOT IN ('DECIMAL(18,2)', 'DECIMAL(18,6)', 'DECIMAL(9,2)',"
        " 'DECIMAL(24,6)'))").fetchall()
    assert types == []


def test_amounts_are_yuan_and_ratios_have_six_decimals(store):
    columns = dict(store.execute(
        "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
        " WHERE table_name IN ('v_dept_year', 'v_dept_ratios', 'v_peer_rank')").fetchall())
    assert columns["v_dept_year.total_expenditure"] == "DECIMAL(18,2)"
    assert columns["v_dept_year.total_expenditure_wan"] == "DECIMAL(18,6)"
    assert columns["v_dept_ratios.project_share"] == "DECIMAL(18,6)"
    assert columns["v_peer_rank.percentile"] == "DECIMAL(18,6)"


def test_contract_columns_are_exact(store):
    """warehouse.md, "Views": the column names analysts rely on."""
    amounts = ["total_income", "total_expenditure", "basic_expenditure", "project_expenditure",
               "personnel_expenditure", "running_expenditure", "three_public_actual", "three_public_budget"]
    headline = amounts + ["staff_in_service", "self_score"]
    expected = {
        "v_dept_year": ["dept_code", "dept_name", "region_code", "fiscal_year", *amounts, "staff_in_service",
                        "self_score", "grade", "error_count", "warning_count", *(f"{m}_wan" for m in amounts)],
        "v_dept_yoy": ["dept_code", "dept_name", "fiscal_year",
                       *(c for m in headline for c in (m, f"{m}_prev", f"{m}_change", f"{m}_change_pct"))],
        "v_function_yoy": ["dept_code", "fiscal_year", "func_code", "func_name", "amount", "amount_prev",
                           "change", "change_pct"],
        "v_region_function_yoy": ["region_code", "fiscal_year", "func_code", "func_name", "amount",
                                  "amount_prev", "change", "change_pct"],
        "v_dept_ratios": ["dept_code", "dept_name", "region_code", "fiscal_year", "personnel_share_of_basic",
                          "project_share", "expenditure_per_staff", "running_per_staff", "three_public_per_staff",
                          "three_public_execution", "budget_execution_rate", "indicators_total",
                          "indicators_numeric", "indicators_met", "indicator_completion_rate", "score_recomputed",
                          "score_gap"],
        "v_peer_rank": ["dept_code", "fiscal_year", "region_code", "metric", "value", "rank", "percentile",
                        "peer_median", "mad_distance", "is_outlier"],
    }
    for view, columns in expected.items():
        assert [d[0] for d in store.execute(f"SELECT * FROM {view} LIMIT 0").description] == columns, view


def test_thresholds_are_data(store):
    """Raising the MAD multiple above the outlier's distance (22.571429) clears its flag."""
    query = ("SELECT is_outlier FROM v_peer_rank WHERE dept_code = '700' AND fiscal_year = 2024"
             " AND metric = 'expenditure_per_staff'")
    assert store.execute(query).fetchone() == (True,)
    store.execute("UPDATE metric_setting SET value = 23 WHERE name = 'outlier_mad_multiple'")
    try:
        assert store.execute(query).fetchone() == (False,)
    finally:
        store.execute("UPDATE metric_setting SET value = 3 WHERE name = 'outlier_mad_multiple'")


def test_exact_division_rounds_half_to_even(store):
    rows = store.execute(
        "SELECT ratio(1, 2000000), ratio(3, 2000000), ratio(-5, 2000000), ratio(2, 3), ratio(1, 0),"
        " money_ratio(0.05, 2), money_ratio(0.15, 2)").fetchone()
    assert rows == (Decimal("0.000000"), Decimal("0.000002"), Decimal("-0.000002"), Decimal("0.666667"), None,
                    Decimal("0.02"), Decimal("0.08"))


def test_every_view_and_column_is_documented(store):
    import yaml
    from importlib.resources import files
    doc = yaml.safe_load(files("juesuan.schemas").joinpath("views.yaml").read_text("utf-8"))
    views = {name for (name,) in store.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\'").fetchall()}
    assert views == set(doc["views"])
    for view, spec in doc["views"].items():
        actual = [d[0] for d in store.execute(f"SELECT * FROM {view} LIMIT 0").description]
        named = [c for c in spec["columns"] if not c.startswith("<")]
        assert [c for c in actual if c in named] == named, view
        patterns = [c for c in spec["columns"] if c.startswith("<")]
        undocumented = [c for c in actual if c not in named]
        assert not undocumented or patterns, (view, undocumented)
