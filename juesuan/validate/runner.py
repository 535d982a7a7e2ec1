"""Runs the catalogue's queries over a batch: every rule at once for every workbook.

Identity and text rules insert their rows (both sides of each identity) into rule_result. The
runs of all rules that share a query go in together as `$runs`, so a query is planned once per
batch rather than once per rule and run. The judge (_judge.sql) then works out, set-based,
what Great Expectations has to check and which rows could not be evaluated; cell rules get
their suite's rows from one query each. Everything stays in the batch database: Python only
fetches the frames Great Expectations validates and the rows that became findings.
"""
from __future__ import annotations

import re
from typing import Any

import duckdb
import pyarrow as pa

from .catalogue import Catalogue, Rule, bound, half_unit, sql_text

_INSERT = "INSERT INTO rule_result BY NAME {sql}"
# What each suite validates; the index columns (row_id, sha256, sheet, cell) come first.
_FRAMES = {
    "identities": "SELECT row_id, sha256, sheet, cell, rule_id, allowed, excess FROM judged"
                  " WHERE reason IS NULL AND expected_label IS NULL AND expected IS NOT NULL AND actual IS NOT NULL",
    "labels": "SELECT row_id, sha256, sheet, cell, rule_id, expected_label, actual_label FROM judged"
              " WHERE reason IS NULL AND expected_label IS NOT NULL",
}
_SUITE_NAME = re.compile(r"^[a-z_]+$")  # a cell suite's name becomes a table name: cells_<suite>
_ROUNDING = "SELECT sha256, count(*) AS n FROM judged WHERE rounding GROUP BY sha256"
_UNRUN = ("SELECT rule_id, sha256, any_value(sheet) AS sheet, any_value(cell) AS cell, reason FROM judged"
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
    """Fill `judged` (identity and text rows), `gaps` and one `cells_<suite>` table per cell suite."""
    common = _common(cat)
    rules = [r for r in cat.rules if r.stage == "validate"]
    for query, runs in _runs_by_query([r for r in rules if r.identity_rule]).items():
        _execute(con, _INSERT.format(sql=sql_text(query)), {**common, "runs": runs},
                 f"{query} ({', '.join(sorted({r['rule_id'] for r in runs}))})")
    con.execute("CREATE OR REPLACE TEMP TABLE gaps AS " + sql_text("_gaps.sql"))
    con.execute("CREATE OR REPLACE TEMP TABLE judged AS " + sql_text("_judge.sql"))
    done: set[str] = set()
    for rule in rules:
        if not rule.identity_rule and rule.suite not in done:
            done.add(rule.suite)
            sql = (f"CREATE OR REPLACE TEMP TABLE {_source(rule.suite)} AS"
                   f" SELECT row_number() OVER () AS row_id, q.* FROM ({sql_text(rule.sql)}) q")
            _execute(con, sql, {**common, **(rule.runs[0].params if rule.runs else {})}, rule.sql)


def _source(suite: str) -> str:
    """Where a suite's rows are: `judged` for identity and text rules, else its cells table."""
    if suite in _FRAMES:
        return "judged"
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
