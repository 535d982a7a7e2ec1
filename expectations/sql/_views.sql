-- The tables every rule query reads, built once per batch (a view would be recomputed by each
-- rule query). juesuan/validate/frame.py registers the batch under these names:
--   wb(wb_id, sha256, path, dept_code, fiscal_year, ref_year)  one row per workbook validated
--   sheet_info(sha256, sheet, table_kind, unit, decimals)   each table's sheet, unit, decimals
--   unit_step(unit, decimals, factor, half_step)            yuan per unit; half a unit of the
--       last printed decimal in yuan (万元 with 2 decimals: 0.005 万元 = 50 元)
--   fct_*(sha256, …)                                        the facts, as the store has them
--   bad_cell(sha256, sheet, cell)                           amount cells that could not be read
--   prior_map(sha256, prior_sha256, prior_year, prior_path) last year's workbook of the department
--   store_prior(sha256, tbl, part, key, level, code, amount, sheet, cell, unit, decimals)
--   ref_code(ref_year, scheme, code, name, name_key, is_primary)  code lists, names normalised
--   rule_meta(rule_id, tolerance, unreadable), rule_table(rule_id, table_kind, position)

-- wb_id: a small integer per workbook; joins on it are several times faster than on sha256.
CREATE OR REPLACE TEMP TABLE sheet_unit AS
SELECT w.wb_id, i.*, s.factor, s.half_step
FROM sheet_info i
JOIN wb w ON w.sha256 = i.sha256
JOIN unit_step s ON s.unit = i.unit AND s.decimals = i.decimals;

-- An A1 cell's row number and column letters.
CREATE OR REPLACE TEMP MACRO cell_row(cell) AS CAST(regexp_extract(cell, '[0-9]+$') AS INTEGER);
CREATE OR REPLACE TEMP MACRO cell_col(cell) AS regexp_extract(cell, '^[A-Z]+');

-- Does selector s (a struct of tbl, part, key, level, code; NULL = any) pick this cell?
CREATE OR REPLACE TEMP MACRO picks(s, m_tbl, m_part, m_key, m_level, m_code) AS
    m_tbl = s.tbl
    AND (s.part IS NULL OR m_part = s.part)
    AND (s.key IS NULL OR m_key = s.key)
    AND (s.level IS NULL OR m_level = s.level)
    AND (s.code IS NULL OR m_code = s.code);

-- x / y to 6 decimals, half up, without a float (DuckDB divides DECIMALs as DOUBLE).
CREATE OR REPLACE TEMP MACRO ratio(x, y) AS CASE WHEN y <> 0 THEN
    CAST((CAST(round(CAST(x AS DECIMAL(38, 10)) * 100000000) AS HUGEINT) * 2000000
          // CAST(round(CAST(y AS DECIMAL(38, 10)) * 100000000) AS HUGEINT) + 1) // 2
         AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(18, 6))
END;

-- Half a unit of a rate's last printed decimal, read off the fraction: 100% → 0.005,
-- 99.4% → 0.0005, 99.41% → 0.00005.
CREATE OR REPLACE TEMP MACRO rate_half(r) AS CASE
    WHEN r = round(r, 2) THEN CAST(0.005 AS DECIMAL(18, 6))
    WHEN r = round(r, 3) THEN CAST(0.0005 AS DECIMAL(18, 6))
    WHEN r = round(r, 4) THEN CAST(0.00005 AS DECIMAL(18, 6))
    ELSE CAST(0.000005 AS DECIMAL(18, 6)) END;

-- Every amount cell of the batch, one shape for all tables:
--   part: T1 side · T2 'income' · T3 'expenditure' · T4/T5/T8/T9 measure · T6 'basic' · T7 phase
--   key:  T1 line · T2 source · T3 kind · T4 fund · T5/T8/T9 kind · T6 category · T7 item
--   parent_code: the code of the row one level up (款 → 类, 项 → 款); NULL for 类 and 合计
--   cell_id: a stable number per cell, the row id of the cell suites' rows
CREATE OR REPLACE TEMP TABLE money AS
WITH cells AS (
    SELECT sha256, 'T1' AS tbl, side AS part, line_key AS key, CAST(NULL AS INTEGER) AS level,
           func_code AS code, line_label AS name, amount, src_sheet AS sheet, src_cell AS cell
    FROM fct_summary
    UNION ALL
    SELECT sha256, 'T2', 'income', source, level, func_code, func_name, amount, src_sheet, src_cell
    FROM fct_income
    UNION ALL
    SELECT sha256, 'T3', 'expenditure', kind, level, func_code, func_name, amount, src_sheet, src_cell
    FROM fct_expenditure
    UNION ALL
    SELECT sha256, source_table, measure, CASE source_table WHEN 'T4' THEN fund ELSE kind END,
           level, func_code, func_name, amount, src_sheet, src_cell
    FROM fct_fiscal_expenditure
    UNION ALL
    SELECT sha256, 'T6', 'basic', category, level, econ_code, econ_name, amount, src_sheet, src_cell
    FROM fct_basic_by_econ
    UNION ALL
    SELECT sha256, 'T7', 'budget', item, NULL, NULL, NULL, budget, src_sheet, budget_src_cell
    FROM fct_three_public WHERE budget IS NOT NULL
    UNION ALL
    SELECT sha256, 'T7', 'actual', item, NULL, NULL, NULL, actual, src_sheet, actual_src_cell
    FROM fct_three_public WHERE actual IS NOT NULL
)
SELECT row_number() OVER () AS cell_id, u.wb_id, c.*, u.unit, u.decimals, u.half_step,
       cell_row(c.cell) AS row_no, cell_col(c.cell) AS col,
       CASE WHEN c.level >= 2 THEN left(c.code, length(c.code) - 2) END AS parent_code
FROM cells c
JOIN sheet_unit u ON u.sha256 = c.sha256 AND u.sheet = c.sheet;

-- Last year's cells of each workbook's department: from this batch, else from the store.
CREATE OR REPLACE TEMP TABLE prior_money AS
SELECT m.sha256, m.tbl, m.part, m.key, m.level, m.code, m.amount, m.sheet, m.cell, m.unit, m.decimals,
       m.half_step
FROM money m
WHERE m.sha256 IN (SELECT prior_sha256 FROM prior_map)
UNION ALL
SELECT p.sha256, p.tbl, p.part, p.key, p.level, p.code, p.amount, p.sheet, p.cell, p.unit, p.decimals,
       s.half_step
FROM store_prior p
JOIN unit_step s ON s.unit = p.unit AND s.decimals = p.decimals;

-- The self-evaluation's money lines and indicator rows, with the half step of the sheet.
CREATE OR REPLACE TEMP TABLE execution AS
SELECT e.*, u.half_step
FROM fct_budget_execution e
JOIN sheet_unit u ON u.sha256 = e.sha256 AND u.sheet = e.src_sheet;
