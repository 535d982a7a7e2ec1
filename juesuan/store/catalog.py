"""What the store says about its own tables: column names and SQL types, in DDL order.

Loaders read types from here rather than hard-coding them, so a migration cannot drift from
the code that fills the tables.
"""
from __future__ import annotations

import duckdb


def store_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, SQL type), ...]} for every table of the store's schema."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_catalog = current_database() AND table_schema = current_schema()"
        " ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, sql_type in rows:
        tables.setdefault(table, []).append((column, sql_type))
    return tables
