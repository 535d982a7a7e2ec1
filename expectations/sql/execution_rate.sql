-- §3.3 check 1: 执行率 = 全年执行数 ÷ 全年预算数. Both sides as fractions to 6 decimals (ratio
-- macro, no float). The allowance is half a unit of the rate as printed (100% → 0.005,
-- 99.41% → 0.00005) plus how far the rounding of the two amounts can move the quotient.
-- $runs: rule_id, relation.
WITH runs AS (
    SELECT unnest($runs) AS run
)
SELECT r.run.rule_id, r.run.relation, e.sha256, e.src_sheet AS sheet, e.execution_rate_src_cell AS cell,
       ratio(e.executed, e.full_year_budget) AS expected,
       e.execution_rate AS actual,
       2 AS n_terms,
       rate_half(e.execution_rate)
           + ratio(e.half_step + e.execution_rate * e.half_step, e.full_year_budget) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       [{'sheet': e.src_sheet, 'cell': e.executed_src_cell},
        {'sheet': e.src_sheet, 'cell': e.full_year_budget_src_cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       e.line_label AS detail
FROM runs r, execution e
WHERE e.execution_rate IS NOT NULL AND e.executed IS NOT NULL
  AND e.full_year_budget IS NOT NULL AND e.full_year_budget <> 0
