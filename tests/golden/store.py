"""A hand-made store of one district: a few departments × 2022–2024, written with plain INSERTs.

The figures are chosen so every metric has a known answer (worked out in tests/golden/README.md):
- 100 甲局: three years; a superseded 2023 workbook that must never count; a 单位 100001 whose
  parent is present (shown, not added to the region); a flagged 2024 workbook.
- 200 乙局: 2022 and 2024 only (2024 YoY NULL); 2024 has zero staff, zero 三公 budget, zero
  execution budget and zero personnel + running (every such ratio NULL); its 单位 200001 counts
  in the region in 2023, when 200 is absent, and not in 2024.
- 300 丙局 and 310 丁局 merge into 400 戊局 from 2024 (机构改革); class 299 of 2023 becomes 210
  in 2024 (map_function_class).
- 600 己局 and 700 庚局: 2024 only, peers for the ranking (700 is the outlier).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from juesuan.pipeline import refresh_views
from juesuan.store.connect import open_working

REGION = ("430703", "鼎城区")

DEPARTMENTS = [
    ("100", "甲局", "部门", None),
    ("100001", "甲局机关服务中心", "单位", "100"),
    ("200", "乙局", "部门", None),
    ("200001", "乙局事务中心", "单位", "200"),
    ("300", "丙局", "部门", None),
    ("310", "丁局", "部门", None),
    ("400", "戊局", "部门", None),
    ("600", "己局", "部门", None),
    ("700", "庚局", "部门", None),
]
DEPARTMENT_CHANGES = [("300", "400", 2024, "丙局并入戊局"), ("310", "400", 2024, "丁局并入戊局")]
CLASS_CHANGES = [(2023, "299", 2024, "210", "测试用：旧科目 299 改为 210")]
CLASS_NAMES = {"201": "一般公共服务支出", "208": "社会保障和就业支出", "210": "卫生健康支出",
               "212": "城乡社区支出", "299": "旧科目"}


@dataclass
class Indicator:
    level2: str
    indicator: str
    target_text: str
    target_op: str | None
    target_value: str | None
    actual_text: str
    actual_value: str | None
    unit: str | None
    weight: str
    score: str


@dataclass
class Workbook:
    dept: str
    year: int
    income: str | None = None
    expenditure: str | None = None
    basic: str | None = None
    project: str | None = None
    classes: dict[str, str] = field(default_factory=dict)
    personnel: str | None = None
    running: str | None = None
    three_public: tuple[str, str] | None = None  # (budget, actual)
    staff: int | None = None
    self_score: str | None = None
    grade: tuple[str, str] | None = None  # (as written, band)
    execution: tuple[str, str, str | None, str | None] | None = None  # (全年预算数, 全年执行数, 得分, 执行率 as printed)
    indicators: list[Indicator] = field(default_factory=list)
    funds: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # fund → opening, income, exp, closing
    current: bool = True
    errors: int = 0
    warnings: int = 0


A_2023_INDICATORS = [
    Indicator("数量指标", "审批事项", "≥100项", "≥", "100", "120项", "120", "项", "20", "20"),
    Indicator("质量指标", "群众满意度", "≥95%", "≥", "95", "93%", "93", "%", "20", "15"),
    Indicator("时效指标", "办结时限", "按时完成", None, None, "按时完成", None, None, "20", "20"),
    Indicator("数量指标", "培训场次", "10个", "=", "10", "10件", "10", "个", "20", "18"),
]

WORKBOOKS = [
    Workbook("100", 2022, "1000000", "1000000", "600000", "400000", {"201": "800000", "208": "200000"},
             "500000", "100000", ("20000", "15000"), 10),
    Workbook("100", 2023, "9999999", "9999999", "9999999", "0", {"201": "9999999"}, "1", "1", ("1", "1"), 1,
             "10", ("差", "差"), current=False),
    Workbook("100", 2023, "1200000", "1100000", "660000", "440000", {"201": "900000", "208": "200000"},
             "540000", "120000", ("20000", "16000"), 11, "92", ("优秀", "优"), ("1000000", "980000", "9.8", "0.98"),
             A_2023_INDICATORS),
    Workbook("100", 2024, "1300000", "1320000", "720000", "600000",
             {"201": "1000000", "208": "200000", "210": "120000"}, "600000", "120000", ("20000", "0"), 12,
             errors=2, warnings=1),
    Workbook("100001", 2023, "300000", "300000", "300000", "0", {"201": "300000"}, "250000", "50000", None, 4),
    Workbook("200", 2022, "500000", "500000", "500000", "0", {"201": "500000"}, "400000", "100000",
             ("10000", "10000"), 5),
    Workbook("200", 2024, "800000", "800000", "500000", "300000", {"201": "500000", "212": "300000"},
             "0", "0", ("0", "0"), 0, "85", ("优秀", "优"), ("0", "0", None, None),
             [Indicator("效益指标", "工作成效", "明显提升", None, None, "明显提升", None, None, "80", "80")]),
    Workbook("200001", 2023, "200000", "200000", "200000", "0", {"201": "200000"}, "150000", "50000", None, 2),
    Workbook("200001", 2024, "250000", "250000", "250000", "0", {"201": "250000"}, "200000", "50000", None, 2),
    Workbook("300", 2022, "400000", "400000", "300000", "100000", {"201": "400000"}, "200000", "100000",
             ("5000", "5000"), 6),
    Workbook("300", 2023, "400000", "400000", "300000", "100000", {"201": "300000", "299": "100000"},
             "200000", "100000", ("5000", "4000"), 6),
    Workbook("310", 2023, "100000", "100000", "100000", "0", {"201": "100000"}, "80000", "20000", None, 2),
    Workbook("400", 2024, "600000", "600000", "400000", "200000", {"201": "450000", "210": "150000"},
             "300000", "100000", ("5000", "5000"), 8, "95", ("良", "良"), ("500000", "450000", "9", "0.9"),
             [Indicator("数量指标", "服务人次", "≥1000人次", "≥", "1000", "1200人次", "1200", "人次", "40", "40"),
              Indicator("质量指标", "差错率", "≤2%", "≤", "2", "3%", "3", "%", "40", "30")]),
    Workbook("600", 2024, "1000000", "1000000", "500000", "500000", {"201": "1000000"}, "400000", "100000",
             ("10000", "8000"), 10),
    Workbook("700", 2024, "5000000", "5000000", "1000000", "4000000", {"201": "5000000"}, "800000", "200000",
             ("50000", "50000"), 10,
             funds={"general_budget": ("100000", "4000000", "4100000", "0"),
                    "gov_fund": ("0", "1000000", "900000", "100000"),
                    "state_capital": ("0", "0", "0", "0")}),
]

FINDINGS = [  # (submission index in WORKBOOKS, rule_id, severity, message)
    (3, "T5-001", "error", "合计 ≠ 基本支出 + 项目支出"),
    (3, "X-003", "error", "支出总表与支出决算表不一致"),
    (3, "C-002", "warning", "金额单位未注明"),
]


def build_store(path: Path) -> duckdb.DuckDBPyConnection:
    """A migrated store holding the golden figures, views refreshed; the caller closes it."""
    con = open_working(path)
    _reference(con)
    for sid, wb in enumerate(WORKBOOKS, start=1):
        _workbook(con, sid, wb)
    for index, rule, severity, message in FINDINGS:
        con.execute("INSERT INTO finding (run_id, file, submission_id, rule_id, outcome, severity, message)"
                    " VALUES ('golden', ?, ?, ?, 'fail', ?, ?)",
                    [f"{WORKBOOKS[index].dept}-{WORKBOOKS[index].year}.xlsx", index + 1, rule, severity, message])
    refresh_views(con)
    return con


def _reference(con: duckdb.DuckDBPyConnection) -> None:
    for code, name, kind, parent in DEPARTMENTS:
        con.execute("INSERT INTO dim_department VALUES (?, ?, ?, ?, ?, ?)", [code, name, *REGION, kind, parent])
    con.executemany("INSERT INTO map_department VALUES (?, ?, ?, ?)", DEPARTMENT_CHANGES)
    con.executemany("INSERT INTO map_function_class VALUES (?, ?, ?, ?, ?)", CLASS_CHANGES)
    for year in (2022, 2023, 2024):
        for code, name in CLASS_NAMES.items():
            if (code == "299") == (year < 2024):
                con.execute("INSERT INTO ref_function_class VALUES (?, ?, ?, 1, NULL)", [year, code, name])


def _workbook(con: duckdb.DuckDBPyConnection, sid: int, wb: Workbook) -> None:
    con.execute(
        "INSERT INTO submission (submission_id, dept_code, fiscal_year, source_path, file_name, sha256, run_id,"
        " loaded_at, status, is_current, error_count, warning_count) VALUES (?, ?, ?, ?, ?, ?, 'golden', ?, ?, ?, ?, ?)",
        [sid, wb.dept, wb.year, f"inbox/{wb.dept}-{wb.year}.xlsx", f"{wb.dept}-{wb.year}.xlsx", f"sha{sid}",
         datetime(2025, 3, 1), _status(wb), wb.current, wb.errors, wb.warnings])
    key = [sid, wb.dept, wb.year]
    cell = ["S", "A1"]
    for side, line, amount in (("income", "total_income", wb.income), ("expenditure", "total_expenditure", wb.expenditure)):
        if amount is not None:
            con.execute("INSERT INTO fct_summary VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, false, ?, ?)",
                        [*key, side, line, line, Decimal(amount), *cell])
    t3 = [(None, 0, "total", wb.expenditure), (None, 0, "basic", wb.basic), (None, 0, "project", wb.project)]
    t3 += [(code, 1, "total", amount) for code, amount in wb.classes.items()]
    for code, level, kind, amount in t3:
        if amount is not None:
            con.execute("INSERT INTO fct_expenditure VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?)",
                        [*key, code, level, CLASS_NAMES.get(code), kind, Decimal(amount), *cell])
    for category, amount in (("personnel", wb.personnel), ("running", wb.running)):
        if amount is not None:
            con.execute("INSERT INTO fct_basic_by_econ VALUES (?, ?, ?, NULL, 0, NULL, ?, ?, false, ?, ?)",
                        [*key, category, Decimal(amount), *cell])
    if wb.three_public:
        con.execute("INSERT INTO fct_three_public VALUES (?, ?, ?, 'total', ?, ?, 'S', 'A1', 'B1')",
                    [*key, *(Decimal(x) for x in wb.three_public)])
    if wb.staff is not None:
        con.execute("INSERT INTO fct_dept_profile (submission_id, dept_code, fiscal_year, staff_in_service, src_sheet)"
                    " VALUES (?, ?, ?, ?, 'S')", [*key, wb.staff])
    if wb.self_score is not None:
        con.execute("INSERT INTO fct_self_evaluation (submission_id, dept_code, fiscal_year, total_score, grade,"
                    " grade_band, src_sheet) VALUES (?, ?, ?, ?, ?, ?, 'S')",
                    [*key, Decimal(wb.self_score), *wb.grade])
    if wb.execution:
        budget, executed, score, rate = wb.execution
        con.execute("INSERT INTO fct_budget_execution (submission_id, dept_code, fiscal_year, fund_line, line_label,"
                    " full_year_budget, executed, weight, execution_rate, score, rate_denominator, src_sheet)"
                    " VALUES (?, ?, ?, 'total', '年度资金总额', ?, ?, 10, ?, ?, 'full_year_budget', 'S')",
                    [*key, Decimal(budget), Decimal(executed), _dec(rate), _dec(score)])
    for row_no, ind in enumerate(wb.indicators, start=1):
        con.execute("INSERT INTO fct_performance_indicator (submission_id, dept_code, fiscal_year, row_no, level1,"
                    " level2, indicator, target_text, target_op, target_value, actual_text, actual_value, unit,"
                    " weight, score, src_sheet) VALUES (?, ?, ?, ?, '产出指标', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'S')",
                    [*key, row_no, ind.level2, ind.indicator, ind.target_text, ind.target_op,
                     _dec(ind.target_value), ind.actual_text, _dec(ind.actual_value), ind.unit,
                     Decimal(ind.weight), Decimal(ind.score)])
    for fund, amounts in wb.funds.items():
        for measure, amount in zip(("opening_balance", "income", "expenditure", "closing_balance"), amounts):
            con.execute("INSERT INTO fct_fiscal_expenditure VALUES (?, ?, ?, 'T4', NULL, 0, NULL, ?, ?, 'total', ?,"
                        " false, 'S', 'A1')", [*key, fund, measure, Decimal(amount)])


def _status(wb: Workbook) -> str:
    if not wb.current:
        return "superseded"
    return "flagged" if wb.errors else "loaded"


def _dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None
