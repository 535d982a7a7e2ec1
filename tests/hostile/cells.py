"""§4 Cells that lie: error values, text, dates and foreign number formats where amounts
belong; units other than 万元; no unit at all; control characters in names and labels."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from . import base
from . import package as pk

AUDIT = "常德市鼎城区审计局"
CELL = (base.T3, base.T3_TOTAL_CELL)  # T3 合计 · 本年支出合计
# Control characters as they reach a cell: raw in the XML, and as Excel escapes them (_x001B_).
CONTROL_LABEL = "行政\x07运行\x1b[31m"
CONTROL_DEPT = AUDIT + "\x1b]0;title\x07"
_EXCEL_ESCAPED = "一般行政_x001B_[2J管理_x0008_事务"


def cached_error(path: Path, error: str = "#REF!") -> Path:
    return base.write(path, AUDIT, cells={CELL: error})


def formula_error(path: Path) -> Path:
    """`=D4/0` with its cached #DIV/0! (the form Excel saves)."""
    base.write(path, AUDIT)
    parts = pk.members(path)
    sheet = "xl/worksheets/sheet2.xml"
    xml = re.sub(rb'<c r="C4"[^>]*><v>[^<]*</v></c>', b'<c r="C4" t="e"><f>D4/0</f><v>#DIV/0!</v></c>',
                 pk.part(parts, sheet))
    return pk.pack(path, pk.replace(parts, sheet, xml))


def text_amount(path: Path, text: str) -> Path:
    """Text where the amount belongs: 约100万, a decimal comma (223,69) …"""
    return base.write(path, AUDIT, cells={CELL: text})


def date_amount(path: Path) -> Path:
    return base.write(path, AUDIT, cells={CELL: datetime(2023, 12, 31)})


def in_unit(path: Path, unit: str) -> Path:
    """The workbook printed in `unit`; 亿元 needs the coarse figures to stay within 4 decimals."""
    return base.write(path, AUDIT, unit=unit, figures=base.COARSE if unit == "亿元" else base.SEED)


def no_unit(path: Path) -> Path:
    return base.write(path, AUDIT, unit=None)


def control_characters(path: Path) -> Path:
    """Labels with BEL, an ESC sequence and backspace (raw bytes in one cell, Excel's _xHHHH_
    escapes in another) and a terminal-title sequence in the 支出决算表's department line.
    openpyxl refuses control characters, so markers are written and swapped in the XML."""
    base.write(path, AUDIT, cells={(base.T3, "B7"): "MARK1", (base.T3, "B8"): _EXCEL_ESCAPED,
                                   (base.T3, "A2"): "部门：MARK2"})
    parts = pk.members(path)
    sheet = "xl/worksheets/sheet2.xml"
    xml = pk.part(parts, sheet).replace(b"MARK1", CONTROL_LABEL.encode()).replace(b"MARK2", CONTROL_DEPT.encode())
    return pk.pack(path, pk.replace(parts, sheet, xml))
