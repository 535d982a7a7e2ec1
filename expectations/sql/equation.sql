-- anchor = Σ sign × terms, within one workbook and across its tables (rules.yaml selectors).
-- $runs: every run of every rule that uses this query — rule_id, relation, anchor (selector,
-- label, required), terms (selectors with label, sign, required) and min_terms (with fewer
-- terms found the identity does not apply to that layout).
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
spec AS (
    SELECT run_no, unnest(run.terms) AS s, generate_subscripts(run.terms, 1) AS idx FROM runs
),
anchor AS (
    SELECT r.run_no, m.*
    FROM runs r
    JOIN money m ON m.tbl = r.run.anchor.tbl AND picks(r.run.anchor, m.tbl, m.part, m.key, m.level, m.code)
),
terms AS (
    SELECT spec.run_no, spec.idx, coalesce(spec.s.sign, 1) AS sign, m.*
    FROM spec
    JOIN money m ON m.tbl = spec.s.tbl AND picks(spec.s, m.tbl, m.part, m.key, m.level, m.code)
),
absent AS (
    SELECT spec.run_no, u.wb_id, string_agg('“' || spec.s.label || '”', '、' ORDER BY spec.idx) AS labels
    FROM spec
    JOIN runs r ON r.run_no = spec.run_no
    JOIN sheet_unit u ON u.table_kind = r.run.anchor.tbl
    WHERE spec.s.required
      AND NOT EXISTS (SELECT 1 FROM terms t
                      WHERE t.run_no = spec.run_no AND t.wb_id = u.wb_id AND t.idx = spec.idx)
    GROUP BY spec.run_no, u.wb_id
)
SELECT any_value(r.run.rule_id) AS rule_id, any_value(r.run.relation) AS relation,
       u.sha256, u.sheet, a.cell,
       coalesce(sum(t.sign * t.amount), 0) AS expected,
       a.amount AS actual,
       count(t.cell) AS n_terms,
       a.half_step + coalesce(sum(t.half_step), 0) AS envelope,
       u.unit, u.decimals,
       coalesce(list({'sheet': t.sheet, 'cell': t.cell})
                FILTER (WHERE t.cell IS NOT NULL), []) AS inputs,
       CASE WHEN a.cell IS NULL THEN '表中没有找到“' || any_value(r.run.anchor.label) || '”'
            WHEN x.labels IS NOT NULL THEN '没有找到' || x.labels END AS missing,
       any_value(r.run.anchor.label) AS detail
FROM runs r
JOIN sheet_unit u ON u.table_kind = r.run.anchor.tbl
LEFT JOIN anchor a ON a.run_no = r.run_no AND a.wb_id = u.wb_id
LEFT JOIN terms t ON t.run_no = r.run_no AND t.wb_id = u.wb_id
LEFT JOIN absent x ON x.run_no = r.run_no AND x.wb_id = u.wb_id
WHERE a.cell IS NOT NULL OR coalesce(r.run.anchor.required, true)
GROUP BY r.run_no, u.sha256, u.sheet, a.cell, a.amount, a.half_step, u.unit, u.decimals, x.labels
HAVING count(t.cell) >= any_value(r.run.min_terms) OR x.labels IS NOT NULL OR a.cell IS NULL
