-- X14: part ≤ whole. Each 三公 economic code of T6 is at most the matching T7 决算数
-- (T7 also counts project spending, so this is never an equality).
-- $runs: rule_id, relation, pairs ({code, item}).
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
pairs AS (
    SELECT run_no, unnest(run.pairs, recursive := true) FROM runs
),
t6 AS (
    SELECT p.run_no, p.item, m.* FROM money m JOIN pairs p ON m.code = p.code WHERE m.tbl = 'T6'
),
t7 AS (
    SELECT * FROM money WHERE tbl = 'T7' AND part = 'actual'
)
SELECT r.run.rule_id, r.run.relation, a.sha256, a.sheet, a.cell,
       coalesce(b.amount, 0) AS expected,
       a.amount AS actual,
       CASE WHEN b.cell IS NULL THEN 0 ELSE 1 END AS n_terms,
       a.half_step + coalesce(b.half_step, 0) AS envelope,
       a.unit, a.decimals,
       CASE WHEN b.cell IS NULL THEN [] ELSE [{'sheet': b.sheet, 'cell': b.cell}] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', a.code, a.name) AS detail
FROM t6 a
JOIN runs r ON r.run_no = a.run_no
LEFT JOIN t7 b ON b.wb_id = a.wb_id AND b.key = a.item
WHERE a.wb_id IN (SELECT wb_id FROM sheet_unit WHERE table_kind = 'T7')
