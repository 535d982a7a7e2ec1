-- §3.3 check 3: the weights of every indicator plus the execution-rate weight add up to the
-- total. Anchored at the 总分 row's 分值 cell: the indicators' weight column on the 总分 row.
-- $runs: rule_id, relation, total.
WITH runs AS (
    SELECT unnest($runs) AS run
),
indicators AS (
    SELECT sha256, sum(weight) AS weights, count(*) AS n,
           any_value(cell_col(weight_src_cell)) AS weight_col, min(weight_src_cell) AS first_cell
    FROM fct_performance_indicator
    WHERE weight IS NOT NULL
    GROUP BY sha256
),
execution_weights AS (
    SELECT sha256, sum(weight) AS weights, count(*) AS n,
           list({'sheet': src_sheet, 'cell': weight_src_cell}) AS cells
    FROM fct_budget_execution
    WHERE weight IS NOT NULL
    GROUP BY sha256
)
SELECT r.run.rule_id, r.run.relation, u.sha256, u.sheet,
       coalesce(i.weight_col || cell_row(s.total_score_src_cell), i.first_cell) AS cell,
       CAST(r.run.total AS DECIMAL(18, 2)) AS expected,
       coalesce(i.weights, 0) + coalesce(e.weights, 0) AS actual,
       coalesce(i.n, 0) + coalesce(e.n, 0) AS n_terms,
       CAST(0 AS DECIMAL(18, 2)) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       coalesce(e.cells, []) AS inputs,
       CASE WHEN i.sha256 IS NULL THEN '没有读到任何绩效指标的分值' END AS missing,
       '分值合计' AS detail
FROM runs r
JOIN sheet_unit u ON u.table_kind = 'T11'
LEFT JOIN indicators i ON i.sha256 = u.sha256
LEFT JOIN execution_weights e ON e.sha256 = u.sha256
LEFT JOIN fct_self_evaluation s ON s.sha256 = u.sha256
