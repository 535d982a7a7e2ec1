-- §3.3 check 4: 0 ≤ 得分 ≤ 分值 on every indicator row and every scored money line.
-- $runs: rule_id, relation, bound ('upper': compared with the weight, relation ≤;
-- 'lower': with zero, relation ≥).
WITH runs AS (
    SELECT unnest($runs) AS run
),
scored AS (
    SELECT sha256, src_sheet AS sheet, score_src_cell AS cell, score, weight, weight_src_cell,
           indicator AS label
    FROM fct_performance_indicator
    WHERE score IS NOT NULL AND weight IS NOT NULL
    UNION ALL
    SELECT sha256, src_sheet, score_src_cell, score, weight, weight_src_cell, line_label
    FROM fct_budget_execution
    WHERE score IS NOT NULL AND weight IS NOT NULL
)
SELECT r.run.rule_id, r.run.relation, s.sha256, s.sheet, s.cell,
       CASE r.run.bound WHEN 'upper' THEN s.weight ELSE 0 END AS expected,
       s.score AS actual,
       1 AS n_terms,
       CAST(0 AS DECIMAL(18, 2)) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       CASE r.run.bound WHEN 'upper' THEN [{'sheet': s.sheet, 'cell': s.weight_src_cell}] ELSE [] END AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       s.label AS detail
FROM runs r, scored s
