-- v_region_year (beyond the contract): a region's totals of the headline amounts and their
-- change on the year before (grain: region × year). Adds the rows that count in the region
-- (int_dept_year.counts_in_region); a department without a figure adds nothing to it.
-- `departments` = how many workbooks were added. The previous year is NULL when the region
-- has no workbook that year.
-- Materialised as mat_region_year at each load (speed); v_region_year reads it.
CREATE OR REPLACE TABLE mat_region_year AS
WITH member AS (
    SELECT dept_code, fiscal_year, region_code, region_name
    FROM int_dept_year
    WHERE counts_in_region AND region_code IS NOT NULL
),
dept_year AS (
    SELECT *
    FROM v_dept_year
),
region_total AS (
    SELECT m.region_code, min(m.region_name) AS region_name, m.fiscal_year, count(*) AS departments,
           CAST(sum(y.total_income) AS DECIMAL(18,2)) AS total_income,
           CAST(sum(y.total_expenditure) AS DECIMAL(18,2)) AS total_expenditure,
           CAST(sum(y.basic_expenditure) AS DECIMAL(18,2)) AS basic_expenditure,
           CAST(sum(y.project_expenditure) AS DECIMAL(18,2)) AS project_expenditure,
           CAST(sum(y.personnel_expenditure) AS DECIMAL(18,2)) AS personnel_expenditure,
           CAST(sum(y.running_expenditure) AS DECIMAL(18,2)) AS running_expenditure,
           CAST(sum(y.three_public_actual) AS DECIMAL(18,2)) AS three_public_actual,
           CAST(sum(y.three_public_budget) AS DECIMAL(18,2)) AS three_public_budget,
           CAST(sum(y.staff_in_service) AS INTEGER) AS staff_in_service
    FROM member m
    JOIN dept_year y USING (dept_code, fiscal_year)
    GROUP BY m.region_code, m.fiscal_year
),
final AS (
    SELECT c.region_code, c.region_name, c.fiscal_year, c.departments,
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
           ratio(c.staff_in_service - p.staff_in_service, p.staff_in_service) AS staff_in_service_change_pct
    FROM region_total c
    LEFT JOIN region_total p ON p.region_code = c.region_code AND p.fiscal_year = c.fiscal_year - 1
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_region_year AS SELECT * FROM mat_region_year;
