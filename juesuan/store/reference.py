"""Reference data (code lists, departments, code changes): CSV files → store, replaced wholesale."""
from __future__ import annotations

import hashlib
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

import duckdb

from juesuan.store.catalog import store_columns
from juesuan.store.transaction import transaction

# (file under the data directory, table it fills)
SOURCES = (
    ("ref/function_class.csv", "ref_function_class"),
    ("ref/economic_class.csv", "ref_economic_class"),
    ("ref/function_class_changes.csv", "map_function_class"),
    ("departments.csv", "dim_department"),
    ("department_changes.csv", "map_department"),
)


def load_reference(con: duckdb.DuckDBPyConnection, data_dir: Traversable | Path | None = None) -> str:
    """Replace the reference tables from the CSV files in one transaction; return their sha256.

    `data_dir` is laid out like the package's data/ folder (the default). The digest covers
    every file's name and bytes, so the caller can tell when reference data changed.
    """
    root = data_dir if data_dir is not None else files("juesuan.data")
    columns = store_columns(con)
    digest = hashlib.sha256()
    with ExitStack() as files_on_disk, transaction(con):
        for name, table in SOURCES:
            source = root.joinpath(*name.split("/"))
            data = source.read_bytes()
            digest.update(f"{name}\0{len(data)}\0".encode() + data)
            path = files_on_disk.enter_context(as_file(source))
            _replace(con, table, columns[table], str(path))
    return digest.hexdigest()


def _replace(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], path: str
) -> None:
    names = ", ".join(column for column, _ in columns)
    # Every column typed as in the DDL: a code such as 0501 must stay text, never become 501.
    types = ", ".join(f"'{column}': '{sql_type}'" for column, sql_type in columns)
    rows = f"read_csv(?, header = true, delim = ',', quote = '\"', types = {{{types}}})"
    if table == "dim_department":
        # A department first seen in a workbook is not in the CSV; it stays while a submission
        # refers to it, or the department would vanish from every view.
        con.execute(
            f"DELETE FROM dim_department WHERE dept_code NOT IN (SELECT dept_code FROM submission)"
            f" OR dept_code IN (SELECT dept_code FROM {rows})",
            [path],
        )
    else:
        con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {rows}", [path])
