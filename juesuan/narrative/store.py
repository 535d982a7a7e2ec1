"""LOAD reports into the working store, and read back what the HTML report shows of them.

A report is its sha256: the same bytes again change nothing. A newer report of a
department-year (a later run; within a run the newer file, then the later name) becomes current.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import duckdb
import pyarrow as pa

from ..model import Finding, InboxEntry
from ..store.load import write_findings, write_inbox
from ..store.staging import registered
from ..store.transaction import transaction
from .model import ClaimOutcome, ParsedReport

_MICRO = Decimal("0.000001")
SECTION_COLUMNS = {
    "report_id": pa.int64(), "dept_code": pa.string(), "fiscal_year": pa.int32(), "section_key": pa.string(),
    "heading": pa.string(), "ordinal": pa.int32(), "text": pa.string(),
}
CLAIM_COLUMNS = {
    "report_id": pa.int64(), "dept_code": pa.string(), "fiscal_year": pa.int32(), "claim_no": pa.int32(),
    "section_key": pa.string(), "section_heading": pa.string(), "sentence": pa.string(), "kind": pa.string(),
    "quantity": pa.string(), "fund": pa.string(), "number_text": pa.string(), "unit": pa.string(),
    "value": pa.decimal128(24, 6), "decimals": pa.int32(), "amount_yuan": pa.decimal128(18, 2), "grade": pa.string(),
    "direction": pa.string(), "understood": pa.bool_(), "reason": pa.string(), "outcome": pa.string(),
    "rule_id": pa.string(), "table_value": pa.string(), "src_sheet": pa.string(), "src_cell": pa.string(),
}


def known_reports(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> set[str]:
    """The hashes among `hashes` already stored as reports: those files are unchanged."""
    if not hashes:
        return set()
    rows = con.execute("SELECT sha256 FROM report_document WHERE list_contains(?, sha256)", [hashes]).fetchall()
    return {r[0] for r in rows}


def failures(findings: Sequence[Finding], severity: str) -> int:
    return sum(f.severity == severity and f.outcome == "fail" for f in findings)


def report_status(report: ParsedReport) -> str:
    """The report's inbox_file status: loaded | flagged | rejected | ignored."""
    if report.status != "parsed":
        return report.status
    return "flagged" if failures(report.findings, "error") else "loaded"


def write_reports(con: duckdb.DuckDBPyConnection, run_id: str, reports: Sequence[ParsedReport],
                  *, now: datetime | None = None) -> list[tuple[str, str, str]]:
    """Store a batch of parsed reports in one transaction; (path, status, reason) for each.

    Writes the inbox rows and findings of every report, and the document, sections and claims
    of each readable one. Bytes already stored, or met earlier in the batch, are `unchanged`.
    """
    now = now or datetime.now()
    known = known_reports(con, [r.sha256 for r in reports])
    first: dict[str, str] = {}
    statuses: list[tuple[str, str, str]] = []
    stored: list[ParsedReport] = []
    for report in reports:
        status, reason = report_status(report), report.reason
        if status in ("loaded", "flagged"):
            if report.sha256 in known:
                status, reason = "unchanged", "内容与已入库版本相同"
            elif report.sha256 in first:
                status, reason = "unchanged", f"与 {first[report.sha256]} 内容完全相同"
            else:
                first[report.sha256] = report.path
                stored.append(report)
        statuses.append((report.path, status, reason))
    stored.sort(key=lambda r: (r.mtime, PurePath(r.path).name))  # the newest is written last and wins
    with transaction(con):
        write_inbox(con, run_id, [InboxEntry(r.path, r.size, r.mtime, r.sha256 or None, status, reason)
                                  for r, (_, status, reason) in zip(reports, statuses)])
        write_findings(con, run_id, [f for r, (_, status, _) in zip(reports, statuses)
                                     if status != "unchanged" for f in r.findings])
        for report in stored:
            report_id = _document(con, run_id, report, now)
            insert_rows(con, "fct_report_section", SECTION_COLUMNS, _section_rows(report_id, report))
            insert_rows(con, "fct_report_claim", CLAIM_COLUMNS,
                        claim_rows(report_id, report.department.dept_code, report.fiscal_year, report))
    return statuses


