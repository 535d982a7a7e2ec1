-- int_dept_year (internal): the current submission of each department-year with the department's
-- attributes. Grain: department × year. Only is_current submissions count anywhere downstream.
-- counts_in_region: whether region totals add this row: every 部门 (and a department missing
-- from dim_department), and a 单位 only when its parent has no current workbook that year —
-- the parent's consolidated accounts already contain it; a 单位 whose parent is absent is all
-- the region knows of that spending, so it counts.
CREATE OR REPLACE VIEW int_dept_year AS
WITH current_submission AS (
    SELECT submission_id, dept_code, fiscal_year, error_count, warning_count
    FROM submission
    WHERE is_current
),
department AS (
    SELECT dept_code, dept_name, region_code, region_name, unit_kind, parent_dept_code
    FROM dim_department
),
with_department AS (
    SELECT c.submission_id, c.dept_code, c.fiscal_year, c.error_count, c.warning_count,
           d.dept_name, d.region_code, d.region_name, d.unit_kind, d.parent_dept_code
    FROM current_submission c
    LEFT JOIN department d USING (dept_code)
),
final AS (
    SELECT w.*,
           w.unit_kind IS DISTINCT FROM '单位' OR parent.dept_code IS NULL AS counts_in_region
    FROM with_department w
    LEFT JOIN current_submission parent
      ON parent.dept_code = w.parent_dept_code AND parent.fiscal_year = w.fiscal_year
)
SELECT * FROM final;
