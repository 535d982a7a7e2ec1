-- v_region_function_yoy: a region's spending on one 类 against the year before (grain: region ×
-- 类 × year). Adds the rows of int_dept_year that count in the region (部门, and a 单位 only
-- when its parent's workbook is absent). The previous year follows map_function_class;
-- amount_prev is 0 when the region has that year without the 类, NULL when the region has no
-- workbook that year.
-- Materialised as mat_region_function_yoy at each load (speed); v_region_function_yoy reads it.
CREATE OR REPLACE TABLE mat_region_function_yoy AS
WITH member AS (
    SELECT submission_id, region_code, fiscal_year
    FROM int_dept_year
    WHERE counts_in_region AND region_code IS NOT NULL
),
dept_class AS (
    SELECT submission_id, func_code, func_name, amount
    FROM int_dept_class
),
class_source AS (
    SELECT fiscal_year, func_code, prev_code
    FROM int_class_prev
),
region_year AS (
    SELECT DISTINCT region_code, fiscal_year
    FROM member
),
region_class AS (
    SELECT m.region_code, m.fiscal_year, c.func_code, min(c.func_name) AS func_name,
           CAST(sum(c.amount) AS DECIMAL(18,2)) AS amount
    FROM member m
    JOIN dept_class c USING (submission_id)
    GROUP BY m.region_code, m.fiscal_year, c.func_code
),
previous_year AS (
    SELECT r.region_code, r.fiscal_year, r.func_code, CAST(coalesce(sum(pc.amount), 0) AS DECIMAL(18,2)) AS amount_prev
    FROM region_class r
    JOIN region_year y ON y.region_code = r.region_code AND y.fiscal_year = r.fiscal_year - 1
    JOIN class_source s ON s.fiscal_year = r.fiscal_year AND s.func_code = r.func_code
    LEFT JOIN region_class pc
      ON pc.region_code = r.region_code AND pc.fiscal_year = r.fiscal_year - 1 AND pc.func_code = s.prev_code
    GROUP BY r.region_code, r.fiscal_year, r.func_code
),
final AS (
    SELECT r.region_code, r.fiscal_year, r.func_code, r.func_name, r.amount, p.amount_prev,
           CAST(r.amount - p.amount_prev AS DECIMAL(18,2)) AS change,
           ratio(r.amount - p.amount_prev, p.amount_prev) AS change_pct
    FROM region_class r
    LEFT JOIN previous_year p USING (region_code, fiscal_year, func_code)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_region_function_yoy AS SELECT * FROM mat_region_function_yoy;
