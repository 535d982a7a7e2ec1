"""Validate stage: the rule catalogue (expectations/rules.yaml) over a whole batch at once.

File-level rules (F-…) and unreadable cells (C-001…C-003) are found while parsing: a workbook
that cannot be trusted at all is already `rejected`. Here the batch is checked as a set: the
identities are computed in an in-memory DuckDB (one query per rule shape, all workbooks), judged
by Great Expectations (one validation per suite), and turned into findings on each workbook.
"""
from __future__ import annotations

import duckdb

from ..model import ParsedWorkbook
from .catalogue import catalogue
from .engine import Validation, validate
from .expectations import prepare
from .rulesdoc import render_rules_md

__all__ = ["Validation", "catalogue", "prepare", "render_rules_md", "run_validation", "validate", "validate_batch"]


def _same_bytes(parsed: list[ParsedWorkbook]) -> None:
    """Two files with the same bytes in one run are one workbook: keep the first, say so."""
    seen: dict[str, str] = {}
    for wb in parsed:
        if wb.rejected or not wb.sha256:
            continue
        first = seen.setdefault(wb.sha256, wb.path)
        if first != wb.path:
            wb.rejected = True
            wb.reject_reason = f"与 {first} 内容完全相同，已按同一份报表处理"


def run_validation(parsed: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None = None) -> Validation:
    """Validate a batch in place; the outcome counts the differences inside the rounding envelope.

    `store` holds earlier years for the cross-year rules and is only read.
    """
    _same_bytes(parsed)
    return validate(parsed, store)


def validate_batch(parsed: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None = None) -> list[ParsedWorkbook]:
    """Add every rule's findings to each workbook (see run_validation); returns the batch."""
    run_validation(parsed, store)
    return parsed
