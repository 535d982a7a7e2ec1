"""Connections: the writer's working store (migrated) and a read-only view of the published one."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from juesuan.store.errors import StoreNotFound
from juesuan.store.migrate import migrate
from juesuan.store.publish import wal_path, working_path


def open_working(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the working copy of the store at `db_path`, migrated.

    The working copy starts each run as a copy of the published store (or empty when there is
    none), so the published file stays the one truth: a crashed run leaves nothing behind that a
    later run would publish. Call it while holding writer_lock(db_path).
    """
    published = Path(db_path)
    working = working_path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    working.unlink(missing_ok=True)
    wal_path(working).unlink(missing_ok=True)  # a crashed run's log must not replay onto the copy
    if published.exists():
        shutil.copyfile(published, working)
    con = duckdb.connect(str(working))
    migrate(con)
    return con


def open_read_only(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published store; StoreNotFound when there is none."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreNotFound(f"no store at {path}: run `juesuan load` to create it")
    return duckdb.connect(str(path), read_only=True)
