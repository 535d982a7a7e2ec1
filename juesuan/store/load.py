"""LOAD: parsed workbooks → submissions, facts, findings and inbox rows in the working store.

Keys, versions and lineage follow warehouse.md: a workbook is its sha256; the same bytes again
change nothing; a new workbook for a department-year supersedes the older ones (current.py).
A batch goes in as one transaction. When that fails it is rolled back and retried one workbook
per transaction, so one bad workbook cannot take the others down and none is ever half stored.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import duckdb
import pyarrow as pa

from juesuan.model import Finding, InboxEntry, ParsedWorkbook, RunSummary
from juesuan.store.current import refresh_current
from juesuan.store.errors import BadFacts
from juesuan.store.facts import IDENTITY, KEY, fact_schemas, fact_table, sheet_table
from juesuan.store.staging import registered
from juesuan.store.transaction import transaction

# What makes one workbook fail to load: the database refusing its rows, or facts that do not fit.
_WORKBOOK_ERRORS = (duckdb.Error, BadFacts, pa.ArrowException)
_NEW = ("loaded", "flagged", "quarantined")
_DEPARTMENT = ("dept_code", "dept_name", "region_code", "region_name", "unit_kind", "parent_dept_code")


@dataclass(eq=False)
class _Outcome:
    wb: ParsedWorkbook
    status: str  # loaded | flagged | quarantined | rejected | unchanged
    reason: str = ""
    copy_of: _Outcome | None = None  # the same bytes met earlier in this batch

    @property
    def is_new(self) -> bool:
        return self.status in _NEW


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    parsed: list[ParsedWorkbook],
    *,
    strict: bool = False,
    now: datetime | None = None,
    rules_version: str | None = None,
) -> list[tuple[str, str, str]]:
    """Store a batch of parsed workbooks; return (path, status, reason) for each, in order.

    status is loaded | flagged | quarantined | rejected | unchanged, as written to inbox_file.
    With strict=True a workbook with an error finding is quarantined: stored, never current.
    `now` (naive local time) stamps submission.loaded_at.
    """
    outcomes = _classify(con, parsed, strict)
    writer = _Writer(con, run_id, now or datetime.now(), rules_version)
    try:
        with transaction(con):
            writer.write(outcomes)
    except _WORKBOOK_ERRORS:
        new = [o for o in outcomes if o.is_new]
        for outcome in new:
            try:
                with transaction(con):
                    writer.write([outcome])
            except _WORKBOOK_ERRORS as exc:
                outcome.status, outcome.reason = "rejected", str(exc)
        for outcome in outcomes:
            if outcome.copy_of is not None and outcome.copy_of.status == "rejected":
                outcome.status, outcome.reason = "rejected", outcome.copy_of.reason
        with transaction(con):
            writer.write([o for o in outcomes if not o.is_new])
    return [(o.wb.path, o.status, o.reason) for o in outcomes]


def write_inbox(con: duckdb.DuckDBPyConnection, run_id: str, entries: Iterable[InboxEntry]) -> None:
    """inbox_file rows for paths that never reached load_batch (ignored, rejected unread)."""
    _insert_inbox(con, run_id, [(e.path, e.sha256, e.size, e.status, e.reason) for e in entries])


def write_findings(con: duckdb.DuckDBPyConnection, run_id: str, findings: Iterable[Finding]) -> None:
    """Findings not attached to a parsed workbook; linked to a submission through their sha256."""
    _insert_findings(con, run_id, [(f, f.file, f.sha256) for f in findings])


def write_load_run(
    con: duckdb.DuckDBPyConnection, summary: RunSummary, rules_version: str | None = None
) -> None:
    """The run's load_run row; writing it again (e.g. at start, then at finish) replaces it."""
    con.execute(
        "INSERT OR REPLACE INTO load_run (run_id, started_at, finished_at, rules_version, files_seen,"
        " loaded, flagged, quarantined, rejected, unchanged, errors, warnings, not_evaluated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary.run_id, summary.started_at, summary.finished_at, rules_version,
            summary.files_seen, summary.loaded, summary.flagged, summary.quarantined,
            summary.rejected, summary.unchanged, summary.errors, summary.warnings,
            summary.not_evaluated,
        ],
    )


