-- Read from the store (read-only): the cells of last year's current submissions that the
-- cross-year rules compare with, in the shape of the money table. $shas: their sha256;
-- $tables: the tables those rules read (T1, T4).
WITH wanted AS (
    SELECT s.submission_id, s.sha256
    FROM submission s
    JOIN (SELECT unnest($shas) AS sha256) w ON w.sha256 = s.sha256
)
SELECT w.sha256, 'T1' AS tbl, f.side AS part, f.line_key AS key, CAST(NULL AS INTEGER) AS level,
       f.func_code AS code, f.amount, f.src_sheet AS sheet, f.src_cell AS cell, ss.unit, ss.decimals
FROM fct_summary f
JOIN wanted w ON w.submission_id = f.submission_id
JOIN submission_sheet ss ON ss.submission_id = f.submission_id AND ss.sheet = f.src_sheet
WHERE list_contains($tables, 'T1')
UNION ALL
SELECT w.sha256, f.source_table, f.measure, f.fund, f.level, f.func_code, f.amount, f.src_sheet,
       f.src_cell, ss.unit, ss.decimals
FROM fct_fiscal_expenditure f
JOIN wanted w ON w.submission_id = f.submission_id
JOIN submission_sheet ss ON ss.submission_id = f.submission_id AND ss.sheet = f.src_sheet
WHERE f.source_table = 'T4' AND f.level = 0 AND list_contains($tables, 'T4')
