-- Rule results → what Great Expectations judges, or why a rule did not run.
--   excess:  how far the anchored cell is from what the rule allows (≤ 0 for an inequality
--            that holds; for '≠', 1 when the two sides are equal)
--   allowed: the rounding envelope for tolerance 'envelope', else 0
--   reason:  not evaluated because an input is missing, or an amount cell it reads (in the
--            anchored row, or in the columns it reads, per the rule's `unreadable`) is unreadable
-- Rows of a rule whose table the workbook lacks are left out: _gaps.sql reports those.
WITH r AS (
    SELECT row_number() OVER () AS row_id,
           res.*, m.tolerance, m.unreadable
    FROM rule_result res
    JOIN rule_meta m ON m.rule_id = res.rule_id
    WHERE NOT EXISTS (SELECT 1 FROM gaps g WHERE g.sha256 = res.sha256 AND g.rule_id = res.rule_id)
),
-- Only workbooks with an unreadable cell are looked at (bad_cell is usually empty).
blocked AS (
    SELECT r.row_id, min(b.sheet || '!' || b.cell) AS bad
    FROM bad_cell b
    JOIN r ON r.sha256 = b.sha256
    WHERE (r.unreadable = 'row' AND b.sheet = r.sheet AND cell_row(b.cell) = cell_row(r.cell))
       OR (r.unreadable = 'column'
           AND ((b.sheet = r.sheet AND cell_col(b.cell) = cell_col(r.cell))
                OR len(list_filter(r.inputs, lambda i: i.sheet = b.sheet
                                                       AND cell_col(i.cell) = cell_col(b.cell))) > 0))
    GROUP BY r.row_id
),
judged AS (
    SELECT r.*,
           coalesce(r.missing, (SELECT '单元格 ' || min(k.bad) || ' 的金额无法读取'
                                FROM blocked k WHERE k.row_id = r.row_id)) AS reason,
           CAST(CASE r.relation
               WHEN '=' THEN abs(r.actual - r.expected)
               WHEN '≤' THEN r.actual - r.expected
               WHEN '≥' THEN r.expected - r.actual
               WHEN '≠' THEN CASE WHEN r.actual = r.expected THEN 1 ELSE 0 END
           END AS DECIMAL(38, 8)) AS excess,
           CAST(CASE r.tolerance WHEN 'envelope' THEN r.envelope ELSE 0 END AS DECIMAL(38, 8)) AS allowed
    FROM r
)
-- rounding: a difference inside the envelope (no finding; the run summary counts it)
SELECT *, coalesce(reason IS NULL AND excess > 0 AND excess <= allowed, false) AS rounding
FROM judged
