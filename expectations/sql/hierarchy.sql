-- Down each column: a parent row = Σ its children one level below (合计 → 类 → 款 → 项).
-- Children of the 合计 row (level 0) are the 类 rows; of a coded row, the rows whose
-- parent_code is its code. $runs: rule_id, relation, tbl, parts / keys (narrow the columns;
-- NULL = all), parent_levels. A parent and children that are all zero (a column the department
-- has no money in) hold trivially and are left out, which halves the rows to judge.
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
pairs AS (  -- every parent–child pair of the batch, once, whichever rules read it
    SELECT p.wb_id, p.tbl, p.part, p.key, p.level, p.sha256, p.sheet, p.cell,
           p.amount AS parent_amount, p.half_step AS parent_half, p.unit, p.decimals,
           p.code AS parent_code, p.name AS parent_name,
           c.amount, c.half_step, c.sheet AS c_sheet, c.cell AS c_cell
    FROM money p
    JOIN money c ON c.wb_id = p.wb_id AND c.tbl = p.tbl AND c.part = p.part AND c.key = p.key
                AND c.level = p.level + 1 AND coalesce(c.parent_code, '') = coalesce(p.code, '')
    WHERE p.level IS NOT NULL
)
SELECT any_value(r.run.rule_id) AS rule_id, any_value(r.run.relation) AS relation,
       p.sha256, p.sheet, p.cell,
       sum(p.amount) AS expected,
       any_value(p.parent_amount) AS actual,
       count(*) AS n_terms,
       any_value(p.parent_half) + sum(p.half_step) AS envelope,
       any_value(p.unit) AS unit, any_value(p.decimals) AS decimals,
       list({'sheet': p.c_sheet, 'cell': p.c_cell}) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       any_value(concat_ws(' ', p.parent_code, coalesce(p.parent_name, '合计'))) AS detail
FROM pairs p
JOIN runs r ON r.run.tbl = p.tbl
           AND (r.run.parts IS NULL OR list_contains(r.run.parts, p.part))
           AND (r.run.keys IS NULL OR list_contains(r.run.keys, p.key))
           AND list_contains(r.run.parent_levels, p.level)
GROUP BY r.run_no, p.sha256, p.sheet, p.cell
HAVING any_value(p.parent_amount) <> 0 OR bool_or(p.amount <> 0)
