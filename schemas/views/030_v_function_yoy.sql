-- v_function_yoy: a department's spending on one 类 against its previous year (grain: department
-- × 类 × year; T3 level-1 rows, all funds). The previous year follows map_department and
-- map_function_class (int_dept_prev, int_class_prev). amount_prev is 0 when the previous year is
-- there without that 类, and NULL when the previous year is missing or incomplete.
-- Materialised as mat_function_yoy at each load (speed); v_function_yoy reads it.
CREATE OR REPLACE TABLE mat_function_yoy AS
WITH dept_class AS (
    SELECT submission_id, dept_code, fiscal_year, func_code, func_name, amount
    FROM int_dept_class
),
predecessor AS (
    SELECT dept_code, fiscal_year, prev_submission_id
    FROM int_dept_prev
),
class_source AS (
    SELECT fiscal_year, func_code, prev_code
    FROM int_class_prev
),
previous_year AS (
    SELECT c.dept_code, c.fiscal_year, c.func_code, CAST(coalesce(sum(pc.amount), 0) AS DECIMAL(18,2)) AS amount_prev
    FROM dept_class c
    JOIN predecessor p USING (dept_code, fiscal_year)
    JOIN class_source s USING (fiscal_year, func_code)
    LEFT JOIN dept_class pc ON pc.submission_id = p.prev_submission_id AND pc.func_code = s.prev_code
    GROUP BY c.dept_code, c.fiscal_year, c.func_code
),
final AS (
    SELECT c.dept_code, c.fiscal_year, c.func_code, c.func_name, c.amount, p.amount_prev,
           CAST(c.amount - p.amount_prev AS DECIMAL(18,2)) AS change,
           ratio(c.amount - p.amount_prev, p.amount_prev) AS change_pct
    FROM dept_class c
    LEFT JOIN previous_year p USING (dept_code, fiscal_year, func_code)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_function_yoy AS SELECT * FROM mat_function_yoy;
