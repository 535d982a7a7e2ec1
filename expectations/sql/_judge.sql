-- Wraps each rule query (inserted where the placeholder is) as its rows go into rule_result:
--   excess:  how far the anchored cell is from what the relation allows (≤ 0 when an inequality
--            holds; for '≠', 1 when the two sides are equal)
--   allowed: the rounding envelope for tolerance 'envelope', else 0
-- Great Expectations then checks allowed ≥ excess (suites/identities.json); a difference with
-- 0 < excess ≤ allowed is rounding: no finding, but counted.
INSERT INTO rule_result BY NAME
SELECT q.*,
       nextval('rule_row') AS row_id,
       m.unreadable,
       q.missing AS reason,
       CAST(CASE q.relation
           WHEN '=' THEN abs(q.actual - q.expected)
           WHEN '≤' THEN q.actual - q.expected
           WHEN '≥' THEN q.expected - q.actual
           WHEN '≠' THEN CASE WHEN q.actual = q.expected THEN 1 ELSE 0 END
       END AS DECIMAL(38, 8)) AS excess,
       CAST(CASE m.tolerance WHEN 'envelope' THEN q.envelope ELSE 0 END AS DECIMAL(38, 8)) AS allowed
FROM ({rule_query}) q
JOIN rule_meta m ON m.rule_id = q.rule_id
