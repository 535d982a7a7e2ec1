-- int_dept_prev (internal): which current submissions of the year before form a department-year's
-- "previous year". Grain: department × year × predecessor submission.
-- The predecessors are the department's own code and every old code that map_department merges
-- or renames into it from that year (机构改革). A row appears only when the previous year is
-- complete: every old code named by map_department has a current submission that year, and at
-- least one predecessor has. Otherwise the department-year has no rows, and its YoY is NULL.
CREATE OR REPLACE VIEW int_dept_prev AS
WITH dept_year AS (
    SELECT submission_id, dept_code, fiscal_year
    FROM int_dept_year
),
renamed AS (
    SELECT m.new_dept_code AS dept_code, m.from_year AS fiscal_year, m.old_dept_code AS prev_dept_code
    FROM map_department m
    JOIN dept_year d ON d.dept_code = m.new_dept_code AND d.fiscal_year = m.from_year
),
candidate AS (
    SELECT dept_code, fiscal_year, prev_dept_code, true AS required
    FROM renamed
    UNION ALL
    -- A department created by the change may have no code of its own the year before.
    SELECT d.dept_code, d.fiscal_year, d.dept_code,
           NOT EXISTS (SELECT 1 FROM renamed r WHERE r.dept_code = d.dept_code AND r.fiscal_year = d.fiscal_year)
    FROM dept_year d
),
found AS (
    SELECT c.dept_code, c.fiscal_year, c.prev_dept_code, c.required, y.submission_id AS prev_submission_id
    FROM candidate c
    LEFT JOIN dept_year y ON y.dept_code = c.prev_dept_code AND y.fiscal_year = c.fiscal_year - 1
),
complete AS (
    SELECT dept_code, fiscal_year, count(prev_submission_id) AS predecessors
    FROM found
    GROUP BY dept_code, fiscal_year
    HAVING count(prev_submission_id) > 0 AND bool_and(prev_submission_id IS NOT NULL OR NOT required)
),
final AS (
    SELECT f.dept_code, f.fiscal_year, f.prev_dept_code, f.prev_submission_id, c.predecessors
    FROM found f
    JOIN complete c USING (dept_code, fiscal_year)
    WHERE f.prev_submission_id IS NOT NULL
)
SELECT * FROM final;
