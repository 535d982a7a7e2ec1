"""Narrative reports (部门整体支出绩效自评报告): read, split into sections, extract the stated
figures, reconcile them with the department's tables (N- rules), store.

The flow: read.py (file → paragraphs) → sections.py → identify.py → extract.py (claims) →
figures.py (the tables' figures) → reconcile.py (findings) → store.py / refresh.py.
"""
from .figures import DeptYearFigures, Figure, YearFigures, year_from_store, year_from_workbook
from .model import Claim, ClaimOutcome, ParsedReport, Section
from .reconcile import Reconciliation, reconcile
from .refresh import refresh_reports
from .stage import is_report, parse_reports, process_reports, reconcile_reports
from .store import disagreements, known_reports, report_status, write_reports

__all__ = [
    "Claim", "ClaimOutcome", "DeptYearFigures", "Figure", "ParsedReport", "Reconciliation", "Section",
    "YearFigures", "disagreements", "is_report", "known_reports", "parse_reports", "process_reports",
    "reconcile", "reconcile_reports", "refresh_reports", "report_status", "write_reports", "year_from_store",
    "year_from_workbook",
]
