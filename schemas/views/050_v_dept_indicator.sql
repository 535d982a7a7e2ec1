-- v_dept_indicator (beyond the contract): each performance indicator of a current self-evaluation
-- (T11) judged against its target. Grain: department × year × indicator row.
-- is_numeric: target and actual both have a number and their units agree (the stored unit is
--   written in the actual value, or the actual is a bare number, or the unit came from the
--   actual alone) — as juesuan.normalise.indicator.met. Text-only indicators (按时完成) are
--   never guessed: is_numeric false, is_met NULL.
-- is_met: ≥ > ≤ < as written; '=' counts as reached when actual ≥ target (as met()).
-- completion: actual / target. cost_per_unit: the department's total expenditure per counted
--   outcome (a unit of metric_count_unit, on a 数量指标 row or one without 二级指标).
-- Materialised as mat_dept_indicator at each load (speed); v_dept_indicator reads it.
CREATE OR REPLACE TABLE mat_dept_indicator AS
WITH dept_year AS (
    SELECT submission_id, dept_code, dept_name, fiscal_year
    FROM int_dept_year
),
indicator AS (
    SELECT submission_id, row_no, level1, level2, indicator, target_text, target_op, target_value,
           actual_text, actual_value, nullif(unit, '') AS unit, weight, score
    FROM fct_performance_indicator
),
spending AS (
    SELECT dept_code, fiscal_year, total_expenditure
    FROM v_dept_year
),
count_unit AS (
    SELECT unit
    FROM metric_count_unit
),
compared AS (
    SELECT i.*,
           i.target_value IS NOT NULL AND i.actual_value IS NOT NULL AND (
               i.unit IS NULL
               OR NOT contains(coalesce(i.target_text, ''), i.unit)
               OR contains(i.actual_text, i.unit)
               OR regexp_full_match(i.actual_text, '[^0-9]*[0-9][0-9.,]*\s*[万亿千]?\s*(以上|以下|以内|余|多)?\s*')
           ) AS is_numeric
    FROM indicator i
),
final AS (
    SELECT d.dept_code, d.dept_name, d.fiscal_year, c.row_no, c.level1, c.level2, c.indicator,
           c.target_text, c.target_op, c.target_value, c.actual_text, c.actual_value, c.unit,
           c.weight, c.score, c.is_numeric,
           CASE WHEN c.is_numeric THEN
               CASE c.target_op
                   WHEN '>' THEN c.actual_value > c.target_value
                   WHEN '≤' THEN c.actual_value <= c.target_value
                   WHEN '<' THEN c.actual_value < c.target_value
                   ELSE c.actual_value >= c.target_value
               END
           END AS is_met,
           CASE WHEN c.is_numeric THEN ratio(c.actual_value, c.target_value) END AS completion,
           CASE WHEN c.is_numeric AND c.actual_value > 0 AND (c.level2 IS NULL OR contains(c.level2, '数量'))
                     AND c.unit IN (SELECT unit FROM count_unit)
                THEN money_ratio(s.total_expenditure, c.actual_value)
           END AS cost_per_unit
    FROM dept_year d
    JOIN compared c USING (submission_id)
    LEFT JOIN spending s USING (dept_code, fiscal_year)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_indicator AS SELECT * FROM mat_dept_indicator;
