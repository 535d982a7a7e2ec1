-- §3.3 check 5: 总分 = Σ 得分 of every indicator and of the execution-rate line.
-- $runs: rule_id, relation. $score_half: half a point at the printed decimals.
WITH runs AS (
    SELECT unnest($runs) AS run
),
scores AS (
    SELECT sha256, score, src_sheet AS sheet, score_src_cell AS cell
    FROM fct_performance_indicator WHERE score IS NOT NULL
    UNION ALL
    SELECT sha256, score, src_sheet, score_src_cell
    FROM fct_budget_execution WHERE score IS NOT NULL
)
SELECT any_value(r.run.rule_id) AS rule_id, any_value(r.run.relation) AS relation,
       u.sha256, u.sheet, s.total_score_src_cell AS cell,
       coalesce(sum(x.score), 0) AS expected,
       s.total_score AS actual,
       count(x.cell) AS n_terms,
       (count(x.cell) + 1) * $score_half AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       coalesce(list({'sheet': x.sheet, 'cell': x.cell} ORDER BY cell_row(x.cell))
                FILTER (WHERE x.cell IS NOT NULL), []) AS inputs,
       CASE WHEN s.total_score IS NULL THEN '没有读到总分' END AS missing,
       '总分' AS detail
FROM runs r
JOIN sheet_unit u ON u.table_kind = 'T11'
LEFT JOIN fct_self_evaluation s ON s.sha256 = u.sha256
LEFT JOIN scores x ON x.sha256 = u.sha256
GROUP BY u.sha256, u.sheet, s.total_score_src_cell, s.total_score
