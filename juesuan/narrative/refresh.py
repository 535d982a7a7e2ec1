"""Read stored reports again when their department's tables change.

Reports and workbooks arrive on different nights: a report stored before its workbook had
nothing to be read against, and last year's workbook decides this year's 较上年 claims. After a
run loads workbooks, the current reports of those department-years (and of the year after) are
reconciled again from their stored claims, and their new findings are written under this run.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import duckdb
import pyarrow as pa

from ..model import Finding
from ..refdata import load_reference
from ..store.load import write_findings
from ..store.staging import registered
from ..store.transaction import transaction
from .figures import DeptYearFigures, year_from_store
from .model import Claim, ParsedReport
from .reconcile import reconcile
from .store import CLAIM_COLUMNS, claim_rows, failures, insert_rows, report_status

_CLAIM_FIELDS = ("claim_no", "section_key", "section_heading", "sentence", "kind", "quantity", "number_text",
                 "unit", "value", "decimals", "fund", "grade", "direction", "understood", "reason")


def stored_claims(con: duckdb.DuckDBPyConnection, report_id: int) -> list[Claim]:
    """A stored report's claims, as extraction made them."""
    rows = con.execute(f"SELECT {', '.join(_CLAIM_FIELDS)} FROM fct_report_claim WHERE report_id = ?"
                       " ORDER BY claim_no", [report_id]).fetchall()
    claims = []
    for row in rows:
        fields = dict(zip(_CLAIM_FIELDS, row))
        value: Decimal | None = fields["value"]
        fields.update(value=value.normalize() if value is not None else None,
                      decimals=fields["decimals"] or 0, reason=fields["reason"] or "")
        claims.append(Claim(**fields))
    return claims


def refresh_reports(con: duckdb.DuckDBPyConnection, run_id: str, keys: Iterable[tuple[str, int]]) -> list[Finding]:
    """Reconcile again the current reports of these (dept_code, fiscal_year) and of the year after.

    Reports already read in this run are left alone. Returns the new findings (for the summary).
    """
    wanted = sorted({(d, y + shift) for d, y in keys for shift in (0, 1)})
    if not wanted:
        return []
    touched = pa.table({"dept_code": pa.array([d for d, _ in wanted], pa.string()),
                        "fiscal_year": pa.array([y for _, y in wanted], pa.int32())})
    with registered(con, "_refresh_keys", touched):
        documents = con.execute(
            "SELECT r.report_id, r.dept_code, r.fiscal_year, r.source_path, r.sha256 FROM report_document r"
            " JOIN _refresh_keys USING (dept_code, fiscal_year) WHERE r.is_current AND r.reconciled_run_id <> ?"
            " ORDER BY r.report_id", [run_id]).fetchall()
    departments = load_reference().departments
    found: list[Finding] = []
    with transaction(con):
        for report_id, dept_code, year, path, sha256 in documents:
            dept = departments.get(dept_code)
            figures = DeptYearFigures(dept_code, dept.dept_name if dept else dept_code, year,
                                      year_from_store(con, dept_code, year), year_from_store(con, dept_code, year - 1))
            claims = stored_claims(con, report_id)
            result = reconcile(claims, figures)
            report = ParsedReport(path, sha256, 0, 0.0, claims=claims, outcomes=result.outcomes,
                                  findings=result.findings)
            for f in report.findings:
                f.file, f.sha256 = path, sha256
            con.execute("DELETE FROM fct_report_claim WHERE report_id = ?", [report_id])
            insert_rows(con, "fct_report_claim", CLAIM_COLUMNS, claim_rows(report_id, dept_code, year, report))
            write_findings(con, run_id, report.findings)
            con.execute(
                "UPDATE report_document SET reconciled_run_id = ?, status = ?, compared_with = ?,"
                " error_count = ?, warning_count = ? WHERE report_id = ?",
                [run_id, report_status(report), figures.current.source if figures.current else None,
                 failures(report.findings, "error"), failures(report.findings, "warning"), report_id])
            found += report.findings
    return found

