-- Read from the store (read-only): the current submission of each department-year asked for.
-- $keys: 'dept_code|fiscal_year'.
SELECT s.dept_code, s.fiscal_year, s.sha256, s.source_path
FROM submission s
JOIN (SELECT unnest($keys) AS key) k ON k.key = s.dept_code || '|' || CAST(s.fiscal_year AS VARCHAR)
WHERE s.is_current
