-- §3.3 check 3: the weights of every indicator plus the execution-rate weight add up to $total.
-- Anchored at the 总分 row's 分值 cell: the indicators' weight column on the 总分 row.
WITH indicators AS (
    SELECT sha256, sum(weight) AS weights, count(*) AS n,
           any_value(src_sheet) AS sheet, any_value(cell_col(weight_src_cell)) AS weight_col,
           min(weight_src_cell) AS first_cell
    FROM fct_performance_indicator
    WHERE weight IS NOT NULL
    GROUP BY sha256
),
execution AS (
    SELECT sha256, sum(weight) AS weights, count(*) AS n,
           list({'sheet': src_sheet, 'cell': weight_src_cell}) AS cells
    FROM fct_budget_execution
    WHERE weight IS NOT NULL
    GROUP BY sha256
)
SELECT u.sha256, u.sheet,
       coalesce(i.weight_col || cell_row(s.total_score_src_cell), i.first_cell) AS cell,
       CAST($total AS DECIMAL(18, 2)) AS expected,
       coalesce(i.weights, 0) + coalesce(e.weights, 0) AS actual,
       coalesce(i.n, 0) + coalesce(e.n, 0) AS n_terms,
       CAST(0 AS DECIMAL(18, 2)) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       coalesce(e.cells, []) AS inputs,
       CASE WHEN i.sha256 IS NULL THEN '没有读到任何绩效指标的分值' END AS missing,
       '分值合计' AS detail
FROM sheet_unit u
LEFT JOIN indicators i ON i.sha256 = u.sha256
LEFT JOIN execution e ON e.sha256 = u.sha256
LEFT JOIN fct_self_evaluation s ON s.sha256 = u.sha256
WHERE u.table_kind = 'T11'
