-- §3.3 check 6: the grade as written falls in the band of 总分.
-- $runs: rule_id, relation, bands ({band, min}, any order).
WITH runs AS (
    SELECT unnest($runs) AS run
)
SELECT r.run.rule_id, r.run.relation, u.sha256, u.sheet, s.grade_src_cell AS cell,
       list_sort(list_transform(list_filter(r.run.bands, lambda b: s.total_score >= b.min),
                                lambda b: {'min': b.min, 'band': b.band}), 'DESC')[1].band AS expected_label,
       s.grade_band AS actual_label,
       CAST(NULL AS DECIMAL(18, 2)) AS expected, CAST(NULL AS DECIMAL(18, 2)) AS actual,
       CAST(NULL AS DECIMAL(18, 2)) AS envelope,
       CASE WHEN s.total_score_src_cell IS NULL THEN []
            ELSE [{'sheet': s.src_sheet, 'cell': s.total_score_src_cell}] END AS inputs,
       CASE WHEN s.sha256 IS NULL OR s.total_score IS NULL THEN '没有读到总分'
            WHEN s.grade IS NULL THEN '没有填写自评等级'
            WHEN s.grade_band IS NULL THEN '自评等级“' || s.grade || '”不是已知的等级' END AS missing,
       '总分 ' || coalesce(CAST(s.total_score AS VARCHAR), '') || '，自评等级“' || coalesce(s.grade, '') || '”' AS detail
FROM runs r
JOIN sheet_unit u ON u.table_kind = 'T11'
LEFT JOIN fct_self_evaluation s ON s.sha256 = u.sha256
