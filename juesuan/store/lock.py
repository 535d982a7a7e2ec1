"""One writer per store: a file lock beside the published database file."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from juesuan.store.errors import StoreBusy


@contextmanager
def writer_lock(db_path: str | Path, wait_seconds: float) -> Iterator[None]:
    """Hold `<db>.lock` for the block; wait up to wait_seconds for another run, then StoreBusy."""
    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path.with_name(path.name + ".lock"))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise StoreBusy(
            f"another run is writing the store {path}; gave up after waiting {wait_seconds:g} s"
        ) from None
    try:
        yield
    finally:
        lock.release()
