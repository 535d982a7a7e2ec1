"""Numbered migrations: schemas/ddl/NNN_name.sql, each applied once, in order, in its own transaction."""
from __future__ import annotations

import re
from datetime import datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import duckdb

from juesuan.store.errors import SchemaTooNew
from juesuan.store.transaction import transaction

_FILE_NAME = re.compile(r"(\d{3})_(\w+)\.sql")


def available_migrations(ddl_dir: Traversable | Path | None = None) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file, by version; the package's DDL by default."""
    folder = ddl_dir if ddl_dir is not None else files("juesuan.schemas").joinpath("ddl")
    found: dict[int, tuple[int, str, str]] = {}
    for entry in folder.iterdir():
        match = _FILE_NAME.fullmatch(entry.name)
        if not match:
            continue
        version = int(match[1])
        if version in found:
            raise ValueError(f"two migrations numbered {match[1]} in {folder}")
        found[version] = (version, match[2], entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    # schema_version is created by migration 001 itself, so a new store has none yet.
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_schema = current_schema() AND table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return set()
    return {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection, ddl_dir: Traversable | Path | None = None) -> list[int]:
    """Apply the migrations this store lacks; return the versions applied (empty when up to date)."""
    available = available_migrations(ddl_dir)
    applied = applied_versions(con)
    newest = max((version for version, _, _ in available), default=0)
    if applied and max(applied) > newest:
        raise SchemaTooNew(
            f"this store is at schema version {max(applied)}, newer than this juesuan knows"
            f" ({newest}): upgrade juesuan"
        )
    done = []
    for version, name, sql in available:
        if version in applied:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now()],
            )
        done.append(version)
    return done
