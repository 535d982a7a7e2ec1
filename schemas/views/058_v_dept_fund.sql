-- v_dept_fund (beyond the contract): a department's fiscal appropriations by fund, where present
-- (T4 财政拨款收入支出决算总表, the table holding all three funds side by side). Grain:
-- department × year × fund (general_budget, gov_fund = 政府性基金, state_capital = 国有资本经营);
-- a fund whose amounts are all zero or absent has no row.
-- Materialised as mat_dept_fund at each load (speed); v_dept_fund reads it.
CREATE OR REPLACE TABLE mat_dept_fund AS
WITH dept_year AS (
    SELECT submission_id, dept_code, dept_name, fiscal_year
    FROM int_dept_year
),
fund_line AS (
    SELECT submission_id, fund, measure, amount
    FROM fct_fiscal_expenditure
    WHERE source_table = 'T4' AND level = 0 AND fund IN ('general_budget', 'gov_fund', 'state_capital')
),
by_fund AS (
    SELECT submission_id, fund,
           max(amount) FILTER (WHERE measure = 'opening_balance') AS opening_balance,
           max(amount) FILTER (WHERE measure = 'income')          AS income,
           max(amount) FILTER (WHERE measure = 'expenditure')     AS expenditure,
           max(amount) FILTER (WHERE measure = 'closing_balance') AS closing_balance
    FROM fund_line
    GROUP BY submission_id, fund
    HAVING bool_or(amount <> 0)
),
final AS (
    SELECT d.dept_code, d.dept_name, d.fiscal_year, f.fund,
           f.opening_balance, f.income, f.expenditure, f.closing_balance,
           CAST(f.opening_balance * 0.0001 AS DECIMAL(18,6)) AS opening_balance_wan,
           CAST(f.income * 0.0001 AS DECIMAL(18,6))          AS income_wan,
           CAST(f.expenditure * 0.0001 AS DECIMAL(18,6))     AS expenditure_wan,
           CAST(f.closing_balance * 0.0001 AS DECIMAL(18,6)) AS closing_balance_wan
    FROM dept_year d
    JOIN by_fund f USING (submission_id)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW v_dept_fund AS SELECT * FROM mat_dept_fund;
