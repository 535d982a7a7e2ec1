-- §3.3 check 7: an indicator that misses its target (by its ≥ ≤ = > <, compared only when both
-- values are numbers in the same unit) or scores below its weight has its deviation reason.
WITH missed AS (
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
SELECT sha256, src_sheet AS sheet, coalesce(actual_src_cell, score_src_cell) AS cell,
       $explained AS expected_label,
       CASE WHEN trim(coalesce(note, '')) <> '' THEN $explained ELSE $unexplained END AS actual_label,
       list_filter([{'sheet': src_sheet, 'cell': target_src_cell}, {'sheet': src_sheet, 'cell': score_src_cell}],
                   lambda x: x.cell IS NOT NULL) AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       indicator || '：指标值“' || coalesce(target_text, '') || '”，实际完成“' || coalesce(actual_text, '') || '”' AS detail
FROM missed
