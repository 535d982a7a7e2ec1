-- C-005, C-006, C-008: one row per coded row of a table. dup_key repeats when a code appears on
-- two rows of one table; code_status is NULL where the code was derived from the name (T1/T4
-- lines); name_key / ref_name_key are normalised names (a former name listed as an alias counts).
-- ref_code(ref_year, scheme, code, name, name_key, is_primary): the code lists and their aliases.
-- The row is anchored at its first amount cell (the code cell is not kept by the parser).
WITH coded AS (
    SELECT m.sha256, m.tbl, m.sheet, m.row_no, m.code, any_value(m.name) AS name,
           arg_min(m.cell, lpad(m.col, 3, ' ')) AS cell,
           CASE m.tbl WHEN 'T6' THEN 'economic' ELSE 'function' END AS scheme
    FROM money m
    WHERE m.code IS NOT NULL
    GROUP BY m.sha256, m.tbl, m.sheet, m.row_no, m.code
),
named AS (
    SELECT c.*, w.ref_year, name_key(c.name) AS name_key
    FROM coded c JOIN wb w ON w.sha256 = c.sha256
)
SELECT n.sha256, n.sheet, n.cell, n.code, n.name,
       n.sha256 || '|' || n.tbl || '|' || n.code AS dup_key,
       CASE WHEN n.tbl IN ('T1', 'T4') THEN NULL
            WHEN EXISTS (SELECT 1 FROM ref_code r
                         WHERE r.ref_year = n.ref_year AND r.scheme = n.scheme AND r.code = n.code)
                THEN 'known'
            ELSE 'unknown' END AS code_status,
       CASE WHEN n.tbl IN ('T1', 'T4') THEN NULL ELSE n.name_key END AS name_key,
       CASE WHEN n.tbl IN ('T1', 'T4') THEN NULL ELSE coalesce(
           (SELECT r.name_key FROM ref_code r WHERE r.ref_year = n.ref_year AND r.scheme = n.scheme
                AND r.code = n.code AND r.name_key = n.name_key LIMIT 1),
           (SELECT r.name_key FROM ref_code r WHERE r.ref_year = n.ref_year AND r.scheme = n.scheme
                AND r.code = n.code AND r.is_primary LIMIT 1)) END AS ref_name_key,
       (SELECT r.name FROM ref_code r WHERE r.ref_year = n.ref_year AND r.scheme = n.scheme
            AND r.code = n.code AND r.is_primary LIMIT 1) AS ref_name
FROM named n
