-- v_dept_yoy: each headline figure against the department's own previous year (grain:
-- department × year). The previous year follows map_department: after a merger or rename
-- (机构改革) it is the sum of the predecessors' figures (int_dept_prev); it is NULL when that
-- year is missing or incomplete, or when any predecessor lacks the figure. self_score has no
-- previous value across a merger (scores do not add). change_pct = change / previous,
-- DECIMAL(18,6) half-even, NULL when the previous value is zero or NULL.
-- Materialised as mat_dept_yoy at each load (speed); v_dept_yoy reads it.
CREATE OR REPLACE TABLE mat_dept_yoy AS
WITH current_year AS (
    SELECT *
    FROM v_dept_year
),
predecessor AS (
    SELECT dept_code, fiscal_year, prev_dept_code
    FROM int_dept_prev
),
previous_year AS (
    SELECT p.dept_code, p.fiscal_year,
           CASE WHEN count(y.total_income) = count(*) THEN CAST(sum(y.total_income) AS DECIMAL(18,2)) END AS total_income,
           CASE WHEN count(y.total_expenditure) = count(*) THEN CAST(sum(y.total_expenditure) AS DECIMAL(18,2)) END AS total_expenditure,
           CASE WHEN count(y.basic_expenditure) = count(*) THEN CAST(sum(y.basic_expenditure) AS DECIMAL(18,2)) END AS basic_expenditure,
           CASE WHEN count(y.project_expenditure) = count(*) THEN CAST(sum(y.project_expenditure) AS DECIMAL(18,2)) END AS project_expenditure,
           CASE WHEN count(y.personnel_expenditure) = count(*) THEN CAST(sum(y.personnel_expenditure) AS DECIMAL(18,2)) END AS personnel_expenditure,
           CASE WHEN count(y.running_expenditure) = count(*) THEN CAST(sum(y.running_expenditure) AS DECIMAL(18,2)) END AS running_expenditure,
           CASE WHEN count(y.three_public_actual) = count(*) THEN CAST(sum(y.three_public_actual) AS DECIMAL(18,2)) END AS three_public_actual,
           CASE WHEN count(y.three_public_budget) = count(*) THEN CAST(sum(y.three_public_budget) AS DECIMAL(18,2)) END AS three_public_budget,
           CASE WHEN count(y.staff_in_service) = count(*) THEN CAST(sum(y.staff_in_service) AS INTEGER) END AS staff_in_service,
           CASE WHEN count(*) = 1 THEN max(y.self_score) END AS self_score  -- a score does not add up across a merger
    FROM predecessor p
    JOIN current_year y ON y.dept_code = p.prev_dept_code AND y.fiscal_year = p.fiscal_year - 1
    GROUP BY p.dept_code, p.fiscal_year
),
final AS (
    SELECT c.dept_code, c.dept_name, c.fiscal_year,
           c.total_income, p.total_income AS total_income_prev, CAST(c.total_income - p.total_income AS DECIMAL(18,2)) AS total_income_change,
           ratio(c.total_income - p.total_income, p.total_income) AS total_income_change_pct,
           c.total_expenditure, p.total_expenditure AS total_expenditure_prev, CAST(c.total_expenditure - p.total_expenditure AS DECIMAL(18,2)) AS total_expenditure_change,
           ratio(c.total_expenditure - p.total_expenditure, p.total_expenditure) AS total_expenditure_change_pct,
           c.basic_expenditure, p.basic_expenditure AS basic_expenditure_prev, CAST(c.basic_expenditure - p.basic_expenditure AS DECIMAL(18,2)) AS basic_expenditure_change,
           ratio(c.basic_expenditure - p.basic_expenditure, p.basic_expenditure) AS basic_expenditure_change_pct,
           c.project_expenditure, p.project_expenditure AS project_expenditure_prev, CAST(c.project_expenditure - p.project_expenditure AS DECIMAL(18,2)) AS project_expenditure_change,
           ratio(c.project_expenditure - p.project_expenditure, p.project_expenditure) AS project_expenditure_change_pct,
           c.personnel_expenditure, p.personnel_expenditure AS personnel_expenditure_prev, CAST(c.personnel_expenditure - p.personnel_expenditure AS DECIMAL(18,2)) AS personnel_expenditure_change,
           ratio(c.personnel_expenditure - p.personnel_expenditure, p.personnel_expenditure) AS personnel_expenditure_change_pct,
           c.running_expenditure, p.running_expenditure AS running_expenditure_prev, CAST(c.running_expenditure - p.running_expenditure AS DECIMAL(18,2)) AS running_expenditure_change,
           ratio(c.running_expenditure - p.running_expenditure, p.running_expenditure) AS running_expenditure_change_pct,
           c.three_public_actual, p.three_public_actual AS three_public_actual_prev, CAST(c.three_public_actual - p.three_public_actual AS DECIMAL(18,2)) AS three_public_actual_change,
           ratio(c.three_public_actual - p.three_public_actual, p.three_public_actual) AS three_public_actual_change_pct,
           c.three_public_budget, p.three_public_budget AS three_public_budget_prev, CAST(c.three_public_budget - p.three_public_budget AS DECIMAL(18,2)) AS three_public_budget_change,
           ratio(c.three_public_budget - p.three_public_budget, p.three_public_budget) AS three_public_budget_change_pct,
           c.staff_in_service, p.staff_in_service AS staff_in_service_prev, CAST(c.staff_in_service - p.staff_in_service AS INTEGER) AS staff_in_service_change,
           ratio(c.staff_in_service - p.staff_in_service, p.staff_in_service) AS staff_in_service_change_pct,
           c.self_score, p.self_score AS self_score_prev, CAST(c.self_score - p.self_score AS DECIMAL(9,2)) AS self_score_change,
           ratio(c.self_score - p.self_score, p.self_score) AS self_score_change_pct
    FROM current_year c
    LEFT JOIN previous_year p USING (dept_code, fiscal_year)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_yoy AS SELECT * FROM mat_dept_yoy;
