-- v_dept_ratios: spending ratios and outcome metrics of a department-year (grain: department ×
-- year). Every ratio DECIMAL(18,6), half-even, NULL when its divisor is zero or missing.
-- personnel_share_of_basic = T6 人员经费 / (人员经费 + 公用经费): numerator and divisor share
--   T6's 口径 (general-budget appropriation); project_share = T3 项目支出 / T1 本年支出合计;
--   per-staff figures divide by T10 在职人数; three_public_execution = T7 决算数 / 预算数.
-- The outcome columns are those of v_dept_outcome.
-- Materialised as mat_dept_ratios at each load (speed); v_dept_ratios reads it.
CREATE OR REPLACE TABLE mat_dept_ratios AS
WITH dept_year AS (
    SELECT dept_code, dept_name, region_code, fiscal_year, total_expenditure, project_expenditure,
           personnel_expenditure, running_expenditure, three_public_actual, three_public_budget,
           staff_in_service
    FROM v_dept_year
),
outcome AS (
    SELECT dept_code, fiscal_year, budget_execution_rate, indicators_total, indicators_numeric,
           indicators_met, indicator_completion_rate, score_recomputed, score_gap
    FROM v_dept_outcome
),
final AS (
    SELECT d.dept_code, d.dept_name, d.region_code, d.fiscal_year,
           ratio(d.personnel_expenditure, d.personnel_expenditure + d.running_expenditure) AS personnel_share_of_basic,
           ratio(d.project_expenditure, d.total_expenditure)      AS project_share,
           ratio(d.total_expenditure, d.staff_in_service)         AS expenditure_per_staff,
           ratio(d.running_expenditure, d.staff_in_service)       AS running_per_staff,
           ratio(d.three_public_actual, d.staff_in_service)       AS three_public_per_staff,
           ratio(d.three_public_actual, d.three_public_budget)    AS three_public_execution,
           o.budget_execution_rate, o.indicators_total, o.indicators_numeric, o.indicators_met,
           o.indicator_completion_rate, o.score_recomputed, o.score_gap
    FROM dept_year d
    LEFT JOIN outcome o USING (dept_code, fiscal_year)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_ratios AS SELECT * FROM mat_dept_ratios;
