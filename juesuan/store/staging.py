"""Arrow tables lent to DuckDB under a name, for the statements that read them."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb
import pyarrow as pa


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    con.register(name, table)
    try:
        yield
    except BaseException:
        # An aborted transaction refuses even unregister (and would hide the real error);
        # its rollback drops the registration anyway.
        with suppress(duckdb.TransactionException):
            con.unregister(name)
        raise
    con.unregister(name)
