-- §3.3 check 7: an indicator that misses its target (by its ≥ ≤ = > <, compared only when both
-- values are numbers) or scores below its weight has its deviation reason filled in.
-- $runs: rule_id, relation, explained / unexplained (the two labels compared).
WITH runs AS (
    SELECT unnest($runs) AS run
),
missed AS (
    SELECT *
    FROM fct_performance_indicator
    WHERE (score IS NOT NULL AND weight IS NOT NULL AND score < weight)
       OR (actual_value IS NOT NULL AND target_value IS NOT NULL AND CASE target_op
              WHEN '≥' THEN actual_value < target_value
              WHEN '>' THEN actual_value <= target_value
              WHEN '≤' THEN actual_value > target_value
              WHEN '<' THEN actual_value >= target_value
              WHEN '=' THEN actual_value <> target_value
              ELSE false END)
)
SELECT r.run.rule_id, r.run.relation, m.sha256, m.src_sheet AS sheet,
       coalesce(m.actual_src_cell, m.score_src_cell) AS cell,
       r.run.explained AS expected_label,
       CASE WHEN trim(coalesce(m.note, '')) <> '' THEN r.run.explained ELSE r.run.unexplained END AS actual_label,
       CAST(NULL AS DECIMAL(18, 2)) AS expected, CAST(NULL AS DECIMAL(18, 2)) AS actual,
       CAST(NULL AS DECIMAL(18, 2)) AS envelope,
       list_filter([{'sheet': m.src_sheet, 'cell': m.target_src_cell}, {'sheet': m.src_sheet, 'cell': m.score_src_cell}],
                   lambda x: x.cell IS NOT NULL) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       m.indicator || '：指标值“' || coalesce(m.target_text, '') || '”，实际完成“' || coalesce(m.actual_text, '') || '”' AS detail
FROM runs r, missed m
