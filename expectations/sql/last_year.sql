-- §2.5: this year's opening balance = last year's closing balance of the same department.
-- Last year's workbook comes from this batch, else from the store (prior_map); its cell may be
-- in another unit, so both sides are in yuan and each adds its own half step.
WITH anchor AS (
    SELECT * FROM money m WHERE picks($anchor, m.tbl, m.part, m.key, m.level, m.code)
),
prior AS (
    SELECT * FROM prior_money m WHERE picks($prior, m.tbl, m.part, m.key, m.level, m.code)
)
SELECT u.sha256, u.sheet, a.cell,
       p.amount AS expected,
       a.amount AS actual,
       1 AS n_terms,
       a.half_step + p.half_step AS envelope,
       u.unit, u.decimals,
       CAST([] AS STRUCT(sheet VARCHAR, cell VARCHAR)[]) AS inputs,
       CASE WHEN a.cell IS NULL THEN '表中没有找到“' || $anchor.label || '”'
            WHEN pm.prior_sha256 IS NULL
                THEN '本批次和库中都没有该部门 ' || (w.fiscal_year - 1) || ' 年度的决算报表'
            WHEN p.cell IS NULL THEN '上一年度报表中没有找到“' || $prior.label || '”' END AS missing,
       $anchor.label || CASE WHEN pm.prior_path IS NULL THEN ''
                             ELSE '；上年：' || pm.prior_path || ' ' || p.sheet || '!' || p.cell END AS detail
FROM sheet_unit u
JOIN wb w ON w.sha256 = u.sha256
LEFT JOIN anchor a ON a.sha256 = u.sha256
LEFT JOIN prior_map pm ON pm.sha256 = u.sha256
LEFT JOIN prior p ON p.sha256 = pm.prior_sha256
WHERE u.table_kind = $anchor.tbl
  AND (a.cell IS NOT NULL OR coalesce($anchor.required, true))
