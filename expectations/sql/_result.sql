-- Every rule query's rows (one per workbook and identity, both sides; money in yuan), judged as
-- they are inserted (_judge.sql), for every rule of a run. A query returns the columns from
-- rule_id to detail; text rules leave expected, actual and envelope NULL.
CREATE OR REPLACE TEMP SEQUENCE rule_row START 1;
CREATE OR REPLACE TEMP TABLE rule_result (
    row_id         BIGINT NOT NULL,
    rule_id        VARCHAR NOT NULL,
    relation       VARCHAR,                      -- = ≤ ≥ ≠ (NULL for text rules)
    sha256         VARCHAR NOT NULL,
    sheet          VARCHAR,                      -- where the finding is anchored
    cell           VARCHAR,
    expected       DECIMAL(38, 6),               -- what the rule computes the cell should say
    actual         DECIMAL(38, 6),               -- what the cell says
    expected_label VARCHAR,                      -- text rules: the same two sides as text
    actual_label   VARCHAR,
    n_terms        INTEGER,                      -- terms summed on the expected side
    envelope       DECIMAL(38, 8),               -- rounding allowed: Σ half steps of every cell read
    unit           VARCHAR,                      -- the anchored sheet's unit and printed decimals
    decimals       INTEGER,
    inputs         STRUCT(sheet VARCHAR, cell VARCHAR)[],  -- the other cells the rule read
    missing        VARCHAR,                      -- why the query could not compute both sides
    detail         VARCHAR,                      -- which row or line, for people
    unreadable     VARCHAR,                      -- the rule's `unreadable` (rules.yaml)
    reason         VARCHAR,                      -- not evaluated, and why (missing, or an unreadable cell)
    excess         DECIMAL(38, 8),               -- how far the cell is beyond what the rule allows
    allowed        DECIMAL(38, 8)                -- the rounding envelope, or 0
);
