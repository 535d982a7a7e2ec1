"""The nightly load as a Prefect flow. Thin: every step is a call into juesuan.pipeline.

Few, large tasks (a chunk of workbooks each), because Prefect costs milliseconds per task run;
retries with backoff only where IO can fail for passing reasons.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from juesuan.model import InboxEntry, ParsedWorkbook, RunSummary
from juesuan.pipeline import Run, RunOptions, chunks, split_reports
from juesuan.progress import stage_line
from juesuan.summary import artifact_markdown, artifact_rows

IO_RETRIES = dict(retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=2), cache_policy=NO_CACHE)


@task(name="discover", **IO_RETRIES)
def discover_task(run: Run, paths: list[str]) -> list[InboxEntry]:
    entries = run.discover(paths)
    stage_line(f"发现 {run.summary.files_seen} 个文件，待解析 {len(entries)} 个，未变 {run.summary.unchanged} 个")
    return entries


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(run: Run, entries: list[InboxEntry]) -> list[ParsedWorkbook]:
    parsed = run.parse(entries)
    stage_line(f"解析 {len(parsed)} 个工作簿")
    return parsed


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(run: Run, parsed: list[ParsedWorkbook]) -> list[ParsedWorkbook]:
    return run.validate(parsed)


@task(name="load", **IO_RETRIES)
def load_task(run: Run, parsed: list[ParsedWorkbook]) -> None:
    run.load(parsed)
    stage_line(f"入库：已载入 {run.summary.loaded}，有错 {run.summary.flagged}，拒收 {run.summary.rejected}")


@task(name="reports", **IO_RETRIES)
def reports_task(run: Run, entries: list[InboxEntry]) -> None:
    run.reports(entries)
    stage_line(f"自评报告：{len(entries)} 份")


@task(name="refresh views", cache_policy=NO_CACHE)
def refresh_views_task(run: Run) -> None:
    run.refresh_views()


@task(name="publish", **IO_RETRIES)
def publish_task(run: Run) -> RunSummary:
    return run.finish()


@flow(name="juesuan-nightly-load", log_prints=False, validate_parameters=False)
def nightly_load(paths: list[str], db: str = "data/warehouse.duckdb", strict: bool = False,
                 workers: int | None = None, settle_seconds: float = 0.0,
                 lock_wait_seconds: float = 0.0) -> RunSummary:
    """discover → parse → validate → load → refresh views → publish."""
    run = Run(RunOptions(Path(db), strict=strict, workers=workers, settle_seconds=settle_seconds,
                         lock_wait_seconds=lock_wait_seconds))
    with run.open():
        workbooks, reports = split_reports(discover_task(run, paths))
        for chunk in chunks(workbooks):
            load_task(run, validate_task(run, parse_task(run, chunk)))
        reports_task(run, reports)
        refresh_views_task(run)
        summary = publish_task(run)
    create_table_artifact(key="juesuan-run", table=artifact_rows(summary), description="本次运行：文件与发现")
    create_markdown_artifact(key="juesuan-findings", markdown=artifact_markdown(summary))
    return summary
