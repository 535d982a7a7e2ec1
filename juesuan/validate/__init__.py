"""Validate stage: decides what of a batch may load.

File-level rules (F-…) are applied while parsing: a workbook that cannot be trusted at all is
already `rejected` with its finding. Here the batch is checked as a set.
"""
from __future__ import annotations

import duckdb

from ..model import ParsedWorkbook


def validate_batch(parsed: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None = None) -> list[ParsedWorkbook]:
    """Two files with the same bytes in one run are one workbook: keep the first, say so."""
    seen: dict[str, str] = {}
    for wb in parsed:
        if wb.rejected or not wb.sha256:
            continue
        first = seen.setdefault(wb.sha256, wb.path)
        if first != wb.path:
            wb.rejected = True
            wb.reject_reason = f"与 {first} 内容完全相同，已按同一份报表处理"
    return parsed
