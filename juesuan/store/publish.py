"""The working store (the writer's own file) and the analysts' published copy of it.

A run writes only the working file; publishing swaps a complete copy onto the published path
with os.replace, which is atomic on POSIX: an analyst's open read-only connection keeps reading
the old inode, and sees the new data on reconnecting. No reader ever sees a run half done.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def working_path(db_path: str | Path) -> Path:
    """The writer's sibling of a published store: data/warehouse.duckdb → data/.warehouse.work.duckdb."""
    path = Path(db_path)
    return path.with_name(f".{path.stem}.work{path.suffix}")


def wal_path(db_path: str | Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    path = Path(db_path)
    return path.with_name(path.name + ".wal")


def publish(working: duckdb.DuckDBPyConnection, published: str | Path) -> None:
    """Checkpoint and close the working connection, then atomically replace `published` with a copy.

    The connection is closed on return; open a new one for further work.
    """
    (source,) = working.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    working.execute("CHECKPOINT")  # everything in the main file, so copying it alone is complete
    working.close()
    target = Path(published)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.publish")
    try:
        shutil.copyfile(source, temp)
        with open(temp, "rb+") as copy:
            os.fsync(copy.fileno())
        # A log left beside the published file would be replayed onto the new one at next open.
        wal_path(target).unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the directory entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
