-- int_dept_class (internal): spending of a current submission on one 类 (T3 level-1 rows, all
-- funds, 本年支出合计). Grain: department × year × 类.
-- int_class_prev: which 类 codes of the year before feed a 类 this year: its own code, and
-- every code map_function_class renames into it (e.g. 医疗卫生与计划生育支出 → 卫生健康支出).
CREATE OR REPLACE VIEW int_dept_class AS
WITH dept_year AS (
    SELECT submission_id, dept_code, fiscal_year
    FROM int_dept_year
),
class_row AS (
    SELECT submission_id, func_code, amount, func_name
    FROM fct_expenditure
    WHERE level = 1 AND kind = 'total'
),
class_name AS (
    SELECT fiscal_year, func_code, func_name
    FROM ref_function_class
    WHERE level = 1
),
summed AS (
    SELECT d.submission_id, d.dept_code, d.fiscal_year, r.func_code,
           CAST(sum(r.amount) AS DECIMAL(18,2)) AS amount, min(r.func_name) AS sheet_name
    FROM dept_year d
    JOIN class_row r USING (submission_id)
    GROUP BY ALL
),
final AS (
    SELECT s.submission_id, s.dept_code, s.fiscal_year, s.func_code,
           coalesce(n.func_name, s.sheet_name) AS func_name, s.amount
    FROM summed s
    LEFT JOIN class_name n USING (fiscal_year, func_code)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW int_class_prev AS
WITH own AS (
    SELECT DISTINCT fiscal_year, func_code, func_code AS prev_code
    FROM int_dept_class
),
renamed AS (
    SELECT to_year AS fiscal_year, to_code AS func_code, from_code AS prev_code
    FROM map_function_class
    WHERE from_year = to_year - 1
),
final AS (
    SELECT * FROM own
    UNION
    SELECT * FROM renamed
)
SELECT * FROM final;
