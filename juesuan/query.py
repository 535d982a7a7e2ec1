"""Read-only SQL on the published store (`juesuan sql`): one SELECT, printed as a table, JSON or CSV.

The connection is opened read-only by the caller; on top of that only a single SELECT statement
is accepted (WITH, VALUES, FROM-first, DESCRIBE and SHOW are SELECTs to DuckDB), and the session
loses access to files and the network, so a query can read the store and nothing else.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import duckdb


class QueryRefused(ValueError):
    """The text is not one SELECT statement; the message says why, in Chinese."""


class QueryFailed(ValueError):
    """The database refused the query; the message is the database's, on one line."""

    def __init__(self, message: str):
        # DuckDB adds the query text and a caret line under it: noise once on one line.
        lines = [line.strip() for line in message.splitlines()]
        super().__init__(" ".join(line for line in lines if line and not line.startswith(("LINE ", "^"))))


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    types: list[str]
    rows: list[tuple]


def check_select(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise QueryRefused unless `sql` is exactly one SELECT statement."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from None
    if len(statements) != 1:
        raise QueryRefused(f"只能执行一条 SELECT 语句，这里有 {len(statements)} 条")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(f"只读查询只接受 SELECT 语句，拒绝执行 {kind.name} 语句")


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> QueryResult:
    """Run one SELECT with bound parameters on a connection cut off from files and the network."""
    check_select(con, sql)
    try:
        con.execute("SET enable_external_access = false")
        cursor = con.execute(sql, params or [])
        rows = cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from None
    return QueryResult([d[0] for d in cursor.description], [str(d[1]) for d in cursor.description], rows)


def as_text(value) -> str:
    """A value as written in every output: exact decimals, ISO dates, NULL as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def to_json(result: QueryResult) -> str:
    """A list of objects; decimals as strings, so no amount passes through a float."""
    def plain(value):
        if isinstance(value, (Decimal, datetime, date)):
            return as_text(value)
        return value
    return json.dumps([{c: plain(v) for c, v in zip(result.columns, row)} for row in result.rows],
                      ensure_ascii=False, indent=2)


def to_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([as_text(v) for v in row] for row in result.rows)
    return out.getvalue()


def to_table(result: QueryResult) -> str:
    """Aligned columns for a terminal (Chinese characters count two cells); numbers right-aligned."""
    cells = [[as_text(v) for v in row] for row in result.rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    numeric = [t.startswith(("DECIMAL", "INTEGER", "BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT"))
               for t in result.types]
    def line(values: list[str]) -> str:
        return "  ".join(_pad(v, w, right) for v, w, right in zip(values, widths, numeric)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    footer = f"({len(cells)} 行)"
    return "\n".join([line(result.columns), rule, *(line(row) for row in cells), footer])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
