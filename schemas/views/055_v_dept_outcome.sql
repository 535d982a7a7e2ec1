-- v_dept_outcome (beyond the contract): the self-evaluation (T11) of a department-year, checked.
-- Grain: department × year (every current submission; NULLs when it has no T11).
-- budget_execution_rate = 全年执行数 / 全年预算数 of the 年度资金总额 line, recomputed from the
--   amounts; rate_denominator says which budget the sheet divided by (full_year_budget or
--   adjusted_budget); execution_rate_reported is the rate as printed.
-- indicator counts come from v_dept_indicator (text-only ones counted apart); the completion
--   rate = met / numeric. score_recomputed = Σ indicator 得分 + the execution line's 得分;
--   score_gap = self-reported 总分 − score_recomputed.
-- grade_band: the written grade normalised (优/良/中/差); grade_band_by_score: the band the
--   self-reported 总分 falls in (metric_grade_band); grade_consistent compares the two.
-- Materialised as mat_dept_outcome at each load (speed); v_dept_outcome reads it.
CREATE OR REPLACE TABLE mat_dept_outcome AS
WITH dept_year AS (
    SELECT submission_id, dept_code, dept_name, region_code, fiscal_year
    FROM int_dept_year
),
budget AS (
    SELECT submission_id, initial_budget, full_year_budget, executed,
           execution_rate AS execution_rate_reported, rate_denominator, score AS execution_score
    FROM fct_budget_execution
    WHERE fund_line = 'total'
),
self_evaluation AS (
    SELECT submission_id, total_score AS self_score, grade, grade_band
    FROM fct_self_evaluation
),
indicator AS (
    SELECT dept_code, fiscal_year,
           count(*) AS indicators_total,
           count(*) FILTER (WHERE is_numeric) AS indicators_numeric,
           count(*) FILTER (WHERE target_value IS NULL OR actual_value IS NULL) AS indicators_text_only,
           count(*) FILTER (WHERE is_met) AS indicators_met,
           sum(score) AS indicator_score,
           count(score) AS indicators_scored
    FROM v_dept_indicator
    GROUP BY dept_code, fiscal_year
),
grade_band AS (
    SELECT band, min_score
    FROM metric_grade_band
),
evaluated AS (
    SELECT d.dept_code, d.dept_name, d.region_code, d.fiscal_year,
           b.initial_budget, b.full_year_budget, b.executed, b.execution_rate_reported, b.rate_denominator,
           b.execution_score, v.self_score, v.grade, v.grade_band,
           v.submission_id IS NOT NULL AS has_evaluation,
           i.indicators_total, i.indicators_numeric, i.indicators_text_only, i.indicators_met,
           i.indicator_score, i.indicators_scored
    FROM dept_year d
    LEFT JOIN budget b USING (submission_id)
    LEFT JOIN self_evaluation v USING (submission_id)
    LEFT JOIN indicator i USING (dept_code, fiscal_year)
),
scored AS (
    SELECT e.*,
           CASE WHEN e.indicators_scored > 0 OR e.execution_score IS NOT NULL
                THEN CAST(coalesce(e.indicator_score, 0) + coalesce(e.execution_score, 0) AS DECIMAL(9,2))
           END AS score_recomputed,
           (SELECT g.band FROM grade_band g WHERE g.min_score <= e.self_score ORDER BY g.min_score DESC LIMIT 1)
               AS grade_band_by_score
    FROM evaluated e
),
final AS (
    SELECT dept_code, dept_name, region_code, fiscal_year,
           initial_budget, full_year_budget, executed,
           ratio(executed, full_year_budget) AS budget_execution_rate,
           execution_rate_reported, rate_denominator,
           CASE WHEN has_evaluation THEN coalesce(indicators_total, 0) END AS indicators_total,
           CASE WHEN has_evaluation THEN coalesce(indicators_numeric, 0) END AS indicators_numeric,
           CASE WHEN has_evaluation THEN coalesce(indicators_text_only, 0) END AS indicators_text_only,
           CASE WHEN has_evaluation THEN coalesce(indicators_met, 0) END AS indicators_met,
           ratio(indicators_met, indicators_numeric) AS indicator_completion_rate,
           self_score, score_recomputed,
           CAST(self_score - score_recomputed AS DECIMAL(9,2)) AS score_gap,
           grade, grade_band, grade_band_by_score,
           grade_band = grade_band_by_score AS grade_consistent
    FROM scored
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_outcome AS SELECT * FROM mat_dept_outcome;
