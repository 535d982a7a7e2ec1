-- v_dept_year: a department's headline figures for one year (grain: department × year; only
-- current submissions; 单位 rows shown as they are). 口径: warehouse.md "What each headline
-- figure means"; an amount the workbook lacks is NULL. `_wan` twins = yuan × 0.0001, exact.
-- Materialised as mat_dept_year at each load (speed); v_dept_year reads it.
CREATE OR REPLACE TABLE mat_dept_year AS
WITH dept_year AS (
    SELECT submission_id, dept_code, dept_name, region_code, fiscal_year, error_count, warning_count
    FROM int_dept_year
),
summary AS (  -- T1 收入支出决算总表
    SELECT submission_id,
           max(amount) FILTER (WHERE side = 'income' AND line_key = 'total_income')           AS total_income,
           max(amount) FILTER (WHERE side = 'expenditure' AND line_key = 'total_expenditure') AS total_expenditure
    FROM fct_summary
    GROUP BY submission_id
),
expenditure AS (  -- T3 支出决算表, 合计 row
    SELECT submission_id,
           max(amount) FILTER (WHERE kind = 'basic')   AS basic_expenditure,
           max(amount) FILTER (WHERE kind = 'project') AS project_expenditure
    FROM fct_expenditure
    WHERE level = 0
    GROUP BY submission_id
),
basic_by_econ AS (  -- T6 基本支出决算表, 人员经费合计 / 公用经费合计
    SELECT submission_id,
           max(amount) FILTER (WHERE category = 'personnel') AS personnel_expenditure,
           max(amount) FILTER (WHERE category = 'running')   AS running_expenditure
    FROM fct_basic_by_econ
    WHERE level = 0
    GROUP BY submission_id
),
three_public AS (  -- T7 “三公”经费, 合计
    SELECT submission_id, max(actual) AS three_public_actual, max(budget) AS three_public_budget
    FROM fct_three_public
    WHERE item = 'total'
    GROUP BY submission_id
),
profile AS (  -- T10 部门基本情况
    SELECT submission_id, max(staff_in_service) AS staff_in_service
    FROM fct_dept_profile
    GROUP BY submission_id
),
self_evaluation AS (  -- T11 自评表
    SELECT submission_id, max(total_score) AS self_score, max(grade) AS grade
    FROM fct_self_evaluation
    GROUP BY submission_id
),
joined AS (
    SELECT d.dept_code, d.dept_name, d.region_code, d.fiscal_year,
           s.total_income, s.total_expenditure, e.basic_expenditure, e.project_expenditure,
           b.personnel_expenditure, b.running_expenditure, t.three_public_actual, t.three_public_budget,
           p.staff_in_service, v.self_score, v.grade, d.error_count, d.warning_count
    FROM dept_year d
    LEFT JOIN summary s USING (submission_id)
    LEFT JOIN expenditure e USING (submission_id)
    LEFT JOIN basic_by_econ b USING (submission_id)
    LEFT JOIN three_public t USING (submission_id)
    LEFT JOIN profile p USING (submission_id)
    LEFT JOIN self_evaluation v USING (submission_id)
),
final AS (
    SELECT *,
           CAST(total_income * 0.0001 AS DECIMAL(18,6))          AS total_income_wan,
           CAST(total_expenditure * 0.0001 AS DECIMAL(18,6))     AS total_expenditure_wan,
           CAST(basic_expenditure * 0.0001 AS DECIMAL(18,6))     AS basic_expenditure_wan,
           CAST(project_expenditure * 0.0001 AS DECIMAL(18,6))   AS project_expenditure_wan,
           CAST(personnel_expenditure * 0.0001 AS DECIMAL(18,6)) AS personnel_expenditure_wan,
           CAST(running_expenditure * 0.0001 AS DECIMAL(18,6))   AS running_expenditure_wan,
           CAST(three_public_actual * 0.0001 AS DECIMAL(18,6))   AS three_public_actual_wan,
           CAST(three_public_budget * 0.0001 AS DECIMAL(18,6))   AS three_public_budget_wan
    FROM joined
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_year AS SELECT * FROM mat_dept_year;
