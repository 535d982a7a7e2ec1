-- anchor = Σ sign × terms, within one workbook and across its tables (rules.yaml selectors).
-- $anchor: selector + label + required; $terms: selectors + label, sign, required;
-- $min_terms: below this many terms found the identity does not apply (a layout without them).
WITH spec AS (
    SELECT unnest($terms) AS s, generate_subscripts($terms, 1) AS idx
),
anchor AS (
    SELECT * FROM money m WHERE picks($anchor, m.tbl, m.part, m.key, m.level, m.code)
),
terms AS (
    SELECT m.*, spec.idx, coalesce(spec.s.sign, 1) AS sign
    FROM money m JOIN spec ON picks(spec.s, m.tbl, m.part, m.key, m.level, m.code)
),
absent AS (
    SELECT u.sha256, string_agg('“' || spec.s.label || '”', '、' ORDER BY spec.idx) AS labels
    FROM sheet_unit u, spec
    WHERE u.table_kind = $anchor.tbl AND spec.s.required
      AND NOT EXISTS (SELECT 1 FROM terms t WHERE t.sha256 = u.sha256 AND t.idx = spec.idx)
    GROUP BY u.sha256
)
SELECT u.sha256, u.sheet, a.cell,
       coalesce(sum(t.sign * t.amount), 0) AS expected,
       a.amount AS actual,
       count(t.cell) AS n_terms,
       a.half_step + coalesce(sum(t.half_step), 0) AS envelope,
       u.unit, u.decimals,
       coalesce(list({'sheet': t.sheet, 'cell': t.cell} ORDER BY t.idx, t.row_no, t.col)
                FILTER (WHERE t.cell IS NOT NULL), []) AS inputs,
       CASE WHEN a.cell IS NULL THEN '表中没有找到“' || $anchor.label || '”'
            WHEN x.labels IS NOT NULL THEN '没有找到' || x.labels END AS missing,
       $anchor.label AS detail
FROM sheet_unit u
LEFT JOIN anchor a ON a.sha256 = u.sha256
LEFT JOIN terms t ON t.sha256 = u.sha256
LEFT JOIN absent x ON x.sha256 = u.sha256
WHERE u.table_kind = $anchor.tbl
  AND (a.cell IS NOT NULL OR coalesce($anchor.required, true))
GROUP BY u.sha256, u.sheet, a.cell, a.amount, a.half_step, u.unit, u.decimals, x.labels
HAVING count(t.cell) >= $min_terms OR x.labels IS NOT NULL OR a.cell IS NULL
