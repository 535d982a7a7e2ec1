"""`juesuan backup`: the store as DuckDB EXPORT DATABASE (Parquet), which IMPORT DATABASE restores.

DuckDB writes the views of schema.sql in name order, so a view that reads a view named later
breaks IMPORT DATABASE (duckdb/duckdb#22512, open in 2.0.0). The export is therefore followed
by a rewrite of schema.sql with the views in dependency order, and checked by importing it.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

from juesuan.store.errors import StoreError


class BackupFailed(StoreError):
    """The backup folder cannot be written, or what was written does not restore."""


def export_store(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Write the store behind `con` to `folder` (new or empty); return {table: rows}, as verified."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupFailed(f"{folder} 已存在且不是空文件夹：请换一个新的备份目录")
    folder.mkdir(parents=True, exist_ok=True)
    # EXPORT takes no bound parameter: the path is a quoted literal.
    con.execute(f"EXPORT DATABASE {_literal(str(folder))} (FORMAT parquet)")
    _order_views(con, folder / "schema.sql")
    expected = _row_counts(con)
    restored = _restored_row_counts(folder)
    if restored != expected:
        differ = sorted(t for t in expected.keys() | restored.keys() if expected.get(t) != restored.get(t))
        raise BackupFailed(f"备份 {folder} 恢复后的行数与库不同：{', '.join(differ)}")
    return expected


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _order_views(con: duckdb.DuckDBPyConnection, schema: Path) -> None:
    views = dict(con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal"
        " AND database_name = current_database() AND schema_name = current_schema()"
    ).fetchall())
    text = schema.read_text(encoding="utf-8")
    graph = {}
    for name, sql in views.items():
        if sql not in text:
            raise BackupFailed(f"EXPORT DATABASE 写出的 schema.sql 中找不到视图 {name} 的定义")
        text = text.replace(sql, "", 1)
        graph[name] = {other for other in views if other != name and re.search(rf"\b{re.escape(other)}\b", sql)}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise BackupFailed(f"视图之间循环引用，无法排序：{exc.args[1]}") from None
    text = text.rstrip("\n") + "\n" + "".join(views[name] + "\n" for name in order)
    schema.write_text(text, encoding="utf-8")


def _row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal"
        " AND database_name = current_database() AND schema_name = current_schema() ORDER BY 1"
    ).fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}


def _restored_row_counts(folder: Path) -> dict[str, int]:
    """Restore into a scratch file (not memory: a province's store is larger than a laptop's RAM)."""
    scratch = Path(tempfile.mkdtemp(prefix="juesuan-restore-"))
    try:
        con = duckdb.connect(str(scratch / "restore.duckdb"))
        try:
            con.execute(f"IMPORT DATABASE {_literal(str(folder))}")
            return _row_counts(con)
        except duckdb.Error as exc:
            raise BackupFailed(f"备份 {folder} 无法用 IMPORT DATABASE 恢复：{exc}") from None
        finally:
            con.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
