-- Read from the store (read-only): the current submission of each department-year asked for.
-- $keys: 'dept_code|fiscal_year'.
SELECT dept_code, fiscal_year, sha256, source_path
FROM submission
WHERE is_current AND list_contains($keys, dept_code || '|' || CAST(fiscal_year AS VARCHAR))
