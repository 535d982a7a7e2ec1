-- What every rule query returns, one row per workbook and identity (both sides, in yuan for
-- money), collected from all rules of a run before they are judged (_judge.sql).
CREATE OR REPLACE TEMP TABLE rule_result (
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
    missing        VARCHAR,                      -- why the rule could not run (then not evaluated)
    detail         VARCHAR                       -- which row or line, for people
);
