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


# What one workbook may hand to the main process. Validation and loading run there, unisolated,
# and cost about a second per 10,000 facts: a sheet of numbered garbage rows under the reader's
# cell limit would otherwise cost the run minutes and gigabytes. A real 部门决算 yields a few
# thousand facts and at most a few hundred findings.
MAX_FACTS = 50_000
MAX_FINDINGS = 5_000


@dataclass(frozen=True)
class ParseLimits:
    # Per worker process. A worker holds ~30 MB and a real workbook tens more: 1 GiB keeps a
    # hostile file's worker, next to the main process, inside a 2 GiB run.
    memory_bytes: int = 1024 * 1024 * 1024
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
        wb = parse_workbook(raw, wb, load_reference())
    except MemoryError:
        return _reject(entry, "F-011", "文件过大：解析时超出内存上限，已拒收")
    except Exception as exc:  # a bug of ours must not take the run down; say which file
        log.exception("parse failed: %s", entry.path)
        return _reject(entry, "F-001", f"解析此文件时出现内部错误（{type(exc).__name__}），请把文件交给技术支持")
    facts = sum(len(next(iter(columns.values()), ())) for columns in wb.facts.values())
    if facts > MAX_FACTS or len(wb.findings) > MAX_FINDINGS:
        return _reject(entry, "F-011", f"文件过大：读出 {facts:,} 条数据、{len(wb.findings):,} 条发现（上限 "
                                       f"{MAX_FACTS:,} 条数据、{MAX_FINDINGS:,} 条发现），远超一份部门决算；"
                                       "请删除多余的行后重新导出")
    return wb


def _parse_batch(entries: list[InboxEntry]) -> list[ParsedWorkbook]:
    return [parse_one(e) for e in entries]


def _start_worker(limit: int) -> None:
    """A worker's memory limit, and its stderr sent nowhere: a native reader that panics or
    fails an allocation prints its own backtrace there, which would land on the terminal of
    the person running the load. The file's rejection finding says what went wrong instead."""
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time limit still holds
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


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
                                   initializer=_start_worker, initargs=(limits.memory_bytes,))
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
def close_pools() -> None:
    """Stop the warm parse workers (at exit, or when a caller is done parsing for good)."""
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
