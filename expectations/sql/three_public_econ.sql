-- X14: part ≤ whole. Each 三公 economic code of T6 is at most the matching T7 决算数
-- (T7 also counts project spending, so this is never an equality). $pairs: {code, item}.
WITH pairs AS (
    SELECT unnest($pairs, recursive := true)
),
t6 AS (
    SELECT m.*, p.item FROM money m JOIN pairs p ON m.code = p.code WHERE m.tbl = 'T6'
),
t7 AS (
    SELECT * FROM money WHERE tbl = 'T7' AND part = 'actual'
)
SELECT a.sha256, a.sheet, a.cell,
       coalesce(b.amount, 0) AS expected,
       a.amount AS actual,
       count(b.cell) OVER (PARTITION BY a.sha256, a.cell) AS n_terms,
       a.half_step + coalesce(b.half_step, 0) AS envelope,
       a.unit, a.decimals,
       CASE WHEN b.cell IS NULL THEN [] ELSE [{'sheet': b.sheet, 'cell': b.cell}] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', a.code, a.name) AS detail
FROM t6 a
LEFT JOIN t7 b ON b.sha256 = a.sha256 AND b.key = a.item
WHERE a.sha256 IN (SELECT sha256 FROM sheet_unit WHERE table_kind = 'T7')
