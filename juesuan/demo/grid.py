"""A minimal grid to write workbooks through, with an .xlsx (openpyxl) and an .xls (xlwt) backend.

Layouts call put / merge / hide with 0-based coordinates and never see the library, so each
layout is written once for both formats. Values are str, int, float or None (skipped).
"""
from __future__ import annotations

import os
from copy import copy
from typing import Protocol

import openpyxl
import xlwt
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.merge import MergedCellRange

from juesuan.model import a1

Value = str | int | float | None


class Sheet(Protocol):
    def put(self, r: int, c: int, value: Value, num_format: str | None = None) -> None: ...
    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Value,
              num_format: str | None = None) -> None: ...
    def hide(self) -> None: ...


class Book(Protocol):
    def sheet(self, name: str) -> Sheet: ...
    def activate_first_visible(self) -> None: ...
    def save(self, path) -> None: ...


class XlsxSheet:
    def __init__(self, ws, formats: dict[str, StyleArray]) -> None:
        self._ws = ws
        self._formats = formats
        self.hidden = False

    def put(self, r: int, c: int, value: Value, num_format: str | None = None) -> None:
        if value is None:
            return
        cell = self._ws.cell(row=r + 1, column=c + 1, value=value)
        if num_format:
            # Assigning number_format looks the style up each time; copying the style
            # array of the first such cell is the same result at a fraction of the cost.
            known = self._formats.get(num_format)
            if known is None:
                cell.number_format = num_format
                self._formats[num_format] = copy(cell._style)
            else:
                cell._style = copy(known)

    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Value,
              num_format: str | None = None) -> None:
        self.put(r0, c0, value, num_format)
        if (r0, c0) != (r1, c1):
            # ws.merge_cells would also re-draw borders cell by cell; these sheets have none.
            self._ws.merged_cells.add(MergedCellRange(self._ws, f"{a1(r0, c0)}:{a1(r1, c1)}"))

    def hide(self) -> None:
        self.hidden = True
        self._ws.sheet_state = "hidden"


class XlsxBook:
    def __init__(self) -> None:
        self._wb = openpyxl.Workbook()
        self._sheets: list[XlsxSheet] = []
        self._formats: dict[str, StyleArray] = {}

    def sheet(self, name: str) -> XlsxSheet:
        ws = self._wb.active if not self._sheets else self._wb.create_sheet()
        ws.title = name
        self._sheets.append(XlsxSheet(ws, self._formats))
        return self._sheets[-1]

    def activate_first_visible(self) -> None:
        first = next(i for i, s in enumerate(self._sheets) if not s.hidden)
        self._wb.active = first
        for i, ws in enumerate(self._wb.worksheets):
            ws.sheet_view.tabSelected = i == first

    def save(self, path) -> None:
        self._wb.save(path)


_XLS_STYLES: dict[str | None, xlwt.XFStyle] = {}


def _xls_style(num_format: str | None) -> xlwt.XFStyle:
    """One shared XFStyle per number format: xlwt keeps at most ~4000 styles per file."""
    style = _XLS_STYLES.get(num_format)
    if style is None:
        style = xlwt.XFStyle()
        if num_format:
            style.num_format_str = num_format
        _XLS_STYLES[num_format] = style
    return style


class XlsSheet:
    def __init__(self, ws) -> None:
        self._ws = ws
        self.hidden = False

    def put(self, r: int, c: int, value: Value, num_format: str | None = None) -> None:
        if value is not None:
            self._ws.write(r, c, value, _xls_style(num_format))

    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Value,
              num_format: str | None = None) -> None:
        if value is None:
            self._ws.merge(r0, r1, c0, c1, _xls_style(None))
        else:
            self._ws.write_merge(r0, r1, c0, c1, value, _xls_style(num_format))

    def hide(self) -> None:
        self.hidden = True
        self._ws.visibility = 1


class XlsBook:
    def __init__(self) -> None:
        self._wb = xlwt.Workbook(encoding="utf-8")
        self._sheets: list[XlsSheet] = []
        self._raw = []

    def sheet(self, name: str) -> XlsSheet:
        ws = self._wb.add_sheet(name)
        self._raw.append(ws)
        self._sheets.append(XlsSheet(ws))
        return self._sheets[-1]

    def activate_first_visible(self) -> None:
        first = next(i for i, s in enumerate(self._sheets) if not s.hidden)
        self._wb.active_sheet = first
        for i, ws in enumerate(self._raw):
            ws.set_selected(i == first)

    def save(self, path) -> None:
        self._wb.save(os.fspath(path) if isinstance(path, os.PathLike) else path)


def new_book(fmt: str) -> Book:
    if fmt == "xlsx":
        return XlsxBook()
    if fmt == "xls":
        return XlsBook()
    raise ValueError(f"unknown workbook format {fmt!r}")
