-- v_dept_year: department × year headline figures (grain: one row per current submission).
-- 口径: warehouse.md "What each headline figure means".
CREATE OR REPLACE VIEW v_dept_year AS
WITH current_submission AS (
    SELECT submission_id, dept_code, fiscal_year, error_count, warning_count
    FROM submission
    WHERE is_current
),
summary AS (
    SELECT submission_id,
           max(amount) FILTER (WHERE side = 'income' AND line_key = 'total_income')           AS total_income,
           max(amount) FILTER (WHERE side = 'expenditure' AND line_key = 'total_expenditure') AS total_expenditure
    FROM fct_summary GROUP BY submission_id
),
expenditure AS (
    SELECT submission_id,
           max(amount) FILTER (WHERE kind = 'basic')   AS basic_expenditure,
           max(amount) FILTER (WHERE kind = 'project') AS project_expenditure
    FROM fct_expenditure WHERE level = 0 GROUP BY submission_id
),
basic AS (
    SELECT submission_id,
           max(amount) FILTER (WHERE category = 'personnel') AS personnel_expenditure,
           max(amount) FILTER (WHERE category = 'running')   AS running_expenditure
    FROM fct_basic_by_econ WHERE level = 0 GROUP BY submission_id
),
three_public AS (
    SELECT submission_id, max(actual) AS three_public_actual, max(budget) AS three_public_budget
    FROM fct_three_public WHERE item = 'total' GROUP BY submission_id
),
final AS (
    SELECT c.dept_code, d.dept_name, d.region_code, c.fiscal_year,
           s.total_income, s.total_expenditure, e.basic_expenditure, e.project_expenditure,
           b.personnel_expenditure, b.running_expenditure, t.three_public_actual, t.three_public_budget,
           p.staff_in_service, v.total_score AS self_score, v.grade,
           c.error_count, c.warning_count, c.submission_id
    FROM current_submission c
    LEFT JOIN dim_department d USING (dept_code)
    LEFT JOIN summary s USING (submission_id)
    LEFT JOIN expenditure e USING (submission_id)
    LEFT JOIN basic b USING (submission_id)
    LEFT JOIN three_public t USING (submission_id)
    LEFT JOIN fct_dept_profile p USING (submission_id)
    LEFT JOIN fct_self_evaluation v USING (submission_id)
)
SELECT *,
       CAST(total_income * 0.0001 AS DECIMAL(18,6))          AS total_income_wan,
       CAST(total_expenditure * 0.0001 AS DECIMAL(18,6))     AS total_expenditure_wan,
       CAST(basic_expenditure * 0.0001 AS DECIMAL(18,6))     AS basic_expenditure_wan,
       CAST(project_expenditure * 0.0001 AS DECIMAL(18,6))   AS project_expenditure_wan,
       CAST(personnel_expenditure * 0.0001 AS DECIMAL(18,6)) AS personnel_expenditure_wan,
       CAST(running_expenditure * 0.0001 AS DECIMAL(18,6))   AS running_expenditure_wan,
       CAST(three_public_actual * 0.0001 AS DECIMAL(18,6))   AS three_public_actual_wan,
       CAST(three_public_budget * 0.0001 AS DECIMAL(18,6))   AS three_public_budget_wan
FROM final;
