"""The table figures a report is read against: one department-year and the year before.

Filled from the store (a read-only connection is enough) or from a workbook parsed in the same
run; which fact holds each quantity is data (narrative_patterns.yaml `quantities.*.source`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from ..model import ParsedWorkbook
from .amounts import half_unit, show
from .patterns import Patterns, Source, patterns


@dataclass(frozen=True)
class Figure:
    value: Decimal | None  # yuan for money; the count or score otherwise; None for a grade
    sheet: str | None
    cell: str | None
    unit: str | None = None  # money: the sheet's printed unit
    decimals: int = 2  # the sheet's printed decimals
    text: str | None = None  # a grade as written
    band: str | None = None  # 优 | 良 | 中 | 差

    def half(self, kind: str) -> Decimal:
        """The table's own rounding, in yuan for money; counts are exact."""
        if kind == "count":
            return Decimal(0)
        return half_unit(self.decimals, self.unit)

    def shown(self, kind: str) -> str:
        if self.value is None:
            return self.text or ""
        if kind == "money":
            return show(self.value, self.unit or "元", self.decimals)
        return show(self.value, None, 0 if kind == "count" else self.decimals)


@dataclass(frozen=True)
class YearFigures:
    fiscal_year: int
    source: str  # the workbook the figures come from (its path)
    values: Mapping[str, Figure]


@dataclass(frozen=True)
class DeptYearFigures:
    dept_code: str
    dept_name: str
    fiscal_year: int
    current: YearFigures | None
    previous: YearFigures | None = field(default=None)


def _select(source: Source, quantity: str, priority: int, submission_id: int) -> tuple[str, list[Any]]:
    """One source as a SELECT of (quantity, priority, number, text, band, sheet, cell)."""
    is_text = source.band is not None
    number = "CAST(NULL AS DECIMAL(18,2))" if is_text else f"CAST(f.{source.value} AS DECIMAL(18,2))"
    text = f"CAST(f.{source.value} AS VARCHAR)" if is_text else "CAST(NULL AS VARCHAR)"
    band = f"f.{source.band}" if is_text else "CAST(NULL AS VARCHAR)"
    where = "".join(f" AND f.{column} = ?" for column, _ in source.where)
    sql = (f"SELECT ? AS quantity, ? AS priority, {number} AS number, {text} AS text, {band} AS band,"
           f" f.src_sheet AS sheet, f.{source.cell} AS cell FROM {source.table} f"
           f" WHERE f.submission_id = ?{where}")
    return sql, [quantity, priority, submission_id, *(value for _, value in source.where)]


def _store_values(con: duckdb.DuckDBPyConnection, submission_id: int, pats: Patterns) -> dict[str, Figure]:
    selects, params = [], []
    for key, quantity in pats.quantities.items():
        for priority, source in enumerate(quantity.sources):
            sql, args = _select(source, key, priority, submission_id)
            selects.append(sql)
            params += args
    rows = con.execute(
        f"""
        WITH facts AS ({' UNION ALL '.join(selects)}),
        final AS (
            SELECT f.quantity, f.priority, f.number, f.text, f.band, f.sheet, f.cell, s.unit, s.decimals
            FROM facts f
            LEFT JOIN submission_sheet s ON s.submission_id = ? AND s.sheet = f.sheet
            WHERE f.number IS NOT NULL OR f.text IS NOT NULL
        )
        SELECT * FROM final ORDER BY quantity, priority
        """,
        [*params, submission_id],
    ).fetchall()
    values: dict[str, Figure] = {}
    for quantity, _, number, text, band, sheet, cell, unit, decimals in rows:
        values.setdefault(quantity, Figure(number, sheet, cell, unit, 2 if decimals is None else decimals, text, band))
    return values


def _current(con: duckdb.DuckDBPyConnection, dept_code: str, year: int) -> tuple[int, str] | None:
    return con.execute(
        "SELECT submission_id, source_path FROM submission WHERE dept_code = ? AND fiscal_year = ? AND is_current",
        [dept_code, year],
    ).fetchone()


def year_from_store(con: duckdb.DuckDBPyConnection, dept_code: str, year: int,
                    pats: Patterns | None = None) -> YearFigures | None:
    """The current submission's figures of a department-year, or None when the store has none."""
    found = _current(con, dept_code, year)
    if found is None:
        return None
    submission_id, path = found
    return YearFigures(year, path, _store_values(con, submission_id, pats or patterns()))


def year_from_workbook(wb: ParsedWorkbook, pats: Patterns | None = None) -> YearFigures:
    """The same figures from a workbook parsed in this run (its facts, before any store)."""
    pats = pats or patterns()
    sheets = {s.sheet: s for s in wb.sheets}
    values: dict[str, Figure] = {}
    for key, quantity in pats.quantities.items():
        for source in quantity.sources:
            row = _first_row(wb.facts.get(source.table) or {}, source.where)
            raw = row.get(source.value) if row else None
            if raw is None:
                continue
            sheet = sheets.get(row["src_sheet"])
            decimals = sheet.decimals if sheet and sheet.decimals is not None else 2
            if source.band:
                values[key] = Figure(None, row["src_sheet"], row.get(source.cell), text=str(raw),
                                     band=row.get(source.band))
            else:
                values[key] = Figure(Decimal(raw), row["src_sheet"], row.get(source.cell),
                                     sheet.unit if sheet else None, decimals)
            break
    return YearFigures(wb.fiscal_year or 0, wb.path, values)


def _first_row(columns: Mapping[str, list[Any]], where: tuple[tuple[str, Any], ...]) -> dict[str, Any] | None:
    n = len(next(iter(columns.values()), []))
    for i in range(n):
        if all(columns.get(column, [None] * n)[i] == value for column, value in where):
            return {name: values[i] for name, values in columns.items()}
    return None
