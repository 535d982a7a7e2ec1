"""parse_one in a worker process of its own, under the parse stage's memory limit: for the fuzz
test, a native abort or a hang fails one example with its input, not the whole test run."""
from __future__ import annotations

import hashlib
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from juesuan.model import InboxEntry, ParsedWorkbook
from juesuan.parse import ParseLimits, parse_one


def entry(path: Path) -> InboxEntry:
    data = path.read_bytes()
    return InboxEntry(str(path), len(data), path.stat().st_mtime, hashlib.sha256(data).hexdigest(), "candidate")


def _limit_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Isolated:
    def __init__(self, limits: ParseLimits = ParseLimits()):
        self.limits = limits
        self._pool: ProcessPoolExecutor | None = None

    def parse(self, path: Path) -> ParsedWorkbook:
        """The outcome of one file; AssertionError when its worker dies or overruns."""
        pool = self._pool or self._start()
        future = pool.submit(parse_one, entry(path))
        try:
            return future.result(timeout=self.limits.seconds_per_file)
        except BrokenProcessPool:
            self.close()
            raise AssertionError(f"the parse worker died on {path}") from None
        except TimeoutError:
            self.close()
            raise AssertionError(f"parsing {path} took over {self.limits.seconds_per_file} s") from None

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"),
                                         initializer=_limit_memory, initargs=(self.limits.memory_bytes,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            for proc in list(getattr(self._pool, "_processes", {}).values()):  # a hung worker ignores shutdown
                proc.kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
