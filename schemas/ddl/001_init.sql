-- Migration 001: the analysts' store (contract: warehouse.md). Money is DECIMAL(18,2) yuan.
-- Grain of each table is documented in schemas/tables.yaml.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_department (
    dept_code        VARCHAR PRIMARY KEY,
    dept_name        VARCHAR NOT NULL,
    region_code      VARCHAR,
    region_name      VARCHAR,
    unit_kind        VARCHAR NOT NULL,   -- 部门 (consolidated) | 单位 (one budget unit)
    parent_dept_code VARCHAR
);

CREATE TABLE IF NOT EXISTS map_department (
    old_dept_code VARCHAR NOT NULL,
    new_dept_code VARCHAR NOT NULL,
    from_year     INTEGER NOT NULL,
    note          VARCHAR
);

CREATE TABLE IF NOT EXISTS ref_function_class (
    fiscal_year INTEGER NOT NULL,
    func_code   VARCHAR NOT NULL,
    func_name   VARCHAR NOT NULL,
    level       INTEGER NOT NULL,
    parent_code VARCHAR,
    PRIMARY KEY (fiscal_year, func_code)
);

CREATE TABLE IF NOT EXISTS ref_economic_class (
    fiscal_year INTEGER NOT NULL,
    econ_code   VARCHAR NOT NULL,
    econ_name   VARCHAR NOT NULL,
    level       INTEGER NOT NULL,
    parent_code VARCHAR,
    PRIMARY KEY (fiscal_year, econ_code)
);

CREATE TABLE IF NOT EXISTS map_function_class (
    from_year INTEGER NOT NULL,
    from_code VARCHAR NOT NULL,
    to_year   INTEGER NOT NULL,
    to_code   VARCHAR NOT NULL,
    note      VARCHAR
);

CREATE TABLE IF NOT EXISTS load_run (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    rules_version VARCHAR,
    files_seen    INTEGER,
    loaded        INTEGER,
    flagged       INTEGER,
    quarantined   INTEGER,
    rejected      INTEGER,
    unchanged     INTEGER,
    errors        INTEGER,
    warnings      INTEGER,
    not_evaluated INTEGER
);

