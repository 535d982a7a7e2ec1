"""The run: discover → parse → validate → load → refresh views → publish, as plain functions.

The Prefect flow (flows/nightly.py) calls these as tasks; tests and `juesuan check` call them
directly. Only `Run` (and the operator commands, through `store_session`) touch the store, and
only the writer that holds the lock writes; it writes a working copy and publishes it at the end.

Incremental: a workbook whose bytes are stored under the current rules version is unchanged
and not read again. One stored under other rules (templates, rule catalogue or code lists
changed since) is read and validated again and replaced in place (store/recheck.py) when it
is current or quarantined; superseded and withdrawn versions are history and stay as they were.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
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
from .store.backup import export_store
from .store.connect import open_working
from .store.errors import StoreNotFound
from .store.load import load_batch, write_findings, write_inbox, write_load_run
from .store.lock import writer_lock
from .store.operator import Outcome, record_backup
from .store.publish import publish, working_path
from .store.recheck import replace_in_place
from .store.reference import load_reference as load_reference_tables
from .validate import run_validation, validate_batch

log = logging.getLogger("juesuan")
# Workbooks validated and loaded together: set-based, yet memory stays flat. Validating a chunk
# is what peaks: measured with 2,000 workbooks in the flow, 100 → 0.84 GB, 150 → 0.90 GB,
# 250 → 1.0 GB for the run's process, at 1.06, 1.0 and 1.0 times the time (bench/bench_e2e.py).
LOAD_CHUNK = 100
# What decides how a workbook is read and judged; the DDL and the views do not.
_RULE_SOURCES = (("juesuan.schemas", "templates"), ("juesuan.expectations", ""), ("juesuan.data", ""))


@dataclass
class RunOptions:
    db: Path
    strict: bool = False
    workers: int | None = None
    settle_seconds: float = 0.0
    lock_wait_seconds: float = 0.0
    chunk_size: int = LOAD_CHUNK
    limits: ParseLimits = field(default_factory=ParseLimits)


@dataclass(frozen=True)
class Stored:
    """A workbook already in the store that the current rules have not judged."""
    submission_id: int
    dept_code: str
    fiscal_year: int


@functools.cache
def rules_version() -> str:
    """Changes whenever the templates, rules or code lists that decide a load change."""
    digest = hashlib.sha256()
    for package, folder in _RULE_SOURCES:
        root = files(package).joinpath(folder) if folder else files(package)
        for path in sorted(_walk(root), key=lambda p: str(p)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _walk(root) -> Iterator:
    for entry in root.iterdir():
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.name.endswith((".yaml", ".json", ".csv", ".sql")):
            yield entry


def parse_batch(entries: list[InboxEntry], workers: int | None,
                limits: ParseLimits) -> tuple[str, list[ParsedWorkbook]]:
    """Parse entries; with the rules version of the process that did, so a cluster node with
    other templates or code lists is caught instead of loading differently read facts."""
    parsed = [wb for batch in parse_files(entries, workers=workers, limits=limits) for wb in batch]
    return rules_version(), parsed


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


def clear_stale_publish_files(db: Path) -> None:
    """A run killed while publishing leaves its temporary copy; the lock holder removes it."""
    for stale in db.parent.glob(f".{db.name}.*.publish"):
        stale.unlink(missing_ok=True)


class Run:
    """One pipeline run against a store: holds the writer lock and the working connection."""

    def __init__(self, options: RunOptions):
        self.options = options
        self.summary = RunSummary(run_id=uuid.uuid4().hex[:12], started_at=datetime.now())
        self.rules_version = rules_version()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.recheck: dict[str, Stored] = {}  # sha256 → stored version to read again
        self.rechecked: set[tuple[str, int]] = set()  # department-years whose facts were re-read

    @contextmanager
    def open(self) -> Iterator[Run]:
        with writer_lock(self.options.db, self.options.lock_wait_seconds):
            clear_stale_publish_files(self.options.db)
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
        """The files to read: new bytes, and stored bytes the current rules have not judged."""
        t = time.perf_counter()
        entries = discover(paths, settle_seconds=self.options.settle_seconds)
        self.summary.files_seen = len(entries)
        passed_over = [e for e in entries if e.status != "candidate"]
        candidates = [e for e in entries if e.status == "candidate"]
        stored = self._stored(candidates) | known_reports(self.con, [e.sha256 for e in candidates])
        unchanged = [InboxEntry(e.path, e.size, e.mtime, e.sha256, "unchanged", "内容与已入库版本相同")
                     for e in candidates if e.sha256 in stored and e.sha256 not in self.recheck]
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
        return [e for e in candidates if e.sha256 not in stored or e.sha256 in self.recheck]

    def _stored(self, candidates: list[InboxEntry]) -> set[str]:
        """sha256 of the candidates already stored; fills self.recheck with those to read again."""
        if not candidates:
            return set()
        rows = self.con.execute(
            "SELECT sha256, submission_id, dept_code, fiscal_year,"
            " rules_version IS DISTINCT FROM ? AND (is_current OR status = 'quarantined')"
            " FROM submission WHERE list_contains(?, sha256)",
            [self.rules_version, [e.sha256 for e in candidates]],
        ).fetchall()
        self.recheck = {sha: Stored(sid, dept, year) for sha, sid, dept, year, again in rows if again}
        return {row[0] for row in rows}

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
        touched = sorted(set(touched) | self.rechecked)
        count_findings(self.summary, refresh_reports(self.con, self.summary.run_id, touched))
        self.timed("reports", t)

    def parse(self, entries: list[InboxEntry]) -> list[ParsedWorkbook]:
        t = time.perf_counter()
        _, parsed = parse_batch(entries, self.options.workers, self.options.limits)
        self.timed("parse", t)
        return parsed

    def validate(self, parsed: list[ParsedWorkbook]) -> list[ParsedWorkbook]:
        t = time.perf_counter()
        outcome = run_validation(parsed, self.con)
        self.summary.rounding_differences += outcome.rounding_total
        self.timed("validate", t)
        return parsed

    def load(self, parsed: list[ParsedWorkbook]) -> list[tuple[str, str, str]]:
        """New workbooks become submissions; re-checked ones replace their stored reading."""
        t = time.perf_counter()
        fresh = [wb for wb in parsed if wb.sha256 not in self.recheck]
        statuses = load_batch(self.con, self.summary.run_id, fresh, strict=self.options.strict,
                              rules_version=self.rules_version) if fresh else []
        for wb in fresh:
            count_findings(self.summary, wb.findings)
        for _path, status, _reason in statuses:
            setattr(self.summary, status, getattr(self.summary, status) + 1)
        statuses += self._recheck([wb for wb in parsed if wb.sha256 in self.recheck])
        self.timed("load", t)
        return statuses

    def _recheck(self, again: list[ParsedWorkbook]) -> list[tuple[str, str, str]]:
        """Replace in place what the new reading can replace; keep the stored version otherwise.

        A reading that rejects the file or finds another department or year cannot stand in for
        the stored submission: that stays whole (and is tried again by the next run) and the
        inbox row says why. Either way no submission is created: the file counts as unchanged.
        """
        replaced, statuses, rows = [], [], []
        for wb in again:
            stored = self.recheck.pop(wb.sha256, None)
            if stored is None:
                reason = "内容与本次已重新检查的文件相同"
            elif wb.rejected or wb.department is None or \
                    (wb.department.dept_code, wb.fiscal_year) != (stored.dept_code, stored.fiscal_year):
                why = wb.reject_reason or f"识别为 {wb.department.dept_code if wb.department else '未知部门'}" \
                                          f" {wb.fiscal_year or '未知'} 年度"
                reason = f"按规则版本 {self.rules_version} 重新检查未能替换库中版本（{why}），库中提交 {stored.submission_id} 保持不变"
            else:
                replaced.append(wb)
                self.rechecked.add((stored.dept_code, stored.fiscal_year))
                reason = f"内容未变；已按规则版本 {self.rules_version} 重新检查提交 {stored.submission_id}"
            rows.append(InboxEntry(wb.path, wb.size, wb.mtime, wb.sha256, "unchanged", reason))
            statuses.append((wb.path, "unchanged", reason))
        replace_in_place(self.con, self.summary.run_id, replaced, self.rules_version)
        write_inbox(self.con, self.summary.run_id, rows)
        for wb in replaced:
            count_findings(self.summary, wb.findings)
        self.summary.unchanged += len(again)
        return statuses

    def refresh_views(self) -> None:
        t = time.perf_counter()
        refresh_views(self.con)
        self.timed("views", t)

    def finish(self) -> RunSummary:
        """Record the run and publish the analysts' copy atomically; safe to retry.

        publish() closes the working connection before it copies, so a retry after a failed
        copy reopens the working file, which is whole on disk by then.
        """
        t = time.perf_counter()
        if self.con is None:
            self.con = duckdb.connect(str(working_path(self.options.db)))
        self.summary.finished_at = datetime.now()
        write_load_run(self.con, self.summary, self.rules_version)
        con, self.con = self.con, None
        publish(con, self.options.db)
        self.timed("publish", t)
        return self.summary


def refresh_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the analysts' views from schemas/views/*.sql, in file-name order."""
    views = files("juesuan.schemas").joinpath("views")
    for path in sorted((p for p in views.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name):
        con.execute(path.read_text("utf-8"))


@contextmanager
def store_session(db: Path, wait_seconds: float, *, views: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write outside a run (operator commands): the lock, a working copy, then publish.

    Published only when the block ends normally, after the views are refreshed (`views`),
    so an operator's mistake or a crash leaves the analysts' store as it was.
    """
    if not Path(db).is_file():
        raise StoreNotFound(f"no store at {db}: run `juesuan load` to create it")
    with writer_lock(db, wait_seconds):
        clear_stale_publish_files(db)
        con = open_working(db)
        try:
            yield con
            if views:
                refresh_views(con)
        except BaseException:
            con.close()
            raise
        publish(con, db)


def operate(db: Path, wait_seconds: float, action: Callable[..., Outcome], submission_id: int,
            operator: str) -> Outcome:
    """pin / withdraw / release (store/operator.py) as a published write; the department-year's
    self-evaluation reports are reconciled again with the tables that are current now."""
    with store_session(db, wait_seconds) as con:
        outcome = action(con, submission_id, operator)
        refresh_reports(con, f"operator-{uuid.uuid4().hex[:8]}", [(outcome.dept_code, outcome.fiscal_year)])
    return outcome


def backup(db: Path, wait_seconds: float, folder: Path, operator: str) -> dict[str, int]:
    """EXPORT DATABASE of the published store, recorded in it (the backup holds its own record)."""
    with store_session(db, wait_seconds, views=False) as con:
        record_backup(con, operator, str(folder.resolve()))
        return export_store(con, folder)


def split_reports(entries: list[InboxEntry]) -> tuple[list[InboxEntry], list[InboxEntry]]:
    """Candidates → (workbooks, self-evaluation reports)."""
    reports = [e for e in entries if is_report(e.path)]
    return [e for e in entries if not is_report(e.path)], reports


def check(paths: list[str], *, workers: int | None = None, store: duckdb.DuckDBPyConnection | None = None,
          limits: ParseLimits = ParseLimits()) -> tuple[list[InboxEntry], list[ParsedWorkbook], list[ParsedReport]]:
    """Parse and validate workbooks and reports without storing anything (`juesuan check`)."""
    entries = discover(paths)
    workbooks, reports = split_reports([e for e in entries if e.status == "candidate"])
    _, parsed = parse_batch(workbooks, workers, limits)
    validated = validate_batch(parsed, store)
    return entries, validated, process_reports(reports, workbooks=validated, store=store)
