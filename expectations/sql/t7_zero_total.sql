-- T7.c: where the 三公 合计 (预算数 or 决算数) is zero, every item of that phase is zero too.
-- $items: {key, label}, the items' names for people.
WITH t7 AS (SELECT * FROM money WHERE tbl = 'T7'),
items AS (SELECT unnest($items, recursive := true))
SELECT i.sha256, i.sheet, i.cell,
       CAST(0 AS DECIMAL(18, 2)) AS expected,
       i.amount AS actual,
       1 AS n_terms,
       i.half_step + t.half_step AS envelope,
       i.unit, i.decimals,
       [{'sheet': t.sheet, 'cell': t.cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       coalesce(n.label, i.key) || '（' || CASE i.part WHEN 'budget' THEN '预算数' ELSE '决算数' END || '）' AS detail
FROM t7 t
JOIN t7 i ON i.sha256 = t.sha256 AND i.part = t.part AND i.key <> 'total'
LEFT JOIN items n ON n.key = i.key
WHERE t.key = 'total' AND t.amount = 0