CREATE TABLE IF NOT EXISTS inbox_file (
    run_id     VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    sha256     VARCHAR,
    size_bytes BIGINT,
    status     VARCHAR NOT NULL,  -- loaded | flagged | quarantined | rejected | unchanged | ignored
    reason     VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS submission_id_seq START 1;

CREATE TABLE IF NOT EXISTS submission (
    submission_id BIGINT PRIMARY KEY,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    source_path   VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL UNIQUE,
    file_mtime    TIMESTAMP,
    run_id        VARCHAR NOT NULL,
    loaded_at     TIMESTAMP NOT NULL,
    status        VARCHAR NOT NULL,  -- loaded | flagged | quarantined | superseded
    is_current    BOOLEAN NOT NULL,
    sheets_found  VARCHAR[],
    error_count   INTEGER NOT NULL DEFAULT 0,
    warning_count INTEGER NOT NULL DEFAULT 0,
    rules_version VARCHAR
);

-- Which sheet held which table, in which unit: findings are reported in the sheet's own unit.
CREATE TABLE IF NOT EXISTS submission_sheet (
    submission_id BIGINT NOT NULL,
    sheet         VARCHAR NOT NULL,
    table_kind    VARCHAR NOT NULL,
    unit          VARCHAR,
    decimals      INTEGER,
    title_cell    VARCHAR
);

CREATE TABLE IF NOT EXISTS fct_summary (
    submission_id BIGINT NOT NULL,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    side          VARCHAR NOT NULL,   -- income | expenditure
    line_key      VARCHAR NOT NULL,   -- canonical line (schemas/templates/T1.yaml); 'class' for 类 lines
    line_label    VARCHAR NOT NULL,
    line_no       INTEGER,
    func_code     VARCHAR,
    amount        DECIMAL(18,2) NOT NULL,
    is_blank      BOOLEAN NOT NULL,
    src_sheet     VARCHAR NOT NULL,
    src_cell      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fct_income (
    submission_id BIGINT NOT NULL,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    func_code     VARCHAR,            -- NULL on the 合计 row (level 0)
    level         INTEGER NOT NULL,
    func_name     VARCHAR,
    source        VARCHAR NOT NULL,   -- total | fiscal_appropriation | superior_subsidy | business | operating | affiliated_remit | other
    amount        DECIMAL(18,2) NOT NULL,
    is_blank      BOOLEAN NOT NULL,
    src_sheet     VARCHAR NOT NULL,
    src_cell      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fct_expenditure (
    submission_id BIGINT NOT NULL,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    func_code     VARCHAR,
    level         INTEGER NOT NULL,
    func_name     VARCHAR,
    kind          VARCHAR NOT NULL,   -- total | basic | project | remit_superior | operating | affiliated_subsidy
    amount        DECIMAL(18,2) NOT NULL,
    is_blank      BOOLEAN NOT NULL,
    src_sheet     VARCHAR NOT NULL,
    src_cell      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fct_fiscal_expenditure (
    submission_id BIGINT NOT NULL,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    source_table  VARCHAR NOT NULL,   -- T4 | T5 | T8 | T9
    func_code     VARCHAR,
    level         INTEGER NOT NULL,
    func_name     VARCHAR,
    fund          VARCHAR NOT NULL,   -- general_budget | gov_fund | state_capital | all
    measure       VARCHAR NOT NULL,   -- opening_balance | income | expenditure | closing_balance | total_sources | total_uses
    kind          VARCHAR NOT NULL,   -- total | basic | project
    amount        DECIMAL(18,2) NOT NULL,
    is_blank      BOOLEAN NOT NULL,
    src_sheet     VARCHAR NOT NULL,
    src_cell      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fct_basic_by_econ (
    submission_id BIGINT NOT NULL,
    dept_code     VARCHAR NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    econ_code     VARCHAR,            -- NULL on the 人员经费合计 / 公用经费合计 rows (level 0)
    level         INTEGER NOT NULL,
    econ_name     VARCHAR,
    category      VARCHAR NOT NULL,   -- personnel (人员经费) | running (公用经费)
    amount        DECIMAL(18,2) NOT NULL,
    is_blank      BOOLEAN NOT NULL,
    src_sheet     VARCHAR NOT NULL,
    src_cell      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fct_three_public (
    submission_id   BIGINT NOT NULL,
    dept_code       VARCHAR NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    item            VARCHAR NOT NULL, -- total | outbound_travel | vehicle_total | vehicle_purchase | vehicle_operation | reception
    budget          DECIMAL(18,2),
    actual          DECIMAL(18,2),
    src_sheet       VARCHAR NOT NULL,
    budget_src_cell VARCHAR,
    actual_src_cell VARCHAR
);

CREATE TABLE IF NOT EXISTS fct_dept_profile (
    submission_id              BIGINT NOT NULL,
    dept_code                  VARCHAR NOT NULL,
    fiscal_year                INTEGER NOT NULL,
    unit_nature                VARCHAR,
    admin_posts                INTEGER,
    institution_posts          INTEGER,
    staff_in_service           INTEGER,
    retirees                   INTEGER,
    internal_units             INTEGER,
    subordinate_units          INTEGER,
    internal_unit_names        VARCHAR,
    src_sheet                  VARCHAR NOT NULL,
    admin_posts_src_cell       VARCHAR,
    institution_posts_src_cell VARCHAR,
    staff_in_service_src_cell  VARCHAR,
    retirees_src_cell          VARCHAR,
    internal_units_src_cell    VARCHAR,
    subordinate_units_src_cell VARCHAR
);

CREATE TABLE IF NOT EXISTS fct_budget_execution (
    submission_id             BIGINT NOT NULL,
    dept_code                 VARCHAR NOT NULL,
    fiscal_year               INTEGER NOT NULL,
    fund_line                 VARCHAR NOT NULL,  -- total | basic | project | fiscal | carryover | other
    line_label                VARCHAR NOT NULL,
    initial_budget            DECIMAL(18,2),
    full_year_budget          DECIMAL(18,2),
    executed                  DECIMAL(18,2),
    weight                    DECIMAL(9,2),
    execution_rate            DECIMAL(18,6),     -- as printed, as a fraction (0.98 = 98 %)
    score                     DECIMAL(9,2),
    rate_denominator          VARCHAR,           -- full_year_budget | adjusted_budget
    src_sheet                 VARCHAR NOT NULL,
    initial_budget_src_cell   VARCHAR,
    full_year_budget_src_cell VARCHAR,
    executed_src_cell         VARCHAR,
    weight_src_cell           VARCHAR,
    execution_rate_src_cell   VARCHAR,
    score_src_cell            VARCHAR
);

CREATE TABLE IF NOT EXISTS fct_performance_indicator (
    submission_id    BIGINT NOT NULL,
    dept_code        VARCHAR NOT NULL,
    fiscal_year      INTEGER NOT NULL,
    row_no           INTEGER NOT NULL,
    level1           VARCHAR,
    level2           VARCHAR,
    indicator        VARCHAR,
    target_text      VARCHAR,
    target_op        VARCHAR,          -- ≥ ≤ = > <
    target_value     DECIMAL(24,6),
    actual_text      VARCHAR,
    actual_value     DECIMAL(24,6),
    unit             VARCHAR,
    weight           DECIMAL(9,2),
    score            DECIMAL(9,2),
    note             VARCHAR,
    src_sheet        VARCHAR NOT NULL,
    target_src_cell  VARCHAR,
    actual_src_cell  VARCHAR,
    weight_src_cell  VARCHAR,
    score_src_cell   VARCHAR
);

CREATE TABLE IF NOT EXISTS fct_self_evaluation (
    submission_id         BIGINT NOT NULL,
    dept_code             VARCHAR NOT NULL,
    fiscal_year           INTEGER NOT NULL,
    total_score           DECIMAL(9,2),
    total_weight          DECIMAL(9,2),
    grade                 VARCHAR,     -- as written
    grade_band            VARCHAR,     -- 优 | 良 | 中 | 差
    goal_text             VARCHAR,
    achievement_text      VARCHAR,
    src_sheet             VARCHAR NOT NULL,
    total_score_src_cell  VARCHAR,
    grade_src_cell        VARCHAR
);

CREATE TABLE IF NOT EXISTS finding (
    run_id         VARCHAR NOT NULL,
    file           VARCHAR NOT NULL,
    sha256         VARCHAR,
    submission_id  BIGINT,
    rule_id        VARCHAR NOT NULL,
    outcome        VARCHAR NOT NULL,   -- fail | not_evaluated
    severity       VARCHAR NOT NULL,   -- error | warning | info
    sheet          VARCHAR,
    cell           VARCHAR,
    message        VARCHAR NOT NULL,
    expected       VARCHAR,
    actual         VARCHAR,
    root_cell      VARCHAR,
    report_section VARCHAR,
    sentence       VARCHAR
);
