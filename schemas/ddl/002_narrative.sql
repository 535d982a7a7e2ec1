-- Migration 002: performance self-evaluation reports (部门整体支出绩效自评报告) and what they state.
-- A report is keyed by report_id; the same bytes again change nothing (sha256 is unique), and a
-- newer report of a department-year makes the older ones is_current = false.
-- fct_report_* columns use only the types of the fact loader (VARCHAR, INTEGER, BIGINT,
-- BOOLEAN, DECIMAL); money is DECIMAL(18,2) yuan as everywhere else.

CREATE SEQUENCE IF NOT EXISTS report_id_seq START 1;

CREATE TABLE IF NOT EXISTS report_document (
    report_id      BIGINT PRIMARY KEY,
    dept_code      VARCHAR NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    source_path    VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL UNIQUE,
    file_mtime     TIMESTAMP,
    format         VARCHAR NOT NULL,   -- txt | docx | pdf
    encoding       VARCHAR,            -- utf-8 | gb18030 for txt, else NULL
    title          VARCHAR,
    run_id         VARCHAR NOT NULL,   -- the run that loaded it
    loaded_at      TIMESTAMP NOT NULL,
    reconciled_run_id VARCHAR NOT NULL, -- the run whose N- findings are its current reading: its load,
                                       -- or a later run that loaded its department's tables
    status         VARCHAR NOT NULL,   -- loaded | flagged (a claim disagrees with the tables)
    is_current     BOOLEAN NOT NULL,
    compared_with  VARCHAR,            -- the workbook whose tables the claims were read against
    claim_count    INTEGER NOT NULL,
    error_count    INTEGER NOT NULL DEFAULT 0,
    warning_count  INTEGER NOT NULL DEFAULT 0
);

-- One row per section of a report, in document order; text keeps sub-headings and line breaks.
CREATE TABLE IF NOT EXISTS fct_report_section (
    report_id    BIGINT NOT NULL,
    dept_code    VARCHAR NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    section_key  VARCHAR NOT NULL,   -- preamble | overview | finance | performance_goals | evaluation_work
                                     -- | evaluation_result | overall_performance | problems | suggestions | other
    heading      VARCHAR,            -- as written (NULL for the preamble)
    ordinal      INTEGER NOT NULL,   -- 0 = preamble, then 1, 2, … in document order
    text         VARCHAR NOT NULL
);

-- One row per stated figure (or per sentence that names a quantity but cannot be read).
CREATE TABLE IF NOT EXISTS fct_report_claim (
    report_id       BIGINT NOT NULL,
    dept_code       VARCHAR NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    claim_no        INTEGER NOT NULL,   -- 1, 2, … in document order
    section_key     VARCHAR NOT NULL,
    section_heading VARCHAR,
    sentence        VARCHAR NOT NULL,   -- as written
    kind            VARCHAR NOT NULL,   -- money | count | score | grade | yoy
    quantity        VARCHAR,            -- expectations/narrative_patterns.yaml quantities; NULL when unknown
    fund            VARCHAR,            -- general_budget when the report labels the figure so
    number_text     VARCHAR,            -- the number as written (width-normalised)
    unit            VARCHAR,            -- as written: 万元 元 人 个 分 % …
    value           DECIMAL(24,6),      -- the number in its written unit
    decimals        INTEGER,            -- decimals printed (the claim's rounding envelope)
    amount_yuan     DECIMAL(18,2),      -- money claims (and money changes): the value in yuan
    grade           VARCHAR,            -- grade claims: the word as written
    direction       VARCHAR,            -- yoy claims: up | down | flat
    understood      BOOLEAN NOT NULL,
    reason          VARCHAR,            -- why not understood
    outcome         VARCHAR NOT NULL,   -- match | mismatch | unit_slip | not_evaluated | not_understood
    rule_id         VARCHAR,            -- the N- rule of a mismatch or not-evaluated outcome
    table_value     VARCHAR,            -- the table's figure compared, in the table's unit
    src_sheet       VARCHAR,            -- where that figure is
    src_cell        VARCHAR
);