def _document(con: duckdb.DuckDBPyConnection, run_id: str, report: ParsedReport, now: datetime) -> int:
    (report_id,) = con.execute(
        "INSERT INTO report_document (report_id, dept_code, fiscal_year, source_path, file_name, sha256,"
        " file_mtime, format, encoding, title, run_id, loaded_at, reconciled_run_id, status, is_current,"
        " compared_with, claim_count, error_count, warning_count)"
        " VALUES (nextval('report_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?)"
        " RETURNING report_id",
        [report.department.dept_code, report.fiscal_year, report.path, PurePath(report.path).name, report.sha256,
         datetime.fromtimestamp(report.mtime), report.fmt, report.encoding, report.title, run_id, now, run_id,
         report_status(report), report.compared_with, len(report.claims), failures(report.findings, "error"),
         failures(report.findings, "warning")],
    ).fetchone()
    con.execute("UPDATE report_document SET is_current = (report_id = ?) WHERE dept_code = ? AND fiscal_year = ?",
                [report_id, report.department.dept_code, report.fiscal_year])
    return report_id


def _section_rows(report_id: int, report: ParsedReport) -> list[dict[str, Any]]:
    return [{"report_id": report_id, "dept_code": report.department.dept_code, "fiscal_year": report.fiscal_year,
             "section_key": s.key, "heading": s.heading, "ordinal": s.ordinal, "text": s.text}
            for s in report.sections]


def claim_rows(report_id: int, dept_code: str, fiscal_year: int, report: ParsedReport) -> list[dict[str, Any]]:
    rows = []
    for c in report.claims:
        outcome = report.outcomes.get(c.claim_no, ClaimOutcome("not_evaluated"))
        rows.append({
            "report_id": report_id, "dept_code": dept_code, "fiscal_year": fiscal_year,
            "claim_no": c.claim_no, "section_key": c.section_key, "section_heading": c.section_heading,
            "sentence": c.sentence, "kind": c.kind, "quantity": c.quantity, "fund": c.fund,
            "number_text": c.number_text, "unit": c.unit,
            "value": c.value.quantize(_MICRO) if c.value is not None else None, "decimals": c.decimals,
            "amount_yuan": c.amount_yuan, "grade": c.grade, "direction": c.direction, "understood": c.understood,
            "reason": c.reason or None, "outcome": outcome.outcome, "rule_id": outcome.rule_id,
            "table_value": outcome.table_value, "src_sheet": outcome.sheet, "src_cell": outcome.cell,
        })
    return rows


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, pa.DataType],
            rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    data = pa.table({name: pa.array([r[name] for r in rows], kind) for name, kind in columns.items()})
    names = ", ".join(columns)
    with registered(con, "_report_rows", data):
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _report_rows")


def disagreements(con: duckdb.DuckDBPyConnection, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    """Per department, what its current report states that the tables contradict (the HTML section).

    Errors and warnings of the N- rules that point at a sentence of each department-year's current
    report (its latest reading), with the report's section and the table cell compared.
    """
    cursor = con.execute(
        """
        WITH current_report AS (
            SELECT report_id, sha256, reconciled_run_id, dept_code, fiscal_year, file_name
            FROM report_document
            WHERE is_current AND (CAST(? AS INTEGER) IS NULL OR fiscal_year = ?)
        ),
        final AS (
            SELECT r.dept_code, d.dept_name, r.fiscal_year, r.file_name, f.rule_id, f.severity,
                   f.report_section, f.sentence, f.message, f.expected, f.actual, f.sheet, f.cell
            FROM current_report r
            JOIN finding f ON f.sha256 = r.sha256 AND f.run_id = r.reconciled_run_id
            LEFT JOIN dim_department d USING (dept_code)
            WHERE f.rule_id LIKE 'N-%' AND f.sentence IS NOT NULL
              AND f.outcome = 'fail' AND f.severity IN ('error', 'warning')
        )
        SELECT * FROM final ORDER BY dept_code, fiscal_year, rule_id, sentence
        """,
        [fiscal_year, fiscal_year],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
