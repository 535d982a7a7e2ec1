-- §3.3 check 2: 执行率得分 = min(分值, 分值 × 执行率), on the lines that carry a score.
-- $runs: rule_id, relation. $score_half: half a point at the printed decimals.
WITH runs AS (
    SELECT unnest($runs) AS run
)
SELECT r.run.rule_id, r.run.relation, e.sha256, e.src_sheet AS sheet, e.score_src_cell AS cell,
       least(e.weight, e.weight * e.execution_rate) AS expected,
       e.score AS actual,
       2 AS n_terms,
       $score_half + e.weight * rate_half(e.execution_rate) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       [{'sheet': e.src_sheet, 'cell': e.weight_src_cell},
        {'sheet': e.src_sheet, 'cell': e.execution_rate_src_cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       e.line_label AS detail
FROM runs r, fct_budget_execution e
WHERE e.score IS NOT NULL AND e.weight IS NOT NULL AND e.execution_rate IS NOT NULL
