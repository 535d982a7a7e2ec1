-- X11: when T4's fund column is zero everywhere, the fund's own table holds no amounts.
-- $runs: rule_id, relation, fund (T4's column), tbl (that fund's table). One row per amount of
-- that table that is not zero.
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
zero_fund AS (
    SELECT r.run_no, m.wb_id
    FROM runs r
    JOIN money m ON m.tbl = 'T4' AND m.key = r.run.fund
    GROUP BY r.run_no, m.wb_id
    HAVING bool_and(m.amount = 0)
)
SELECT r.run.rule_id, r.run.relation, m.sha256, m.sheet, m.cell,
       CAST(0 AS DECIMAL(18, 2)) AS expected,
       m.amount AS actual,
       0 AS n_terms,
       m.half_step AS envelope,
       m.unit, m.decimals,
       CAST([] AS STRUCT(sheet VARCHAR, cell VARCHAR)[]) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       concat_ws(' ', m.code, coalesce(m.name, '合计')) AS detail
FROM runs r
JOIN zero_fund z ON z.run_no = r.run_no
JOIN money m ON m.wb_id = z.wb_id AND m.tbl = r.run.tbl
WHERE m.amount <> 0
