"""Benchmark of the analysts' views (not a timed test).

Builds a store of synthetic facts — by default 10 years × 10,000 departments (10 regions; one
unit in ten a 单位 under a 部门; some 机构改革 code changes) — inserted from Arrow tables, refreshes
the views, then times two typical analyst queries on every view: one department's (or region's)
history and one year's ranking. Prints the median of several runs; the goal is < 200 ms each.

    .venv/bin/python bench/bench_views.py [--departments 10000] [--years 10] [--runs 5] [--db PATH]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from juesuan.pipeline import refresh_views
from juesuan.store.connect import open_working

FIRST_YEAR = 2015
REGIONS = 10
CLASSES = ["201", "205", "208", "210", "212", "213"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="store to build (default: a temporary file)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench_views_"))
    db = Path(args.db) if args.db else folder / "bench.duckdb"
    con = open_working(db)
    started = time.perf_counter()
    rows = insert_facts(con, args.departments, args.years)
    print(f"facts: {rows:,} rows for {args.departments:,} departments × {args.years} years,"
          f" inserted in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    refresh_views(con)
    print(f"refresh_views: {time.perf_counter() - started:.2f} s")
    dept = dept_code(args.departments // 2)
    region = region_code(3)
    year = FIRST_YEAR + args.years - 1
    slow = 0
    for label, sql, params in queries(dept, region, year):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            con.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        median = statistics.median(times)
        slow += median >= 200
        print(f"{median:8.1f} ms  {label}")
    con.close()
    print("all under 200 ms" if not slow else f"{slow} queries at or over 200 ms")
    return 0


def queries(dept: str, region: str, year: int) -> list[tuple[str, str, list]]:
    return [
        ("v_dept_year: one department's history",
         "SELECT * FROM v_dept_year WHERE dept_code = ? ORDER BY fiscal_year", [dept]),
        ("v_dept_year: one year's ranking by expenditure",
         "SELECT dept_code, total_expenditure FROM v_dept_year WHERE fiscal_year = ?"
         " ORDER BY total_expenditure DESC LIMIT 50", [year]),
        ("v_dept_yoy: one department's history",
         "SELECT * FROM v_dept_yoy WHERE dept_code = ? ORDER BY fiscal_year", [dept]),
        ("v_dept_yoy: one year's fastest personnel growth",
         "SELECT dept_code, personnel_expenditure_change_pct FROM v_dept_yoy WHERE fiscal_year = ?"
         " ORDER BY personnel_expenditure_change_pct DESC NULLS LAST LIMIT 50", [year]),
        ("v_function_yoy: one department's history",
         "SELECT * FROM v_function_yoy WHERE dept_code = ? ORDER BY fiscal_year, func_code", [dept]),
        ("v_function_yoy: one year's ranking of 201 growth",
         "SELECT dept_code, change_pct FROM v_function_yoy WHERE fiscal_year = ? AND func_code = '201'"
         " ORDER BY change_pct DESC NULLS LAST LIMIT 50", [year]),
        ("v_region_function_yoy: one region's history",
         "SELECT * FROM v_region_function_yoy WHERE region_code = ? ORDER BY fiscal_year, func_code", [region]),
        ("v_region_function_yoy: one year, every region",
         "SELECT * FROM v_region_function_yoy WHERE fiscal_year = ? ORDER BY amount DESC", [year]),
        ("v_region_year: one region's history",
         "SELECT * FROM v_region_year WHERE region_code = ? ORDER BY fiscal_year", [region]),
        ("v_dept_ratios: one department's history",
         "SELECT * FROM v_dept_ratios WHERE dept_code = ? ORDER BY fiscal_year", [dept]),
        ("v_dept_ratios: one year's ranking of 三公 per staff",
         "SELECT dept_code, three_public_per_staff FROM v_dept_ratios WHERE fiscal_year = ?"
         " ORDER BY three_public_per_staff DESC NULLS LAST LIMIT 50", [year]),
        ("v_dept_outcome: one department's history",
         "SELECT * FROM v_dept_outcome WHERE dept_code = ? ORDER BY fiscal_year", [dept]),
        ("v_dept_outcome: one year's score gaps",
         "SELECT dept_code, score_gap FROM v_dept_outcome WHERE fiscal_year = ?"
         " ORDER BY abs(score_gap) DESC NULLS LAST LIMIT 50", [year]),
        ("v_dept_indicator: one department's history",
         "SELECT * FROM v_dept_indicator WHERE dept_code = ? ORDER BY fiscal_year, row_no", [dept]),
        ("v_dept_fund: one department's history",
         "SELECT * FROM v_dept_fund WHERE dept_code = ? ORDER BY fiscal_year, fund", [dept]),
        ("v_peer_rank: one department's history",
         "SELECT * FROM v_peer_rank WHERE dept_code = ? ORDER BY fiscal_year, metric", [dept]),
        ("v_peer_rank: one year's ranking in one region",
         "SELECT dept_code, value, rank, is_outlier FROM v_peer_rank WHERE fiscal_year = ? AND region_code = ?"
         " AND metric = 'expenditure_per_staff' ORDER BY rank", [year, region]),
        ("v_peer_rank: one year's outliers, every region",
         "SELECT * FROM v_peer_rank WHERE fiscal_year = ? AND is_outlier ORDER BY region_code, metric, rank",
         [year]),
    ]


def dept_code(i: int) -> str:
    return f"{430700 + i % REGIONS}{i:06d}"


def region_code(i: int) -> str:
    return str(430700 + i % REGIONS)


def insert_facts(con, departments: int, years: int) -> int:
    """Departments, submissions and every fact table the views read; returns the fact rows."""
    rng = np.random.default_rng(7)
    codes = [dept_code(i) for i in range(departments)]
    # one unit in ten is a 单位 of the department before it
    is_unit = np.array([i % 10 == 9 for i in range(departments)])
    parents = [codes[i - 1] if is_unit[i] else None for i in range(departments)]
    append(con, "dim_department", {
        "dept_code": codes, "dept_name": [f"部门{i}" for i in range(departments)],
        "region_code": [region_code(i) for i in range(departments)],
        "region_name": [f"区{i % REGIONS}" for i in range(departments)],
        "unit_kind": ["单位" if u else "部门" for u in is_unit], "parent_dept_code": parents})
    # a code change every 500 departments, half-way through the years
    changed = range(0, departments, 500)
    append(con, "map_department", {
        "old_dept_code": [codes[i] for i in changed], "new_dept_code": [codes[i] + "N" for i in changed],
        "from_year": [FIRST_YEAR + years // 2] * len(changed), "note": ["bench"] * len(changed)})
    dept_of, year_of = [], []
    for y in range(years):
        for i in range(departments):
            renamed = i % 500 == 0 and y >= years // 2
            dept_of.append(codes[i] + ("N" if renamed else ""))
            year_of.append(FIRST_YEAR + y)
    n = len(dept_of)
    sid = np.arange(1, n + 1)
    append(con, "submission", {
        "submission_id": sid, "dept_code": dept_of, "fiscal_year": year_of,
        "source_path": [f"inbox/{d}-{y}.xlsx" for d, y in zip(dept_of, year_of)],
        "file_name": [f"{d}-{y}.xlsx" for d, y in zip(dept_of, year_of)],
        "sha256": [f"{s:064x}" for s in sid], "run_id": ["bench"] * n,
        "loaded_at": pa.array([0] * n, pa.timestamp("us")), "status": ["loaded"] * n,
        "is_current": [True] * n, "error_count": rng.integers(0, 2, n), "warning_count": rng.integers(0, 3, n)})
    key = {"submission_id": sid, "dept_code": dept_of, "fiscal_year": year_of}
    basic = rng.integers(1_000_000, 50_000_000, n) * 100  # cents → DECIMAL(18,2)
    project = rng.integers(0, 80_000_000, n) * 100
    total = basic + project
    personnel = basic * 7 // 10
    rows = 0
    rows += append_long(con, "fct_summary", key, n, [
        dict(side="income", line_key="total_income", line_label="本年收入合计", amount=total),
        dict(side="expenditure", line_key="total_expenditure", line_label="本年支出合计", amount=total),
        *(dict(side="expenditure", line_key="class", line_label=f"类{c}", amount=total // len(CLASSES))
          for c in CLASSES)], is_blank=False)
    t3 = [dict(func_code=None, level=0, kind=k, amount=a)
          for k, a in (("total", total), ("basic", basic), ("project", project))]
    for c in CLASSES:
        share = total // len(CLASSES)
        for code, level in ((c, 1), (c + "01", 2), (c + "0101", 3), (c + "0102", 3)):
            part = share if level < 3 else share // 2
            t3 += [dict(func_code=code, level=level, kind="total", amount=part),
                   dict(func_code=code, level=level, kind="basic", amount=part // 3),
                   dict(func_code=code, level=level, kind="project", amount=part - part // 3)]
    rows += append_long(con, "fct_expenditure", key, n, t3, is_blank=False)
    t6 = [dict(econ_code=None, level=0, category="personnel", amount=personnel),
          dict(econ_code=None, level=0, category="running", amount=basic - personnel)]
    t6 += [dict(econ_code=f"301{k:02d}", level=2, category="personnel", amount=personnel // 8) for k in range(8)]
    t6 += [dict(econ_code=f"302{k:02d}", level=2, category="running", amount=(basic - personnel) // 4)
           for k in range(4)]
    rows += append_long(con, "fct_basic_by_econ", key, n, t6, is_blank=False)
    tp_budget = rng.integers(0, 100_000, n) * 100
    rows += append_long(con, "fct_three_public", key, n, [
        dict(item=item, budget=tp_budget // d, actual=tp_budget * 9 // 10 // d)
        for item, d in (("total", 1), ("outbound_travel", 4), ("vehicle_total", 2), ("reception", 4))])
    rows += append_long(con, "fct_dept_profile", key, n, [dict(staff_in_service=rng.integers(0, 200, n))])
    rows += append_long(con, "fct_self_evaluation", key, n, [
        dict(total_score=rng.integers(6000, 10000, n), grade="良", grade_band="良")])
    rows += append_long(con, "fct_budget_execution", key, n, [
        dict(fund_line="total", line_label="年度资金总额", full_year_budget=total,
             executed=total * 95 // 100, score=rng.integers(800, 1000, n), rate_denominator="full_year_budget")])
    rows += append_long(con, "fct_performance_indicator", key, n, [
        dict(row_no=k, level1="产出指标", level2="数量指标", indicator=f"指标{k}", target_text="≥100项",
             target_op="≥", target_value=10000, actual_text="120项", actual_value=rng.integers(8000, 15000, n),
             unit="项", weight=1000, score=rng.integers(500, 1000, n)) for k in range(1, 9)])
    rows += append_long(con, "fct_fiscal_expenditure", key, n, [
        dict(source_table="T4", func_code=None, level=0, fund=f, measure=m, kind="total",
             amount=total // 3 if f == "general_budget" else total // 50)
        for f in ("general_budget", "gov_fund") for m in ("income", "expenditure")], is_blank=False)
    return rows


# Scaled integer columns: money in cents, scores and indicator values in hundredths.
_SCALED = {"amount": 2, "budget": 2, "actual": 2, "full_year_budget": 2, "executed": 2, "total_score": 2,
           "score": 2, "weight": 2, "target_value": 2, "actual_value": 2}


def append_long(con, table: str, key: dict, n: int, rows: list[dict], **constant) -> int:
    """Each dict of `rows` is one fact row per submission: arrays of length n or constants."""
    columns: dict[str, list] = {}
    for row in rows:
        values = {**key, **constant, **row, "src_sheet": "S"}
        if table in ("fct_summary", "fct_expenditure", "fct_basic_by_econ", "fct_fiscal_expenditure"):
            values["src_cell"] = "A1"
        for name, value in values.items():
            array = value if isinstance(value, (list, np.ndarray)) else [value] * n
            columns.setdefault(name, []).append(array)
    table_data = {name: _column(name, parts) for name, parts in columns.items()}
    append(con, table, table_data)
    return len(rows) * n


def _column(name: str, parts: list) -> pa.Array:
    if name in _SCALED:
        return _decimal(np.concatenate([np.asarray(p, dtype=np.int64) for p in parts]), _SCALED[name])
    return pa.array([v for p in parts for v in (p.tolist() if isinstance(p, np.ndarray) else p)])


def _decimal(unscaled: np.ndarray, digits: int) -> pa.Array:
    """Exact decimals from their unscaled integers (Arrow stores a decimal as a 128-bit integer)."""
    words = np.column_stack([unscaled, unscaled >> 63]).astype("<i8")
    return pa.Array.from_buffers(pa.decimal128(18, digits), len(unscaled), [None, pa.py_buffer(words.tobytes())])


def append(con, table: str, data: dict) -> None:
    arrow = pa.table(data)
    con.register("_bench_rows", arrow)
    names = ", ".join(arrow.column_names)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _bench_rows")
    con.unregister("_bench_rows")


if __name__ == "__main__":
    sys.exit(main())
