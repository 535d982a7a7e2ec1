"""The narrative stage of a run: report files → parsed reports → reconciled reports.

Parsing touches one file at a time and nothing else (it may run in the parse workers).
Reconciling reads figures from workbooks of the same batch first (`juesuan check` stores
nothing), then from the store: the working store once this run's workbooks are loaded, or a
read-only one.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

import duckdb

from ..model import InboxEntry, ParsedWorkbook
from ..refdata import Reference, load_reference
from .figures import DeptYearFigures, YearFigures, year_from_store, year_from_workbook
from .model import ParsedReport
from .parse import parse_report, stamp
from .patterns import patterns
from .reconcile import reconcile
from .rules import rules


def is_report(path: str) -> bool:
    """Whether discover should hand this file to the narrative stage rather than the workbook reader."""
    return PurePath(path).suffix.lower() in patterns().formats


def parse_reports(entries: Sequence[InboxEntry], ref: Reference | None = None) -> list[ParsedReport]:
    """Read, split, identify and extract each report; never raises."""
    pats, catalogue, ref = patterns(), rules(), ref or load_reference()
    return [parse_report(e, ref, pats, catalogue) for e in entries]


def reconcile_reports(reports: Sequence[ParsedReport], *, workbooks: Sequence[ParsedWorkbook] = (),
                      store: duckdb.DuckDBPyConnection | None = None) -> list[ParsedReport]:
    """Reconcile each readable report with its department-year's tables (and last year's)."""
    for report in reports:
        if report.status == "parsed":
            figures = dept_year_figures(report, workbooks, store)
            result = reconcile(report.claims, figures)
            report.outcomes = result.outcomes
            report.rounding_differences = result.rounding_differences
            report.compared_with = figures.current.source if figures.current else None
            report.findings += result.findings
            stamp(report)
    return list(reports)


def process_reports(entries: Sequence[InboxEntry], *, workbooks: Sequence[ParsedWorkbook] = (),
                    store: duckdb.DuckDBPyConnection | None = None,
                    ref: Reference | None = None) -> list[ParsedReport]:
    return reconcile_reports(parse_reports(entries, ref), workbooks=workbooks, store=store)


def dept_year_figures(report: ParsedReport, workbooks: Sequence[ParsedWorkbook],
                      store: duckdb.DuckDBPyConnection | None) -> DeptYearFigures:
    dept, year = report.department, report.fiscal_year

    def one_year(y: int) -> YearFigures | None:
        same = [wb for wb in workbooks if not wb.rejected and wb.department is not None
                and wb.department.dept_code == dept.dept_code and wb.fiscal_year == y]
        if same:  # the newest file wins, as between submissions (warehouse.md)
            return year_from_workbook(max(same, key=lambda wb: (wb.mtime, PurePath(wb.path).name)))
        return year_from_store(store, dept.dept_code, y) if store is not None else None

    return DeptYearFigures(dept.dept_code, dept.dept_name, year, one_year(year), one_year(year - 1))
