"""Parse fan-out: batches of workbooks parsed away from the writer, one chunk ahead of it.

Locally a chunk is one task that parses in juesuan.parse's process pool (every core; a hostile
file takes down a worker process, not the run). Given the address of a Dask scheduler, the chunk
is split into batches that Dask workers parse in their own processes (prefect-dask's
DaskTaskRunner). Either way the next chunk is parsing while the writer validates and loads this
one, and only the writer touches DuckDB. Workbooks travel between processes as plain data; the
flow hands them to its own tasks quoted, so Prefect does not walk every fact value.
"""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import ExitStack

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from juesuan.model import InboxEntry, ParsedWorkbook
from juesuan.parse import ParseLimits
from juesuan.parse import close_pools
from juesuan.pipeline import Run, chunks, parse_batch
from juesuan.progress import stage_line
from juesuan.settings import ConfigError

DASK_BATCH = 50  # workbooks per Dask task: a few hundred ms of work against ~20 ms of Prefect per task
DASK_CONNECT_SECONDS = 10


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(entries: list[InboxEntry], workers: int | None,
               limits: ParseLimits) -> tuple[str, list[ParsedWorkbook]]:
    """No Prefect retries: a file that cannot be read is a rejection, never an exception, and a
    lost Dask worker is handled by parsing its batch here (Parser._gather)."""
    return parse_batch(entries, workers, limits)


class Parser:
    """Parses the run's workbooks chunk by chunk, through a task runner entered for the run."""

    def __init__(self, run: Run, dask_address: str | None):
        self.run = run
        self.dask_address = dask_address
        self._stack = ExitStack()
        self.runner = None

    def __enter__(self) -> Parser:
        if self.dask_address:
            self.runner = self._stack.enter_context(_dask_runner(self.dask_address))
            try:
                self.runner.client  # connects now, so a wrong address fails before any work
            except OSError as exc:  # distributed's connect timeout is an OSError
                self._stack.close()
                raise ConfigError(f"无法连接 Dask 调度器 {self.dask_address}：{exc}") from None
        else:
            self.runner = self._stack.enter_context(ThreadPoolTaskRunner(max_workers=1))
        return self

    def __exit__(self, *exc) -> None:
        self._stack.__exit__(*exc)
        if multiprocessing.parent_process() is not None:
            # A served deployment runs the flow in a multiprocessing child, which joins its live
            # children before any atexit hook runs: the warm parse workers would hang it forever.
            close_pools()

    def chunks(self, todo: list[InboxEntry]) -> Iterator[list[ParsedWorkbook]]:
        """Each chunk's workbooks in input order; the next chunk is submitted before this one is
        handed over, so parsing overlaps the writer's validate and load."""
        parts = list(chunks(todo, self.run.options.chunk_size))
        pending = self._submit(parts[0]) if parts else []
        for i in range(len(parts)):
            current = pending
            pending = self._submit(parts[i + 1]) if i + 1 < len(parts) else []
            stage_line(f"解析：第 {i + 1}/{len(parts)} 批，{len(parts[i])} 个工作簿")
            yield self._gather(current)

    def _submit(self, part: list[InboxEntry]) -> list[tuple[list[InboxEntry], object]]:
        limits = self.run.options.limits
        if self.dask_address:  # in the Dask worker's own process; the nanny limits its memory
            batches = [part[i:i + DASK_BATCH] for i in range(0, len(part), DASK_BATCH)]
            return [(b, self.runner.submit(parse_task, {"entries": b, "workers": 0, "limits": limits}))
                    for b in batches]
        return [(part, self.runner.submit(parse_task, {"entries": part, "workers": self.run.options.workers,
                                                        "limits": limits}))]

    def _gather(self, submitted: list[tuple[list[InboxEntry], object]]) -> list[ParsedWorkbook]:
        t = time.perf_counter()
        parsed: list[ParsedWorkbook] = []
        limits = self.run.options.limits
        for batch, future in submitted:
            try:
                version, workbooks = future.result(timeout=limits.seconds_per_file * len(batch))
            except Exception as exc:  # whatever went wrong on the cluster, the batch is parsed here
                if not self.dask_address:
                    raise
                stage_line(f"Dask 批次未完成（{type(exc).__name__}），改在本机解析 {len(batch)} 个工作簿")
                version, workbooks = parse_batch(batch, self.run.options.workers, limits)
            if version != self.run.rules_version:
                raise ConfigError(
                    f"Dask 工作节点的模板/规则/代码表版本 {version} 与本机 {self.run.rules_version} 不同："
                    "请在每个节点安装同一版本的 juesuan")
            parsed.extend(workbooks)
        self.run.timed("parse", t)
        return parsed


def _dask_runner(address: str):
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ConfigError("用 Dask 解析需要安装 prefect-dask：pip install 'juesuan[dask]'") from None
    return DaskTaskRunner(address=address, client_kwargs={"timeout": DASK_CONNECT_SECONDS})
