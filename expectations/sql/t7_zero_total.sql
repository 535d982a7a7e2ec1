-- T7.c: where the 三公 合计 (预算数 or 决算数) is zero, every item of that phase is zero too.
-- $runs: rule_id, relation, items ({key, label}: the items' names for people).
WITH runs AS (
    SELECT unnest($runs) AS run
),
t7 AS (
    SELECT * FROM money WHERE tbl = 'T7'
)
SELECT r.run.rule_id, r.run.relation, i.sha256, i.sheet, i.cell,
       CAST(0 AS DECIMAL(18, 2)) AS expected,
       i.amount AS actual,
       1 AS n_terms,
       i.half_step + t.half_step AS envelope,
       i.unit, i.decimals,
       [{'sheet': t.sheet, 'cell': t.cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       coalesce(list_filter(r.run.items, lambda n: n.key = i.key)[1].label, i.key)
           || '（' || CASE i.part WHEN 'budget' THEN '预算数' ELSE '决算数' END || '）' AS detail
FROM runs r, t7 t
JOIN t7 i ON i.wb_id = t.wb_id AND i.part = t.part AND i.key <> 'total'
WHERE t.key = 'total' AND t.amount = 0
