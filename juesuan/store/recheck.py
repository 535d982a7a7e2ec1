"""Re-check: stored workbooks read again under new rules, replaced in place.

When the templates, rules or code lists change (pipeline.rules_version), a workbook already
stored is parsed and validated again. Its submission keeps its id, run and place among the
versions of its department-year (so which version is current does not move); its sheets, facts
and findings are replaced in one transaction, its counts and rules_version updated, and
'loaded' / 'flagged' follow the new error count. Quarantine and withdrawal stay operator business.
"""
from __future__ import annotations

import dataclasses

import duckdb
import pyarrow as pa

from juesuan.model import ParsedWorkbook
from juesuan.store.catalog import store_columns
from juesuan.store.facts import IDENTITY, KEY, fact_schemas, fact_table, sheet_table
from juesuan.store.load import write_findings
from juesuan.store.staging import registered
from juesuan.store.transaction import transaction


def replace_in_place(con: duckdb.DuckDBPyConnection, run_id: str,
                     workbooks: list[ParsedWorkbook], rules_version: str) -> None:
    """Replace what is stored for each workbook's sha256 with this reading of it."""
    if not workbooks:
        return
    counts = pa.table({
        KEY: pa.array([wb.sha256 for wb in workbooks], pa.string()),
        "error_count": pa.array([_count(wb, "error") for wb in workbooks], pa.int32()),
        "warning_count": pa.array([_count(wb, "warning") for wb in workbooks], pa.int32()),
        "sheets_found": pa.array([wb.table_kinds for wb in workbooks], pa.list_(pa.string())),
    })
    schemas = fact_schemas(con)
    # Every table that hangs off a submission (the narrative reports' fct_report_* do not).
    owned = [t for t, columns in store_columns(con).items()
             if t.startswith("fct_") and any(c == "submission_id" for c, _ in columns)]
    with transaction(con), registered(con, "_recheck", counts):
        stale = "submission_id IN (SELECT s.submission_id FROM submission s JOIN _recheck USING (sha256))"
        for table in [*owned, "submission_sheet", "finding"]:
            con.execute(f"DELETE FROM {table} WHERE {stale}")
        con.execute(
            "UPDATE submission SET error_count = r.error_count, warning_count = r.warning_count,"
            " sheets_found = r.sheets_found, rules_version = ?,"
            " status = CASE WHEN submission.status NOT IN ('loaded', 'flagged') THEN submission.status"
            "               WHEN r.error_count > 0 THEN 'flagged' ELSE 'loaded' END"
            " FROM _recheck r WHERE submission.sha256 = r.sha256",
            [rules_version],
        )
        _sheets(con, workbooks)
        for table, schema in schemas.items():
            having = [wb for wb in workbooks if table in wb.facts]
            if having:
                _facts(con, table, schema, having)
        write_findings(con, run_id, [dataclasses.replace(f, file=f.file or wb.path, sha256=wb.sha256)
                                     for wb in workbooks for f in wb.findings])


def _count(wb: ParsedWorkbook, severity: str) -> int:
    return sum(1 for f in wb.findings if f.severity == severity and f.outcome == "fail")


def _sheets(con: duckdb.DuckDBPyConnection, workbooks: list[ParsedWorkbook]) -> None:
    rows = sheet_table(workbooks)
    with registered(con, "_recheck_sheet", rows):
        con.execute(
            "INSERT INTO submission_sheet (submission_id, sheet, table_kind, unit, decimals, title_cell)"
            " SELECT s.submission_id, a.sheet, a.table_kind, a.unit, a.decimals, a.title_cell"
            " FROM _recheck_sheet a JOIN submission s USING (sha256)"
        )


def _facts(con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema,
           workbooks: list[ParsedWorkbook]) -> None:
    columns = [name for name in schema.names if name != KEY]
    with registered(con, "_recheck_facts", fact_table(table, schema, workbooks)):
        con.execute(
            f"INSERT INTO {table} ({', '.join(IDENTITY)}, {', '.join(columns)})"
            f" SELECT s.submission_id, s.dept_code, s.fiscal_year, {', '.join('a.' + c for c in columns)}"
            f" FROM _recheck_facts a JOIN submission s USING ({KEY})"
        )
