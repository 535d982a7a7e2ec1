-- C-005, C-006, C-008: one row per coded row of a table. dup_key repeats when a code appears on
-- two rows of one table; code_status is NULL where the code was derived from the name (T1/T4
-- lines); name_key / ref_name_key are normalised names (a former name listed as an alias counts).
-- ref_code(ref_year, scheme, code, name, name_key, is_primary): the code lists and their aliases.
-- The row is anchored at its first amount cell (the code cell is not kept by the parser).
WITH coded AS (
    SELECT min(m.cell_id) AS row_id, m.sha256, m.tbl, m.sheet, m.row_no, m.code, any_value(m.name) AS name,
           arg_min(m.cell, lpad(m.col, 3, ' ')) AS cell,
           CASE m.tbl WHEN 'T6' THEN 'economic' ELSE 'function' END AS scheme
    FROM money m
    WHERE m.code IS NOT NULL
    GROUP BY m.sha256, m.tbl, m.sheet, m.row_no, m.code
),
named AS (
    SELECT c.*, w.ref_year, CASE WHEN c.tbl IN ('T1', 'T4') THEN NULL ELSE name_key(c.name) END AS name_key
    FROM coded c JOIN wb w ON w.sha256 = c.sha256
),
listed AS (  -- the list's own name of each code
    SELECT ref_year, scheme, code, name, name_key FROM ref_code WHERE is_primary
),
accepted AS (  -- every name a code may carry: its own, and former names of 类
    SELECT DISTINCT ref_year, scheme, code, name_key FROM ref_code
)
SELECT n.row_id, n.sha256, n.sheet, n.cell, n.code, n.name,
       n.sha256 || '|' || n.tbl || '|' || n.code AS dup_key,
       CASE WHEN n.tbl IN ('T1', 'T4') THEN NULL
            WHEN l.code IS NOT NULL THEN 'known'
            ELSE 'unknown' END AS code_status,
       n.name_key,
       CASE WHEN n.name_key IS NOT NULL THEN coalesce(a.name_key, l.name_key) END AS ref_name_key,
       l.name AS ref_name
FROM named n
LEFT JOIN listed l ON l.ref_year = n.ref_year AND l.scheme = n.scheme AND l.code = n.code
LEFT JOIN accepted a ON a.ref_year = n.ref_year AND a.scheme = n.scheme AND a.code = n.code
                    AND a.name_key = n.name_key
