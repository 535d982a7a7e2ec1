-- On each row of a table: the anchor column = Σ sign × the term columns printed on that row.
-- $runs: rule_id, relation, tbl, parts (the measures the anchor may be in; NULL = any),
-- anchor_key (the anchor column), terms ({part (NULL = the anchor's), key, sign}).
-- A row with none of the term columns does not apply; a row of zeros holds trivially and is left
-- out.
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
spec AS (
    SELECT run_no, unnest(run.terms) AS s FROM runs
),
anchor AS (
    SELECT r.run_no, r.run.rule_id, r.run.relation, m.*
    FROM runs r
    JOIN money m ON m.tbl = r.run.tbl AND m.key = r.run.anchor_key
    WHERE r.run.parts IS NULL OR list_contains(r.run.parts, m.part)
),
terms AS (
    SELECT a.run_no, a.wb_id, a.cell AS anchor_cell, m.amount * coalesce(spec.s.sign, 1) AS amount,
           m.half_step, m.sheet, m.cell, m.col
    FROM anchor a
    JOIN money m ON m.wb_id = a.wb_id AND m.tbl = a.tbl AND m.sheet = a.sheet AND m.row_no = a.row_no
    JOIN spec ON spec.run_no = a.run_no AND m.key = spec.s.key AND m.part = coalesce(spec.s.part, a.part)
)
SELECT a.rule_id, a.relation, a.sha256, a.sheet, a.cell,
       sum(t.amount) AS expected,
       a.amount AS actual,
       count(*) AS n_terms,
       a.half_step + sum(t.half_step) AS envelope,
       a.unit, a.decimals,
       list({'sheet': t.sheet, 'cell': t.cell}) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', a.code, coalesce(a.name, '合计')) AS detail
FROM anchor a
JOIN terms t ON t.run_no = a.run_no AND t.wb_id = a.wb_id AND t.anchor_cell = a.cell
GROUP BY a.run_no, a.rule_id, a.relation, a.sha256, a.sheet, a.cell, a.amount, a.half_step, a.unit,
         a.decimals, a.code, a.name
HAVING a.amount <> 0 OR bool_or(t.amount <> 0)
