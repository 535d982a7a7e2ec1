-- Migration 003: what operators did to the store, by whom and when (cli.md: pin, withdraw,
-- release, backup). A withdrawn submission keeps its rows with submission.status = 'withdrawn'
-- and is never current; its department-year falls back to the newest remaining version.

CREATE SEQUENCE IF NOT EXISTS operator_action_id_seq START 1;

CREATE TABLE IF NOT EXISTS operator_action (
    action_id      BIGINT PRIMARY KEY,
    action         VARCHAR NOT NULL,   -- pin | withdraw | release | backup
    submission_id  BIGINT,             -- NULL for backup
    dept_code      VARCHAR,
    fiscal_year    INTEGER,
    -- pin only: the newest submission_id of the department-year that could be current when the
    -- pin was made. A workbook loaded later (a higher id) ends the pin (store/current.py).
    pinned_through BIGINT,
    detail         VARCHAR,            -- backup: the folder written
    operator       VARCHAR NOT NULL,   -- the OS user who ran the command
    acted_at       TIMESTAMP NOT NULL
);
