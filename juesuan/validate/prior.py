"""Last year's workbook of each department, for the cross-year rules (Y-…).

Taken from the batch when it holds that department-year (the newest file wins, as at load),
else from the store's current submission. The store is only read.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

from ..model import ParsedWorkbook
from .catalogue import Catalogue, bound, sql_text

PRIOR_MAP = pa.schema([("sha256", pa.string()), ("prior_sha256", pa.string()),
                       ("prior_year", pa.int32()), ("prior_path", pa.string())])
STORE_PRIOR = pa.schema([
    ("sha256", pa.string()), ("tbl", pa.string()), ("part", pa.string()), ("key", pa.string()),
    ("level", pa.int32()), ("code", pa.string()), ("amount", pa.decimal128(18, 2)),
    ("sheet", pa.string()), ("cell", pa.string()), ("unit", pa.string()), ("decimals", pa.int32()),
])


def _prior_tables(cat: Catalogue) -> list[str]:
    return sorted({run.params["prior"]["tbl"] for r in cat.rules for run in r.runs if "prior" in run.params})


def prior_sources(workbooks: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None,
                  cat: Catalogue) -> tuple[pa.Table, pa.Table]:
    """(prior_map, store_prior): which workbook is each one's last year, and the store's cells of
    those that come from the store."""
    newest: dict[tuple[str, int], ParsedWorkbook] = {}
    for wb in sorted(workbooks, key=lambda w: (w.mtime, w.path)):
        newest[(wb.department.dept_code, wb.fiscal_year)] = wb
    pairs: list[tuple[str, str, int, str]] = []
    wanted: dict[str, list[ParsedWorkbook]] = {}
    for wb in workbooks:
        key = (wb.department.dept_code, wb.fiscal_year - 1)
        if key in newest:
            pairs.append((wb.sha256, newest[key].sha256, key[1], newest[key].path))
        else:
            wanted.setdefault(f"{key[0]}|{key[1]}", []).append(wb)
    cells = STORE_PRIOR.empty_table()
    if store is not None and wanted:
        current = sql_text("_store_current.sql")
        found = store.execute(current, bound(current, {"keys": sorted(wanted)})).fetchall()
        for dept, year, sha, path in found:
            pairs.extend((wb.sha256, sha, year, path) for wb in wanted[f"{dept}|{year}"])
        shas = sorted({sha for _, _, sha, _ in found})
        if shas:
            query = sql_text("_store_prior.sql")
            params = bound(query, {"shas": shas, "tables": _prior_tables(cat)})
            cells = store.sql(query, params=params).to_arrow_table().cast(STORE_PRIOR)
    columns = list(zip(*pairs)) if pairs else [[], [], [], []]
    return pa.table([pa.array(c, f.type) for c, f in zip(columns, PRIOR_MAP)], schema=PRIOR_MAP), cells
