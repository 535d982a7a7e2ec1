"""The run: discover → parse → validate → load → refresh views → publish, as plain functions.

The Prefect flow (flows/nightly.py) calls these as tasks; tests and `juesuan check` call them
directly. Only `Run` touches the store, and only its load step writes.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path

import duckdb

from .discover import discover
from .model import Finding, InboxEntry, ParsedWorkbook, RunSummary
from .narrative import (ParsedReport, is_report, known_reports, parse_reports, process_reports,
                        reconcile_reports, refresh_reports, write_reports)
from .parse import ParseLimits, parse_files
from .store.connect import open_working
from .store.load import load_batch, write_findings, write_inbox, write_load_run
from .store.lock import writer_lock
from .store.publish import publish
from .store.reference import load_reference as load_reference_tables
from .validate import validate_batch

log = logging.getLogger("juesuan")
LOAD_CHUNK = 500  # workbooks validated and loaded together: set-based, yet memory stays flat


@dataclass
class RunOptions:
    db: Path
    strict: bool = False
    workers: int | None = None
    settle_seconds: float = 0.0
    lock_wait_seconds: float = 0.0
    limits: ParseLimits = field(default_factory=ParseLimits)


def rules_version() -> str:
    """Changes whenever the templates, rules or code lists that decide a load change."""
    import hashlib
    digest = hashlib.sha256()
    for package in ("juesuan.schemas", "juesuan.expectations", "juesuan.data"):
        root = files(package)
        for path in sorted(_walk(root), key=lambda p: str(p)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _walk(root) -> Iterator:
    for entry in root.iterdir():
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.name.endswith((".yaml", ".json", ".csv", ".sql")):
            yield entry


def known_hashes(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> set[str]:
    if not hashes:
        return set()
    rows = con.execute("SELECT sha256 FROM submission WHERE list_contains(?, sha256)", [hashes]).fetchall()
    return {r[0] for r in rows}


def chunks(entries: list[InboxEntry], size: int = LOAD_CHUNK) -> Iterator[list[InboxEntry]]:
    for i in range(0, len(entries), size):
        yield entries[i:i + size]


def count_findings(summary: RunSummary, findings: Iterable[Finding]) -> None:
    for f in findings:
        summary.findings.append(f)
        if f.outcome == "not_evaluated":
            summary.not_evaluated += 1
        elif f.severity == "error":
            summary.errors += 1
        elif f.severity == "warning":
            summary.warnings += 1
        else:
            summary.infos += 1


class Run:
    """One pipeline run against a store: holds the writer lock and the working connection."""

    def __init__(self, options: RunOptions):
        self.options = options
        self.summary = RunSummary(run_id=uuid.uuid4().hex[:12], started_at=datetime.now())
        self.rules_version = rules_version()
        self.con: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def open(self) -> Iterator[Run]:
        with writer_lock(self.options.db, self.options.lock_wait_seconds):
            self.con = open_working(self.options.db)
            try:
                load_reference_tables(self.con)
                yield self
            finally:
                if self.con is not None:
                    self.con.close()
                    self.con = None

    def timed(self, stage: str, started: float) -> None:
        self.summary.stage_seconds[stage] = self.summary.stage_seconds.get(stage, 0.0) + time.perf_counter() - started

    def discover(self, paths: list[str]) -> list[InboxEntry]:
        t = time.perf_counter()
        entries = discover(paths, settle_seconds=self.options.settle_seconds)
        self.summary.files_seen = len(entries)
        passed_over = [e for e in entries if e.status != "candidate"]
        candidates = [e for e in entries if e.status == "candidate"]
        hashes = [e.sha256 for e in candidates]
        seen = known_hashes(self.con, hashes) | known_reports(self.con, hashes)
        unchanged = [InboxEntry(e.path, e.size, e.mtime, e.sha256, "unchanged", "内容与已入库版本相同")
                     for e in candidates if e.sha256 in seen]
        write_inbox(self.con, self.summary.run_id, passed_over + unchanged)
        rejected = [e for e in passed_over if e.status == "rejected"]
        write_findings(self.con, self.summary.run_id,
                       [Finding("F-001", "error", e.reason, file=e.path, sha256=e.sha256) for e in rejected])
        count_findings(self.summary, [Finding("F-001", "error", e.reason, file=e.path) for e in rejected])
        self.summary.rejected += len(rejected)
        self.summary.ignored += sum(e.status == "ignored" for e in passed_over)
        self.summary.ignored_paths.extend((e.path, e.reason) for e in passed_over if e.status == "ignored")
        self.summary.unchanged += len(unchanged)
        self.timed("discover", t)
        return [e for e in candidates if e.sha256 not in seen]

    def reports(self, entries: list[InboxEntry]) -> None:
        """Self-evaluation reports: reconciled with the tables now in the store (this run's too),
        and stored reports re-checked when their department-year's tables just arrived."""
        t = time.perf_counter()
        reports = reconcile_reports(parse_reports(entries), store=self.con)
        for report, (path, status, reason) in zip(reports, write_reports(self.con, self.summary.run_id, reports)):
            setattr(self.summary, status, getattr(self.summary, status) + 1)
            if status == "ignored":
                self.summary.ignored_paths.append((path, reason))
            if status != "unchanged":
                count_findings(self.summary, report.findings)
                self.summary.rounding_differences += report.rounding_differences
        touched = self.con.execute("SELECT DISTINCT dept_code, fiscal_year FROM submission WHERE run_id = ?",
                                   [self.summary.run_id]).fetchall()
        count_findings(self.summary, refresh_reports(self.con, self.summary.run_id, touched))
        self.timed("reports", t)

    def parse(self, entries: list[InboxEntry]) -> list[ParsedWorkbook]:
        t = time.perf_counter()
        out = [wb for batch in parse_files(entries, workers=self.options.workers, limits=self.options.limits)
               for wb in batch]
        self.timed("parse", t)
        return out

    def validate(self, parsed: list[ParsedWorkbook]) -> list[ParsedWorkbook]:
        t = time.perf_counter()
        validated = validate_batch(parsed, self.con)
        self.timed("validate", t)
        return validated

    def load(self, parsed: list[ParsedWorkbook]) -> list[tuple[str, str, str]]:
        t = time.perf_counter()
        statuses = load_batch(self.con, self.summary.run_id, parsed, strict=self.options.strict,
                              rules_version=self.rules_version)
        for wb in parsed:
            count_findings(self.summary, wb.findings)
        for _path, status, _reason in statuses:
            setattr(self.summary, status, getattr(self.summary, status) + 1)
        self.timed("load", t)
        return statuses

    def refresh_views(self) -> None:
        t = time.perf_counter()
        refresh_views(self.con)
        self.timed("views", t)

    def finish(self) -> RunSummary:
        """Record the run and publish the analysts' copy atomically."""
        t = time.perf_counter()
        self.summary.finished_at = datetime.now()
        write_load_run(self.con, self.summary, self.rules_version)
        publish(self.con, self.options.db)
        self.con = None
        self.timed("publish", t)
        return self.summary


def refresh_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the analysts' views from schemas/views/*.sql, in file-name order."""
    views = files("juesuan.schemas").joinpath("views")
    for path in sorted((p for p in views.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name):
        con.execute(path.read_text("utf-8"))


def split_reports(entries: list[InboxEntry]) -> tuple[list[InboxEntry], list[InboxEntry]]:
    """Candidates → (workbooks, self-evaluation reports)."""
    reports = [e for e in entries if is_report(e.path)]
    return [e for e in entries if not is_report(e.path)], reports


def check(paths: list[str], *, workers: int | None = None, store: duckdb.DuckDBPyConnection | None = None,
          limits: ParseLimits = ParseLimits()) -> tuple[list[InboxEntry], list[ParsedWorkbook], list[ParsedReport]]:
    """Parse and validate workbooks and reports without storing anything (`juesuan check`)."""
    entries = discover(paths)
    workbooks, reports = split_reports([e for e in entries if e.status == "candidate"])
    parsed = [wb for batch in parse_files(workbooks, workers=workers, limits=limits) for wb in batch]
    validated = validate_batch(parsed, store)
    return entries, validated, process_reports(reports, workbooks=validated, store=store)
