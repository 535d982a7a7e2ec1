"""Runs the catalogue's queries over a batch: every rule at once for every workbook.

Identity and text rules insert their rows (both sides of each identity) into rule_result; the
judge then works out, set-based, what Great Expectations has to check and which rows could not
be evaluated. Cell rules share a query per suite, run once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from .catalogue import Catalogue, Rule, bound, half_unit, sql_text

_INSERT = "INSERT INTO rule_result BY NAME SELECT $rule_id AS rule_id, $relation AS relation, q.* FROM ({sql}) q"
_NUMBERED = "SELECT row_number() OVER () AS row_id, q.* FROM ({sql}) q"


class RuleQueryError(RuntimeError):
    """A query of the catalogue failed: a defect of the rule, not of the workbooks."""


@dataclass
class Judged:
    rows: pa.Table  # judged identity and text rows: _judge.sql
    gaps: pa.Table  # (sha256, rule_id, missing_tables): rules whose tables a workbook lacks
    cells: dict[str, pa.Table]  # suite → its rows, numbered by row_id (cell rules)


def _common(cat: Catalogue) -> dict[str, Any]:
    return {"score_half": half_unit(cat.score_decimals)}


def _run_identity(con: duckdb.DuckDBPyConnection, rule: Rule, common: dict[str, Any]) -> None:
    sql = _INSERT.format(sql=sql_text(rule.sql))
    for run in rule.runs:
        given = {**common, **run.params, "rule_id": rule.id, "relation": run.relation or rule.relation}
        try:
            con.execute(sql, bound(sql, given))
        except duckdb.Error as exc:  # a rule's query is wrong: say which one
            raise RuleQueryError(f"{rule.id} ({rule.sql}): {exc}") from exc


def _run_cells(con: duckdb.DuckDBPyConnection, rules: list[Rule], common: dict[str, Any]) -> dict[str, pa.Table]:
    out: dict[str, pa.Table] = {}
    for rule in rules:
        if rule.suite in out:
            continue
        sql = _NUMBERED.format(sql=sql_text(rule.sql))
        params = {**common, **(rule.runs[0].params if rule.runs else {})}
        out[rule.suite] = con.sql(sql, params=bound(sql, params)).to_arrow_table()
    return out


def run_rules(con: duckdb.DuckDBPyConnection, cat: Catalogue) -> Judged:
    common = _common(cat)
    rules = [r for r in cat.rules if r.stage == "validate"]
    for rule in rules:
        if rule.identity_rule:
            _run_identity(con, rule, common)
    con.execute("CREATE OR REPLACE TEMP TABLE gaps AS " + sql_text("_gaps.sql"))
    judged = con.sql(sql_text("_judge.sql")).to_arrow_table()
    gaps = con.sql("SELECT * FROM gaps").to_arrow_table()
    return Judged(judged, gaps, _run_cells(con, [r for r in rules if not r.identity_rule], common))
