-- Down each column: a parent row = Σ its children one level below (合计 → 类 → 款 → 项).
-- Children of the 合计 row (level 0) are the 类 rows; of a coded row, the rows whose code
-- extends its code. $tbl; $parts / $keys narrow the columns (NULL = all); $parent_levels.
WITH cells AS (
    SELECT * FROM money
    WHERE tbl = $tbl
      AND ($parts IS NULL OR list_contains($parts, part))
      AND ($keys IS NULL OR list_contains($keys, key))
),
pairs AS (
    SELECT p.sha256, p.sheet, p.cell, p.amount AS parent_amount, p.half_step AS parent_half,
           p.unit, p.decimals, p.code AS parent_code, p.name AS parent_name,
           c.amount, c.half_step, c.sheet AS c_sheet, c.cell AS c_cell, c.row_no AS c_row
    FROM cells p
    JOIN cells c ON c.sha256 = p.sha256 AND c.part = p.part AND c.key = p.key
                AND c.level = p.level + 1
                AND (p.level = 0 OR starts_with(c.code, p.code))
    WHERE list_contains($parent_levels, p.level)
)
SELECT sha256, sheet, cell,
       sum(amount) AS expected,
       any_value(parent_amount) AS actual,
       count(*) AS n_terms,
       any_value(parent_half) + sum(half_step) AS envelope,
       any_value(unit) AS unit, any_value(decimals) AS decimals,
       list({'sheet': c_sheet, 'cell': c_cell} ORDER BY c_row) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       any_value(concat_ws(' ', parent_code, coalesce(parent_name, '合计'))) AS detail
FROM pairs
GROUP BY sha256, sheet, cell
