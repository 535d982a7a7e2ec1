-- §3.3 check 2: 执行率得分 = min(分值, 分值 × 执行率), on the lines that carry a score.
SELECT sha256, src_sheet AS sheet, score_src_cell AS cell,
       least(weight, weight * execution_rate) AS expected,
       score AS actual,
       2 AS n_terms,
       $score_half + weight * rate_half(execution_rate) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       [{'sheet': src_sheet, 'cell': weight_src_cell},
        {'sheet': src_sheet, 'cell': execution_rate_src_cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       line_label AS detail
FROM fct_budget_execution
WHERE score IS NOT NULL AND weight IS NOT NULL AND execution_rate IS NOT NULL