def _classify(
    con: duckdb.DuckDBPyConnection, parsed: list[ParsedWorkbook], strict: bool
) -> list[_Outcome]:
    known = dict(
        con.execute(
            "SELECT sha256, submission_id FROM submission WHERE list_contains(?, sha256)",
            [[wb.sha256 for wb in parsed]],
        ).fetchall()
    )
    first: dict[str, _Outcome] = {}
    outcomes = []
    for wb in parsed:
        # Stored bytes come first: a rejected workbook's findings must never link to a submission.
        if wb.sha256 in known:
            outcome = _Outcome(wb, "unchanged", f"same bytes as submission {known[wb.sha256]}")
        elif wb.rejected:
            outcome = _Outcome(wb, "rejected", wb.reject_reason)
        elif wb.department is None or wb.fiscal_year is None:
            outcome = _Outcome(wb, "rejected", "department or fiscal year not found")
        elif wb.sha256 in first:
            original = first[wb.sha256]
            outcome = _Outcome(wb, "unchanged", f"same bytes as {original.wb.path}", copy_of=original)
        else:
            has_errors = _count(wb.findings, "error") > 0
            outcome = _Outcome(wb, ("quarantined" if strict else "flagged") if has_errors else "loaded")
            first[wb.sha256] = outcome
        outcomes.append(outcome)
    return outcomes


