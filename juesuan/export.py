"""A view or a SELECT → an Excel workbook for analysts (`juesuan export`).

Headers are Chinese (schemas/views.yaml `labels`). Yuan amounts — DECIMAL with 2 decimals and
precision 18 or more, the store's money type — are written in 万元: the exact Decimal shifted by
four places, never a float before the cell, shown with thousands separators and two decimals.
A `_wan` twin is left out when its yuan column is exported (it would repeat it). Ratios show as
percentages when their name says so. Every text cell is a string: text starting with = + - @ is
never read as a formula. The header row is frozen; `by_year` writes one sheet per fiscal_year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .query import QueryResult, as_text, run_query
from .report.labels import label

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MONEY = re.compile(r"DECIMAL\((\d+),2\)")
_PERCENT_WORDS = ("share", "rate", "pct", "execution", "percentile", "completion")
_FORMULA_START = ("=", "+", "-", "@")
WAN_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
NUMBER_FORMAT = "#,##0.00"


class ExportError(ValueError):
    """The source is neither a view of the store nor a valid SELECT; the message says which."""


@dataclass(frozen=True)
class _Column:
    name: str
    header: str
    kind: str  # money | percent | number | text


def export(con: duckdb.DuckDBPyConnection, source: str, out_path: str | Path, *, by_year: bool = False) -> list[str]:
    """Write `source` (a view or table name, or a SELECT) to `out_path`; return the sheet names."""
    result = run_query(con, _select(con, source))
    columns = _columns(result)
    keep = [i for i, c in enumerate(result.columns) if not _redundant_wan(c, result.columns)]
    book = Workbook()
    book.remove(book.active)
    if by_year:
        if "fiscal_year" not in result.columns:
            raise ExportError("按年度分表需要结果中有 fiscal_year 列")
        year_at = result.columns.index("fiscal_year")
        years = sorted({row[year_at] for row in result.rows}, key=lambda y: (y is None, y))
        groups = [(f"{y}年" if y is not None else "年度不详", [r for r in result.rows if r[year_at] == y])
                  for y in years] or [("无数据", [])]
    else:
        groups = [(_sheet_title(source), result.rows)]
    for title, rows in groups:
        _write_sheet(book.create_sheet(title), [columns[i] for i in keep], [[row[i] for i in keep] for row in rows])
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return [title for title, _ in groups]


def _select(con: duckdb.DuckDBPyConnection, source: str) -> str:
    name = source.strip()
    if not _IDENTIFIER.fullmatch(name):
        return source
    known = {n for (n,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal"
        " UNION SELECT table_name FROM duckdb_tables()").fetchall()}
    if name not in known:
        raise ExportError(f"库中没有名为 {name} 的视图或表")
    return f'SELECT * FROM "{name}"'  # the name is one the catalog just listed


def _sheet_title(source: str) -> str:
    name = source.strip()
    return name[:31] if _IDENTIFIER.fullmatch(name) else "查询结果"


def _columns(result: QueryResult) -> list[_Column]:
    out = []
    for name, sql_type in zip(result.columns, result.types):
        money = _MONEY.fullmatch(sql_type)
        if money and int(money.group(1)) >= 18:
            out.append(_Column(name, f"{label(name)}（万元）", "money"))
        elif name.endswith("_wan"):
            out.append(_Column(name, f"{label(name)}（万元）", "number"))
        elif sql_type.startswith("DECIMAL") and any(w in name for w in _PERCENT_WORDS):
            out.append(_Column(name, label(name), "percent"))
        elif sql_type.startswith(("DECIMAL", "DOUBLE", "FLOAT")):
            out.append(_Column(name, label(name), "number"))
        elif sql_type.startswith(("INTEGER", "BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER")):
            out.append(_Column(name, label(name), "integer"))
        else:
            out.append(_Column(name, label(name), "text"))
    return out


def _redundant_wan(name: str, names: list[str]) -> bool:
    return name.endswith("_wan") and name.removesuffix("_wan") in names


def _write_sheet(sheet, columns: list[_Column], rows: list[list]) -> None:
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([_cell_value(c, v) for c, v in zip(columns, row)])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        fmt = {"money": WAN_FORMAT, "percent": PERCENT_FORMAT, "number": NUMBER_FORMAT}.get(column.kind)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if fmt and cell.value is not None:
                cell.number_format = fmt
            elif isinstance(cell.value, str):
                # Stored as a string whatever it starts with: never a formula when opened.
                cell.data_type = "s"
                cell.quotePrefix = cell.value.startswith(_FORMULA_START)
        width = max([_display_width(column.header)] + [_display_width(_shown(c.value)) for c in sheet[letter][1:200]])
        sheet.column_dimensions[letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"


def _cell_value(column: _Column, value):
    if value is None:
        return None
    if column.kind == "money":
        return Decimal(value).scaleb(-4)  # yuan → 万元, exact
    if isinstance(value, bool):
        return "是" if value else "否"
    if column.kind == "text":
        return value if isinstance(value, str) else as_text(value)
    return value


def _shown(value) -> str:
    return "" if value is None else str(value)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
