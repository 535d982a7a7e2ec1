"""Parse stage: read + recognise + normalise each workbook in worker processes.

Isolation is the point. A hostile file can make a native reader abort the whole process or
eat memory, so workbooks are parsed in worker processes with an address-space limit and a
time limit. A batch whose worker dies or overruns is retried one file at a time, and the
file that fails alone is rejected with a plain message; the rest of the inbox goes on.
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .model import Finding, InboxEntry, ParsedWorkbook
from .normalise.workbook import parse_workbook
from .read.errors import UnreadableWorkbook
from .read.workbook import read_workbook
from .refdata import load_reference

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParseLimits:
    memory_bytes: int = 1536 * 1024 * 1024  # per worker process
    seconds_per_file: float = 60.0
    batch_size: int = 25


def _reject(entry: InboxEntry, rule: str, message: str) -> ParsedWorkbook:
    wb = ParsedWorkbook(entry.path, entry.sha256 or "", entry.size, entry.mtime, rejected=True,
                        reject_reason=message)
    wb.findings.append(Finding(rule_id=rule, severity="error", message=message, file=entry.path,
                               sha256=entry.sha256))
    return wb


def parse_one(entry: InboxEntry) -> ParsedWorkbook:
    """One file → ParsedWorkbook. Never raises: every failure becomes a rejection finding."""
    try:
        raw = read_workbook(entry.path)
    except UnreadableWorkbook as exc:
        return _reject(entry, "F-001", str(exc))
    except MemoryError:
        return _reject(entry, "F-011", "文件过大：读取时超出内存上限，已拒收")
    try:
        wb = ParsedWorkbook(entry.path, entry.sha256 or "", entry.size, entry.mtime)
        return parse_workbook(raw, wb, load_reference())
    except MemoryError:
        return _reject(entry, "F-011", "文件过大：解析时超出内存上限，已拒收")
    except Exception as exc:  # a bug of ours must not take the run down; say which file
        log.exception("parse failed: %s", entry.path)
        return _reject(entry, "F-001", f"解析此文件时出现内部错误（{type(exc).__name__}），请把文件交给技术支持")


def _parse_batch(entries: list[InboxEntry]) -> list[ParsedWorkbook]:
    return [parse_one(e) for e in entries]


def _limit_memory(limit: int) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time limit still holds
        pass


_SHARED: dict[tuple[int, int], ProcessPoolExecutor] = {}


def _pool(workers: int, limits: ParseLimits) -> ProcessPoolExecutor:
    """A warm pool, kept for the next chunk of the run: starting workers and importing the
    readers costs about a second, which would otherwise be paid again for every chunk."""
    key = (workers, limits.memory_bytes)
    pool = _SHARED.get(key)
    if pool is None:
        # forkserver: workers start clean even when the caller has threads (Prefect does).
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_limit_memory, initargs=(limits.memory_bytes,))
        _SHARED[key] = pool
    return pool


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose worker hung or died; the next _pool() call starts a fresh one."""
    for key, shared in list(_SHARED.items()):
        if shared is pool:
            del _SHARED[key]
    # The executor has no public way to stop a hung worker; its process table is stable API in practice.
    for proc in list(getattr(pool, "_processes", {}).values()):
        proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _close_pools() -> None:
    for pool in _SHARED.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _SHARED.clear()


def _run(batches: list[list[InboxEntry]], workers: int, limits: ParseLimits,
         failed: list[list[InboxEntry]]) -> Iterator[list[ParsedWorkbook]]:
    """Run batches in a pool, yielding results as they finish; broken batches go to `failed`."""
    pool = _pool(workers, limits)
    pending: dict[Future, list[InboxEntry]] = {}
    todo = list(reversed(batches))
    try:
        while todo or pending:
            while todo and len(pending) < workers * 2:
                batch = todo.pop()
                pending[pool.submit(_parse_batch, batch)] = batch
            timeout = limits.seconds_per_file * max(len(b) for b in pending.values())
            done, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            if not done:  # every running batch overran: they are all suspect
                failed.extend(pending.values())
                _kill(pool)
                pending.clear()
                pool = _pool(workers, limits)
                continue
            for fut in done:
                batch = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    failed.extend([batch, *pending.values()])
                    pending.clear()
                    _kill(pool)
                    pool = _pool(workers, limits)
                    break
                yield result
    except BaseException:
        _kill(pool)  # interrupted: leave no worker behind
        raise


def parse_files(entries: list[InboxEntry], *, workers: int | None = None,
                limits: ParseLimits = ParseLimits()) -> Iterator[list[ParsedWorkbook]]:
    """Parse candidates in batches; yields each finished batch (streaming keeps memory flat).

    workers=0 parses in this process (tests of pure behaviour; no isolation).
    """
    if not entries:
        return
    if workers == 0:
        for i in range(0, len(entries), limits.batch_size):
            yield _parse_batch(entries[i:i + limits.batch_size])
        return
    workers = workers or min(os.cpu_count() or 1, max(1, len(entries) // 4 or 1))
    batches = [entries[i:i + limits.batch_size] for i in range(0, len(entries), limits.batch_size)]
    failed: list[list[InboxEntry]] = []
    yield from _run(batches, workers, limits, failed)
    # Isolate the culprit: every file of a broken batch alone, one at a time.
    for entry in (e for batch in failed for e in batch):
        alone: list[list[InboxEntry]] = []
        results = list(_run([[entry]], 1, limits, alone))
        yield results[0] if results else [_reject(
            entry, "F-011", "读取此文件时解析进程异常退出或超时（文件可能过大、已损坏或含有恶意结构），已拒收")]