def _count(findings: list[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity and f.outcome == "fail")


class _Writer:
    """Writes a group of outcomes inside the caller's transaction."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, run_id: str, now: datetime, rules_version: str | None
    ):
        self.con, self.run_id, self.now, self.rules_version = con, run_id, now, rules_version
        self.schemas = fact_schemas(con)

    def write(self, outcomes: list[_Outcome]) -> None:
        new = [o for o in outcomes if o.is_new]
        if new:
            self._submissions(new)
        _insert_inbox(
            self.con, self.run_id,
            [(o.wb.path, o.wb.sha256, o.wb.size, o.status, o.reason) for o in outcomes],
        )
        # An unchanged workbook's findings are already stored with its submission.
        _insert_findings(
            self.con, self.run_id,
            [
                (f, f.file or o.wb.path, o.wb.sha256)
                for o in outcomes if o.status != "unchanged" for f in o.wb.findings
            ],
        )

    def _submissions(self, new: list[_Outcome]) -> None:
        workbooks = [o.wb for o in new]
        rows = pa.table({
            KEY: pa.array([wb.sha256 for wb in workbooks], pa.string()),
            "dept_code": pa.array([wb.department.dept_code for wb in workbooks], pa.string()),
            "fiscal_year": pa.array([wb.fiscal_year for wb in workbooks], pa.int32()),
            "source_path": pa.array([wb.path for wb in workbooks], pa.string()),
            "file_name": pa.array([PurePath(wb.path).name for wb in workbooks], pa.string()),
            "file_mtime": pa.array(
                [datetime.fromtimestamp(wb.mtime) for wb in workbooks], pa.timestamp("us")
            ),
            "status": pa.array([o.status for o in new], pa.string()),
            "sheets_found": pa.array([wb.table_kinds for wb in workbooks], pa.list_(pa.string())),
            "error_count": pa.array([_count(wb.findings, "error") for wb in workbooks], pa.int32()),
            "warning_count": pa.array([_count(wb.findings, "warning") for wb in workbooks], pa.int32()),
        })
        with registered(self.con, "_load_submission", rows):
            self.con.execute(
                "INSERT INTO submission (submission_id, dept_code, fiscal_year, source_path, file_name,"
                " sha256, file_mtime, run_id, loaded_at, status, is_current, sheets_found, error_count,"
                " warning_count, rules_version)"
                " SELECT nextval('submission_id_seq'), dept_code, fiscal_year, source_path, file_name,"
                " sha256, file_mtime, ?, ?, status, false, sheets_found, error_count, warning_count, ?"
                " FROM _load_submission",
                [self.run_id, self.now, self.rules_version],
            )
        self._sheets(workbooks)
        self._facts(workbooks)
        self._departments(workbooks)
        refresh_current(self.con, [(wb.department.dept_code, wb.fiscal_year) for wb in workbooks])

    def _sheets(self, workbooks: list[ParsedWorkbook]) -> None:
        rows = sheet_table(workbooks)
        with registered(self.con, "_load_sheet", rows):
            self.con.execute(
                "INSERT INTO submission_sheet (submission_id, sheet, table_kind, unit, decimals, title_cell)"
                " SELECT s.submission_id, a.sheet, a.table_kind, a.unit, a.decimals, a.title_cell"
                " FROM _load_sheet a JOIN submission s USING (sha256)"
            )

    def _facts(self, workbooks: list[ParsedWorkbook]) -> None:
        for wb in workbooks:
            unknown = sorted(set(wb.facts) - set(self.schemas))
            if unknown:
                raise BadFacts(f"the store has no fact table {', '.join(unknown)}")
        for table, schema in self.schemas.items():
            having = [wb for wb in workbooks if table in wb.facts]
            if not having:
                continue
            columns = [name for name in schema.names if name != KEY]
            selected = ", ".join("a." + c for c in columns)
            with registered(self.con, "_load_facts", fact_table(table, schema, having)):
                self.con.execute(
                    f"INSERT INTO {table} ({', '.join(IDENTITY)}, {', '.join(columns)})"
                    f" SELECT s.submission_id, s.dept_code, s.fiscal_year, {selected}"
                    f" FROM _load_facts a JOIN submission s USING ({KEY})"
                )

    def _departments(self, workbooks: list[ParsedWorkbook]) -> None:
        departments = {}
        for wb in workbooks:
            departments.setdefault(wb.department.dept_code, wb.department)
        rows = pa.table({
            name: pa.array([getattr(d, name) for d in departments.values()], pa.string())
            for name in _DEPARTMENT
        })
        with registered(self.con, "_load_department", rows):
            self.con.execute(
                f"INSERT INTO dim_department ({', '.join(_DEPARTMENT)})"
                f" SELECT {', '.join('d.' + c for c in _DEPARTMENT)} FROM _load_department d"
                f" WHERE NOT EXISTS (SELECT 1 FROM dim_department x WHERE x.dept_code = d.dept_code)"
            )


def _insert_inbox(
    con: duckdb.DuckDBPyConnection, run_id: str, rows: list[tuple[str, str | None, int, str, str | None]]
) -> None:
    if not rows:
        return
    table = pa.table({
        "path": pa.array([r[0] for r in rows], pa.string()),
        KEY: pa.array([r[1] for r in rows], pa.string()),
        "size_bytes": pa.array([r[2] for r in rows], pa.int64()),
        "status": pa.array([r[3] for r in rows], pa.string()),
        "reason": pa.array([r[4] or None for r in rows], pa.string()),
    })
    with registered(con, "_load_inbox", table):
        con.execute(
            "INSERT INTO inbox_file (run_id, path, sha256, size_bytes, status, reason)"
            " SELECT ?, path, sha256, size_bytes, status, reason FROM _load_inbox",
            [run_id],
        )


_FINDING_TEXT = (
    "rule_id", "outcome", "severity", "sheet", "cell", "message", "expected", "actual",
    "root_cell", "report_section", "sentence",
)


def _insert_findings(
    con: duckdb.DuckDBPyConnection, run_id: str, rows: list[tuple[Finding, str, str | None]]
) -> None:
    """rows: (finding, file, sha256). submission_id comes from the sha256: NULL when rejected."""
    if not rows:
        return
    columns = {
        "file": pa.array([file for _, file, _ in rows], pa.string()),
        KEY: pa.array([sha for _, _, sha in rows], pa.string()),
    }
    for name in _FINDING_TEXT:
        columns[name] = pa.array([getattr(f, name) for f, _, _ in rows], pa.string())
    with registered(con, "_load_finding", pa.table(columns)):
        con.execute(
            f"INSERT INTO finding (run_id, file, sha256, submission_id, {', '.join(_FINDING_TEXT)})"
            f" SELECT ?, f.file, f.sha256, s.submission_id, {', '.join('f.' + c for c in _FINDING_TEXT)}"
            f" FROM _load_finding f LEFT JOIN submission s USING ({KEY})",
            [run_id],
        )
