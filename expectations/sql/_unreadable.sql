-- A rule does not run where an amount it reads could not be read (bad_cell: the parser's
-- findings of rules marked `unreadable_cell`). `unreadable` says which cells count: 'row' — the
-- anchored cell's row; 'column' — the columns of the anchored cell and of every input (a term
-- that could not be read is not among the inputs, but sits in their column).
-- Only workbooks with an unreadable cell are looked at; bad_cell is usually empty.
UPDATE rule_result
SET reason = '单元格 ' || b.bad || ' 的金额无法读取'
FROM (
    SELECT r.row_id, min(c.sheet || '!' || c.cell) AS bad
    FROM bad_cell c
    JOIN rule_result r ON r.sha256 = c.sha256
    WHERE r.reason IS NULL
      AND ((r.unreadable = 'row' AND c.sheet = r.sheet AND cell_row(c.cell) = cell_row(r.cell))
           OR (r.unreadable = 'column'
               AND ((c.sheet = r.sheet AND cell_col(c.cell) = cell_col(r.cell))
                    OR len(list_filter(r.inputs, lambda i: i.sheet = c.sheet
                                                           AND cell_col(i.cell) = cell_col(c.cell))) > 0)))
    GROUP BY r.row_id
) b
WHERE rule_result.row_id = b.row_id
