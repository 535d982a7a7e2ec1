-- §3.3 check 1: 执行率 = 全年执行数 ÷ 全年预算数. Both sides as fractions to 6 decimals (ratio
-- macro, no float). The allowance is half a unit of the rate as printed (100% → 0.005,
-- 99.41% → 0.00005) plus how far the rounding of the two amounts can move the quotient.
WITH e AS (
    SELECT *, rate_half(execution_rate) AS rate_half
    FROM execution
    WHERE execution_rate IS NOT NULL AND executed IS NOT NULL
      AND full_year_budget IS NOT NULL AND full_year_budget <> 0
)
SELECT sha256, src_sheet AS sheet, execution_rate_src_cell AS cell,
       ratio(executed, full_year_budget) AS expected,
       execution_rate AS actual,
       2 AS n_terms,
       rate_half + ratio(half_step + execution_rate * half_step, full_year_budget) AS envelope,
       CAST(NULL AS VARCHAR) AS unit, CAST(NULL AS INTEGER) AS decimals,
       [{'sheet': src_sheet, 'cell': executed_src_cell},
        {'sheet': src_sheet, 'cell': full_year_budget_src_cell}] AS inputs,
       CAST(NULL AS VARCHAR) AS missing,
       line_label AS detail
FROM e
