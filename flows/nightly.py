"""The nightly load as a Prefect flow. Thin: every step is a call into juesuan.pipeline.

Few, large tasks (a chunk of workbooks each), because Prefect costs milliseconds per task run.
Retries with backoff only where IO can fail for passing reasons: reading the inbox (often a
network share) and publishing the analysts' copy. Validate and refresh views are pure steps;
load writes only the working copy, where a failure is not passing and a retry could count a
half-done chunk twice: the run fails, the published store stays as it was, and the next run
loads the whole chunk again. Parsing is fanned out (flows/fanout.py).
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from juesuan.flows.fanout import Parser
from juesuan.model import InboxEntry, ParsedWorkbook, RunSummary
from juesuan.pipeline import Run, RunOptions, split_reports
from juesuan.progress import stage_line
from juesuan.summary import artifact_markdown, artifact_rows

IO_RETRIES = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)


@task(name="discover", **IO_RETRIES)
def discover_task(run: Run, paths: list[str]) -> list[InboxEntry]:
    stage_line(f"发现：扫描 {'、'.join(paths)}")
    todo = run.discover(paths)
    s = run.summary
    stage_line(f"发现 {s.files_seen} 个文件：待解析 {len(todo)}（其中按新规则重新检查 {len(run.recheck)}），"
               f"未变 {s.unchanged}，拒收 {s.rejected}，忽略 {s.ignored}")
    return todo


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(run: Run, parsed: list[ParsedWorkbook], label: str) -> list[ParsedWorkbook]:
    stage_line(f"校验：{label}，{len(parsed)} 个工作簿")
    return run.validate(parsed)


@task(name="load", cache_policy=NO_CACHE)
def load_task(run: Run, parsed: list[ParsedWorkbook], label: str) -> None:
    stage_line(f"入库：{label}")
    run.load(parsed)
    s = run.summary
    stage_line(f"入库：累计已载入 {s.loaded}，有错已载入 {s.flagged}，隔离 {s.quarantined}，拒收 {s.rejected}，"
               f"按新规则重新检查 {len(run.rechecked)} 个部门年度")


@task(name="reports", cache_policy=NO_CACHE)
def reports_task(run: Run, entries: list[InboxEntry]) -> None:
    stage_line(f"自评报告：{len(entries)} 份")
    run.reports(entries)


@task(name="refresh views", cache_policy=NO_CACHE)
def refresh_views_task(run: Run) -> None:
    stage_line("刷新视图")
    run.refresh_views()


@task(name="publish", **IO_RETRIES)
def publish_task(run: Run) -> RunSummary:
    stage_line(f"发布到 {run.options.db}")
    return run.finish()


@flow(name="juesuan-nightly-load", log_prints=False, validate_parameters=False)
def nightly_load(paths: list[str], db: str = "data/warehouse.duckdb", strict: bool = False,
                 workers: int | None = None, settle_seconds: float = 0.0,
                 lock_wait_seconds: float = 0.0, dask_address: str | None = None) -> RunSummary:
    """discover → parse → validate → load → reports → refresh views → publish.

    `dask_address`: the scheduler of a Dask cluster that parses (tcp://host:8786); by default
    this machine's cores do.
    """
    run = Run(RunOptions(Path(db), strict=strict, workers=workers, settle_seconds=settle_seconds,
                         lock_wait_seconds=lock_wait_seconds))
    with run.open():
        workbooks, reports = split_reports(discover_task(run, paths))
        with Parser(run, dask_address) as parser:
            for i, parsed in enumerate(parser.chunks(workbooks), start=1):
                label = f"第 {i} 批"
                load_task(run, quote(validate_task(run, quote(parsed), label)), label)
        reports_task(run, reports)
        refresh_views_task(run)
        summary = publish_task(run)
    create_table_artifact(key="juesuan-run", table=artifact_rows(summary), description="本次运行：文件与发现")
    create_markdown_artifact(key="juesuan-findings", markdown=artifact_markdown(summary),
                             description="本次运行：需要处理的错误与警告（文件与单元格）")
    s = summary
    stage_line(f"完成：已载入 {s.loaded}，有错已载入 {s.flagged}，隔离 {s.quarantined}，拒收 {s.rejected}，未变 {s.unchanged}")
    return summary
