-- On each row of a table: the anchor column = Σ sign × the term columns printed on that row.
-- $tbl; $parts: the measures the anchor may be in (NULL = any); $anchor_key: the anchor column;
-- $terms: {part (NULL = the anchor's), key, sign}. Rows with no term column do not apply.
WITH spec AS (
    SELECT unnest($terms) AS s
),
anchor AS (
    SELECT * FROM money
    WHERE tbl = $tbl AND key = $anchor_key AND ($parts IS NULL OR list_contains($parts, part))
),
terms AS (
    SELECT a.sha256, a.cell AS anchor_cell, m.amount * coalesce(spec.s.sign, 1) AS amount,
           m.half_step, m.sheet, m.cell, m.col
    FROM anchor a
    JOIN money m ON m.sha256 = a.sha256 AND m.tbl = a.tbl AND m.sheet = a.sheet AND m.row_no = a.row_no
    JOIN spec ON m.key = spec.s.key AND m.part = coalesce(spec.s.part, a.part)
)
SELECT a.sha256, a.sheet, a.cell,
       sum(t.amount) AS expected,
       a.amount AS actual,
       count(*) AS n_terms,
       a.half_step + sum(t.half_step) AS envelope,
       a.unit, a.decimals,
       list({'sheet': t.sheet, 'cell': t.cell} ORDER BY t.col) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', a.code, coalesce(a.name, '合计')) AS detail
FROM anchor a
JOIN terms t ON t.sha256 = a.sha256 AND t.anchor_cell = a.cell
GROUP BY a.sha256, a.sheet, a.cell, a.amount, a.half_step, a.unit, a.decimals, a.code, a.name
