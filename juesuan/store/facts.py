"""Facts of many workbooks as one Arrow table per fct_ table, typed exactly like the store.

Arrow is how facts reach DuckDB: one set-based INSERT per table per batch instead of row by row.
"""
from __future__ import annotations

import re

import duckdb
import pyarrow as pa

from juesuan.model import ParsedWorkbook
from juesuan.store.catalog import store_columns
from juesuan.store.errors import BadFacts

IDENTITY = ("submission_id", "dept_code", "fiscal_year")  # added at load, from the submission
KEY = "sha256"  # joins each fact row to its workbook's new submission

_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_()}
_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")


def arrow_type(sql_type: str) -> pa.DataType:
    """The Arrow type that DuckDB ingests as `sql_type` without a cast (money stays decimal)."""
    if sql_type in _TYPES:
        return _TYPES[sql_type]
    match = _DECIMAL.fullmatch(sql_type)
    if match:
        return pa.decimal128(int(match[1]), int(match[2]))
    raise ValueError(f"no Arrow type for store column type {sql_type}")


def fact_schemas(con: duckdb.DuckDBPyConnection) -> dict[str, pa.Schema]:
    """{fct_ table: Arrow schema of KEY + its columns except IDENTITY}, read from the store."""
    return {
        table: pa.schema(
            [pa.field(KEY, pa.string())]
            + [pa.field(name, arrow_type(t)) for name, t in columns if name not in IDENTITY]
        )
        for table, columns in store_columns(con).items()
        if table.startswith("fct_")
    }


def fact_table(table: str, schema: pa.Schema, workbooks: list[ParsedWorkbook]) -> pa.Table:
    """The rows of `table` from every workbook, keyed by sha256.

    A column a workbook leaves out is NULL (the store's NOT NULL constraints still apply);
    a column the table does not have is an error rather than silently dropped.
    """
    columns: dict[str, list] = {name: [] for name in schema.names if name != KEY}
    keys: list[str] = []
    for wb in workbooks:
        facts = wb.facts[table]
        unknown = sorted(set(facts) - set(columns))
        if unknown:
            raise BadFacts(f"{table} has no column {', '.join(unknown)}")
        lengths = {len(values) for values in facts.values()}
        if len(lengths) > 1:
            raise BadFacts(f"{table}: the columns have different lengths {sorted(lengths)}")
        n = lengths.pop() if lengths else 0
        keys += [wb.sha256] * n
        for name, values in columns.items():
            values += facts.get(name, [None] * n)
    arrays = [pa.array(keys, pa.string())]
    for field in schema:
        if field.name == KEY:
            continue
        try:
            arrays.append(pa.array(columns[field.name], field.type))
        except pa.ArrowException as exc:
            raise BadFacts(f"{table}.{field.name}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=schema)


def sheet_table(workbooks: list[ParsedWorkbook]) -> pa.Table:
    """Which sheet held which table, in which unit, keyed by sha256 (rows of submission_sheet)."""
    sheets = [(wb.sha256, s) for wb in workbooks for s in wb.sheets]
    return pa.table({
        KEY: pa.array([sha for sha, _ in sheets], pa.string()),
        "sheet": pa.array([s.sheet for _, s in sheets], pa.string()),
        "table_kind": pa.array([s.table_kind for _, s in sheets], pa.string()),
        "unit": pa.array([s.unit for _, s in sheets], pa.string()),
        "decimals": pa.array([s.decimals for _, s in sheets], pa.int32()),
        "title_cell": pa.array([s.title_cell for _, s in sheets], pa.string()),
    })
