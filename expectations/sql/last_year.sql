-- §2.5: this year's opening balance = last year's closing balance of the same department.
-- Last year's workbook comes from this batch, else from the store (prior_map); its cell may be
-- in another unit, so both sides are in yuan and each adds its own half step.
-- $runs: rule_id, relation, anchor (this year's selector), prior (last year's).
WITH runs AS (
    SELECT unnest($runs) AS run, generate_subscripts($runs, 1) AS run_no
),
anchor AS (
    SELECT r.run_no, m.*
    FROM runs r
    JOIN money m ON m.tbl = r.run.anchor.tbl AND picks(r.run.anchor, m.tbl, m.part, m.key, m.level, m.code)
),
prior AS (
    SELECT r.run_no, m.*
    FROM runs r
    JOIN prior_money m ON m.tbl = r.run.prior.tbl AND picks(r.run.prior, m.tbl, m.part, m.key, m.level, m.code)
)
SELECT r.run.rule_id, r.run.relation, u.sha256, u.sheet, a.cell,
       p.amount AS expected,
       a.amount AS actual,
       1 AS n_terms,
       a.half_step + p.half_step AS envelope,
       u.unit, u.decimals,
       CAST([] AS STRUCT(sheet VARCHAR, cell VARCHAR)[]) AS inputs,
       CASE WHEN a.cell IS NULL THEN '表中没有找到“' || r.run.anchor.label || '”'
            WHEN pm.prior_sha256 IS NULL
                THEN '本批次和库中都没有该部门 ' || (w.fiscal_year - 1) || ' 年度的决算报表'
            WHEN p.cell IS NULL THEN '上一年度报表中没有找到“' || r.run.prior.label || '”' END AS missing,
       r.run.anchor.label || CASE WHEN p.cell IS NULL THEN ''
                                  ELSE '；上年：' || pm.prior_path || ' ' || p.sheet || '!' || p.cell END AS detail
FROM runs r
JOIN sheet_unit u ON u.table_kind = r.run.anchor.tbl
JOIN wb w ON w.wb_id = u.wb_id
LEFT JOIN anchor a ON a.run_no = r.run_no AND a.wb_id = u.wb_id
LEFT JOIN prior_map pm ON pm.sha256 = u.sha256
LEFT JOIN prior p ON p.run_no = r.run_no AND p.sha256 = pm.prior_sha256
WHERE a.cell IS NOT NULL OR coalesce(r.run.anchor.required, true)
