-- §3.3 check 4: 0 ≤ 得分 ≤ 分值 on every indicator row and every scored money line.
-- $bound = 'upper' compares with the weight, 'lower' with zero (the run's relation says which way).
WITH scored AS (
    SELECT sha256, src_sheet AS sheet, score_src_cell AS cell, score, weight, weight_src_cell,
           indicator AS label
    FROM fct_performance_indicator
    WHERE score IS NOT NULL AND weight IS NOT NULL
    UNION ALL
    SELECT sha256, src_sheet, score_src_cell, score, weight, weight_src_cell, line_label
    FROM fct_budget_execution
    WHERE score IS NOT NULL AND weight IS NOT NULL
)
SELECT sha256, sheet, cell,
       CASE $bound WHEN 'upper' THEN weight ELSE 0 END AS expected,
       score AS actual,
       1 AS n_terms,
       CAST(0 AS DECIMAL(18, 2)) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       CASE $bound WHEN 'upper' THEN [{'sheet': sheet, 'cell': weight_src_cell}] ELSE [] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       label AS detail
FROM scored
