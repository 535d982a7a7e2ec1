-- Rules that cannot run on a workbook because a table they read is not in it: one row per
-- workbook and rule, listing the missing tables (rule_table comes from rules.yaml `tables`).
SELECT w.sha256, rt.rule_id, list(rt.table_kind ORDER BY rt.position) AS missing_tables
FROM wb w
JOIN rule_table rt
  ON NOT EXISTS (SELECT 1 FROM sheet_unit u WHERE u.sha256 = w.sha256 AND u.table_kind = rt.table_kind)
GROUP BY ALL
