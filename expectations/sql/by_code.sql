-- The same code in two tables: the left cell = the right cell, a code absent on the right
-- counting as zero. $runs: rule_id, relation, left / right (selectors), only_unmatched (only
-- left codes the right lacks: the reverse pass of a two-sided comparison).
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
l AS (
    SELECT r.run_no, m.*
    FROM runs r
    JOIN money m ON m.tbl = r.run.left.tbl AND picks(r.run.left, m.tbl, m.part, m.key, m.level, m.code)
    WHERE m.code IS NOT NULL
),
rt AS (
    SELECT r.run_no, m.*
    FROM runs r
    JOIN money m ON m.tbl = r.run.right.tbl AND picks(r.run.right, m.tbl, m.part, m.key, m.level, m.code)
    WHERE m.code IS NOT NULL
)
SELECT r.run.rule_id, r.run.relation, l.sha256, l.sheet, l.cell,
       coalesce(x.amount, 0) AS expected,
       l.amount AS actual,
       CASE WHEN x.cell IS NULL THEN 0 ELSE 1 END AS n_terms,
       l.half_step + coalesce(x.half_step, 0) AS envelope,
       l.unit, l.decimals,
       CASE WHEN x.cell IS NULL THEN [] ELSE [{'sheet': x.sheet, 'cell': x.cell}] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', l.code, l.name) || CASE WHEN x.cell IS NULL THEN '（另一表无此科目）' ELSE '' END AS detail
FROM l
JOIN runs r ON r.run_no = l.run_no
LEFT JOIN rt x ON x.run_no = l.run_no AND x.wb_id = l.wb_id AND x.code = l.code
WHERE EXISTS (SELECT 1 FROM sheet_unit u WHERE u.wb_id = l.wb_id AND u.table_kind = r.run.right.tbl)
  AND (NOT r.run.only_unmatched OR x.cell IS NULL)
