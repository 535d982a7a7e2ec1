-- The same code in two tables: the left cell = the right cell, a code absent on the right
-- counting as zero. $left / $right: selectors; $only_unmatched: only left codes the right lacks
-- (the reverse pass of a two-sided comparison).
WITH l AS (
    SELECT * FROM money m WHERE picks($left, m.tbl, m.part, m.key, m.level, m.code) AND m.code IS NOT NULL
),
r AS (
    SELECT * FROM money m WHERE picks($right, m.tbl, m.part, m.key, m.level, m.code) AND m.code IS NOT NULL
)
SELECT l.sha256, l.sheet, l.cell,
       coalesce(r.amount, 0) AS expected,
       l.amount AS actual,
       count(r.cell) OVER (PARTITION BY l.sha256, l.cell) AS n_terms,
       l.half_step + coalesce(r.half_step, 0) AS envelope,
       l.unit, l.decimals,
       CASE WHEN r.cell IS NULL THEN [] ELSE [{'sheet': r.sheet, 'cell': r.cell}] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', l.code, l.name) || CASE WHEN r.cell IS NULL THEN '（另一表无此科目）' ELSE '' END AS detail
FROM l
LEFT JOIN r ON r.sha256 = l.sha256 AND r.code = l.code
WHERE l.sha256 IN (SELECT sha256 FROM sheet_unit WHERE table_kind = $right.tbl)
  AND (NOT $only_unmatched OR r.cell IS NULL)
