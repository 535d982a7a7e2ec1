"""What the report shows, read from the views for one year: plain rows, no formatting."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..narrative.store import disagreements

# Ratios shown in the department table with their peer rank (v_peer_rank metric names).
RANKED_METRICS = ("personnel_share_of_basic", "project_share", "expenditure_per_staff",
                  "three_public_per_staff", "three_public_execution", "budget_execution_rate",
                  "indicator_completion_rate")

_DEPARTMENTS = """
WITH dept AS (
    SELECT dept_code, fiscal_year, unit_kind, counts_in_region
    FROM int_dept_year
    WHERE fiscal_year = $year
),
ranks AS (
    PIVOT (SELECT dept_code, metric, rank FROM v_peer_rank WHERE fiscal_year = $year AND list_contains($metrics, metric))
    ON metric IN ('personnel_share_of_basic', 'project_share', 'expenditure_per_staff', 'three_public_per_staff',
                  'three_public_execution', 'budget_execution_rate', 'indicator_completion_rate')
    USING first(rank)
    GROUP BY dept_code
),
outliers AS (
    SELECT dept_code, list(metric ORDER BY metric) AS outlier_metrics
    FROM v_peer_rank
    WHERE fiscal_year = $year AND is_outlier
    GROUP BY dept_code
),
final AS (
    SELECT y.dept_code, y.dept_name, d.unit_kind, d.counts_in_region, y.total_expenditure,
           yoy.total_expenditure_change_pct, y.staff_in_service, y.self_score, y.grade,
           y.error_count, y.warning_count,
           r.personnel_share_of_basic, r.project_share, r.expenditure_per_staff, r.three_public_per_staff,
           r.three_public_execution, r.budget_execution_rate, r.indicator_completion_rate,
           r.score_recomputed, r.score_gap,
           COLUMNS(k.* EXCLUDE (dept_code)) AS "rank_\\0",
           coalesce(o.outlier_metrics, []) AS outlier_metrics
    FROM v_dept_year y
    JOIN dept d USING (dept_code, fiscal_year)
    LEFT JOIN v_dept_yoy yoy USING (dept_code, fiscal_year)
    LEFT JOIN v_dept_ratios r USING (dept_code, fiscal_year)
    LEFT JOIN ranks k USING (dept_code)
    LEFT JOIN outliers o USING (dept_code)
)
SELECT * FROM final
ORDER BY error_count > 0 DESC, total_expenditure DESC NULLS LAST, dept_code
"""

_CLASSES = """
SELECT f.dept_code, f.func_code, f.func_name, f.amount
FROM v_function_yoy f
JOIN int_dept_year d USING (dept_code, fiscal_year)
WHERE f.fiscal_year = $year AND d.counts_in_region
ORDER BY f.dept_code, f.func_code
"""

_SCORE_DISAGREEMENT = """
SELECT dept_code, dept_name, self_score, score_recomputed, score_gap, grade, grade_band, grade_band_by_score,
       grade_consistent
FROM v_dept_outcome
WHERE fiscal_year = $year AND (score_gap <> 0 OR NOT grade_consistent)
ORDER BY abs(score_gap) DESC NULLS LAST, dept_code
"""

_INDICATORS = """
SELECT dept_code, dept_name, indicators_total, indicators_numeric, indicators_text_only, indicators_met,
       indicator_completion_rate
FROM v_dept_outcome
WHERE fiscal_year = $year AND indicators_total > 0
ORDER BY indicator_completion_rate DESC NULLS LAST, dept_code
"""

# Findings of the year's current workbooks (a superseded workbook's findings no longer apply).
_CURRENT_FINDINGS = """
WITH current_finding AS (
    SELECT f.rule_id, f.severity, f.outcome, f.message, d.dept_code, d.dept_name,
           CASE WHEN f.outcome = 'not_evaluated' THEN 'not_evaluated' ELSE f.severity END AS status
    FROM finding f
    JOIN int_dept_year d USING (submission_id)
    WHERE d.fiscal_year = $year
)
"""

_FINDINGS_BY_RULE = _CURRENT_FINDINGS + """
SELECT rule_id, status,
       count(*) AS findings, count(DISTINCT dept_code) AS departments, min(message) AS example
FROM current_finding
GROUP BY rule_id, status
ORDER BY list_position(['error', 'warning', 'info', 'not_evaluated'], status), findings DESC, rule_id
"""

_FINDINGS_BY_DEPARTMENT = _CURRENT_FINDINGS + """
SELECT dept_code, dept_name,
       count(*) FILTER (WHERE status = 'error')         AS errors,
       count(*) FILTER (WHERE status = 'warning')       AS warnings,
       count(*) FILTER (WHERE status = 'info')          AS infos,
       count(*) FILTER (WHERE status = 'not_evaluated') AS not_evaluated
FROM current_finding
GROUP BY dept_code, dept_name
ORDER BY errors DESC, warnings DESC, dept_code
"""


@dataclass(frozen=True)
class ReportData:
    year: int
    regions: list[dict]
    departments: list[dict]
    dept_classes: list[dict]
    region_classes: list[dict]
    indicators: list[dict]
    score_disagreements: list[dict]
    findings_by_rule: list[dict]
    findings_by_department: list[dict]
    report_claims: list[dict]  # what departments' self-evaluation reports state that the tables contradict


class NoData(ValueError):
    """The store has no current workbook for the year asked (or none at all)."""


def latest_year(con: duckdb.DuckDBPyConnection) -> int:
    (year,) = con.execute("SELECT max(fiscal_year) FROM int_dept_year").fetchone()
    if year is None:
        raise NoData("库中没有任何当前版本的决算数据")
    return year


def read_report_data(con: duckdb.DuckDBPyConnection, year: int) -> ReportData:
    if not con.execute("SELECT count(*) FROM int_dept_year WHERE fiscal_year = ?", [year]).fetchone()[0]:
        raise NoData(f"库中没有 {year} 年度的决算数据")
    params = {"year": year}
    return ReportData(
        year=year,
        regions=_rows(con, "SELECT * FROM v_region_year WHERE fiscal_year = $year ORDER BY region_code", params),
        departments=_rows(con, _DEPARTMENTS, {**params, "metrics": list(RANKED_METRICS)}),
        dept_classes=_rows(con, _CLASSES, params),
        region_classes=_rows(con, "SELECT * FROM v_region_function_yoy WHERE fiscal_year = $year"
                                  " ORDER BY amount DESC, func_code", params),
        indicators=_rows(con, _INDICATORS, params),
        score_disagreements=_rows(con, _SCORE_DISAGREEMENT, params),
        findings_by_rule=_rows(con, _FINDINGS_BY_RULE, params),
        findings_by_department=_rows(con, _FINDINGS_BY_DEPARTMENT, params),
        report_claims=disagreements(con, year),
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
