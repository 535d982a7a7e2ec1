-- Rules that cannot run on a workbook because a table they read is not in it: one row per
-- workbook and rule, listing the missing tables (rule_table comes from rules.yaml `tables`).
-- Their rows in rule_result are dropped: the gap is the one thing to say.
CREATE OR REPLACE TEMP TABLE gaps AS
SELECT w.sha256, rt.rule_id, list(rt.table_kind ORDER BY rt.position) AS missing_tables
FROM wb w
JOIN rule_table rt
  ON NOT EXISTS (SELECT 1 FROM sheet_unit u WHERE u.sha256 = w.sha256 AND u.table_kind = rt.table_kind)
GROUP BY ALL;

DELETE FROM rule_result r
WHERE EXISTS (SELECT 1 FROM gaps g WHERE g.sha256 = r.sha256 AND g.rule_id = r.rule_id);
