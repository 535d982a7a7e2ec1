"""Runs the catalogue's queries over a batch: every rule at once for every workbook.

Identity and text rules insert their rows (both sides of each identity) into rule_result,
judged on the way in (_judge.sql: how far each cell is from what its rule allows). The runs of
all rules that share a query go in together as `$runs`, so a query is planned once per batch
rather than once per rule and run. Then the rows of rules whose tables a workbook lacks give way
to one gap each (_gaps.sql), and rows reading an unreadable cell are marked (_unreadable.sql).
Cell rules get their suite's rows from one query each. Everything stays in the batch database:
Python only fetches the frames Great Expectations validates and the rows that became findings.
"""
from __future__ import annotations

import re
from typing import Any

import duckdb
import pyarrow as pa

from .catalogue import ROW_SUITES, Catalogue, Rule, bound, half_unit, sql_text

# What the row suites validate; the index columns (row_id, sha256, sheet, cell) come first.
_FRAMES = {
    "identities": "SELECT row_id, sha256, sheet, cell, rule_id, allowed, excess FROM rule_result"
                  " WHERE reason IS NULL AND expected_label IS NULL AND expected IS NOT NULL AND actual IS NOT NULL",
    "labels": "SELECT row_id, sha256, sheet, cell, rule_id, expected_label, actual_label FROM rule_result"
              " WHERE reason IS NULL AND expected_label IS NOT NULL",
}
_SUITE_NAME = re.compile(r"^[a-z_]+$")  # a cell suite's name becomes a table name: cells_<suite>
# A difference inside the envelope: no finding, but the run summary counts it.
_ROUNDING = ("SELECT sha256, count(*) AS n FROM rule_result"
             " WHERE reason IS NULL AND excess > 0 AND excess <= allowed GROUP BY sha256")
_UNRUN = ("SELECT rule_id, sha256, min_by(sheet, row_id) AS sheet, min_by(cell, row_id) AS cell, reason FROM rule_result"
          " WHERE reason IS NOT NULL GROUP BY rule_id, sha256, reason")


class RuleQueryError(RuntimeError):
    """A query of the catalogue failed: a defect of the rules, not of the workbooks."""


def _common(cat: Catalogue) -> dict[str, Any]:
    return {"score_half": half_unit(cat.score_decimals)}


def _runs_by_query(rules: list[Rule]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for rule in rules:
        for run in rule.runs:
            out.setdefault(rule.sql, []).append(
                {"rule_id": rule.id, "relation": run.relation or rule.relation, **run.params})
    return out


def _execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any], what: str) -> None:
    try:
        con.execute(sql, bound(sql, params))
    except duckdb.Error as exc:  # a query of the catalogue is wrong: say which
        raise RuleQueryError(f"{what}: {exc}") from exc


def run_rules(con: duckdb.DuckDBPyConnection, cat: Catalogue) -> None:
    """Fill `rule_result` (identity and text rows, judged), `gaps` and one `cells_<suite>` table
    per cell suite."""
    common = _common(cat)
    rules = [r for r in cat.rules if r.stage == "validate"]
    judge = sql_text("_judge.sql")
    for query, runs in _runs_by_query([r for r in rules if r.identity_rule]).items():
        _execute(con, judge.replace("{rule_query}", sql_text(query)), {**common, "runs": runs},
                 f"{query} ({', '.join(sorted({r['rule_id'] for r in runs}))})")
    con.execute(sql_text("_gaps.sql"))
    con.execute(sql_text("_unreadable.sql"))
    done: set[str] = set()
    for rule in rules:
        if not rule.identity_rule and rule.suite not in done:
            done.add(rule.suite)
            # The query numbers its rows (row_id, from money.cell_id) for fetching failures.
            sql = f"CREATE OR REPLACE TEMP TABLE {_source(rule.suite)} AS {sql_text(rule.sql)}"
            _execute(con, sql, {**common, **(rule.runs[0].params if rule.runs else {})}, rule.sql)


def _source(suite: str) -> str:
    """Where a suite's rows are: `rule_result` for identity and text rules, else its cells table."""
    if suite in ROW_SUITES:
        return "rule_result"
    if not _SUITE_NAME.match(suite):
        raise ValueError(f"suite name {suite!r} must be lower-case letters and underscores")
    return f"cells_{suite}"


def suites(cat: Catalogue) -> list[str]:
    """The suites a run validates, in catalogue order."""
    return list(dict.fromkeys(r.suite for r in cat.rules if r.stage == "validate"))


def frame(con: duckdb.DuckDBPyConnection, suite: str) -> pa.Table:
    """The rows a suite validates, for every workbook of the batch at once."""
    return con.sql(_FRAMES.get(suite) or f"SELECT * FROM {_source(suite)}").to_arrow_table()


def rows_by_id(con: duckdb.DuckDBPyConnection, suite: str, ids: list[int]) -> list[dict[str, Any]]:
    """Every column of the rows Great Expectations found failing."""
    sql = f"SELECT * FROM {_source(suite)} WHERE row_id IN (SELECT unnest($ids)) ORDER BY row_id"
    return con.sql(sql, params={"ids": ids}).to_arrow_table().to_pylist()


def rounding(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute(_ROUNDING).fetchall())


def unrun(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Rows that could not be evaluated, one per workbook, rule and reason."""
    return con.sql(_UNRUN).to_arrow_table().to_pylist()


def gaps(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Rules whose tables a workbook lacks: (sha256, rule_id, missing_tables)."""
    return con.sql("SELECT * FROM gaps").to_arrow_table().to_pylist()
