-- X11: when T4's $fund column is zero everywhere, the fund's own table ($tbl) holds no amounts.
-- One row per amount of that table that is not zero.
WITH zero_fund AS (
    SELECT sha256 FROM money
    WHERE tbl = 'T4' AND key = $fund
    GROUP BY sha256
    HAVING bool_and(amount = 0)
)
SELECT m.sha256, m.sheet, m.cell,
       CAST(0 AS DECIMAL(18, 2)) AS expected,
       m.amount AS actual,
       0 AS n_terms,
       m.half_step AS envelope,
       m.unit, m.decimals,
       [] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', m.code, coalesce(m.name, '合计')) AS detail
FROM money m
JOIN zero_fund z ON z.sha256 = m.sha256
WHERE m.tbl = $tbl AND m.amount <> 0
