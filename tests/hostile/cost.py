"""§1 Bounded cost: files that claim or hold far more than a workbook ever does."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import openpyxl

from . import package as pk

_SHEET_DATA = b"<sheetData>"


def _split(xml: bytes) -> tuple[bytes, bytes]:
    at = xml.index(_SHEET_DATA) + len(_SHEET_DATA)
    return xml[:at], xml[at:]


def bomb(good: Path, path: Path) -> Path:
    """3 MB on disk, 3 GiB inflated: the first sheet padded with whitespace (valid XML)."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    head, tail = _split(pk.part(parts, sheet))
    return pk.pack_raw(path, parts, {sheet: pk.deflate_repeated(head, b" " * (1 << 20), 3 * 1024, tail)})


def lying_bomb(good: Path, path: Path) -> Path:
    """The same bomb declaring its sheet's honest small size (and the CRC of that much):
    a reader that trusts the declared size inflates gigabytes."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = pk.part(parts, sheet)
    head, tail = _split(xml)
    filler = b" " * (1 << 20)
    data, _, _ = pk.deflate_repeated(head, filler, 3 * 1024, tail)
    return pk.pack_raw(path, parts, {sheet: (data, zlib.crc32((head + filler)[:len(xml)]), len(xml))})


def declared_range(good: Path, path: Path) -> Path:
    """A dimension claiming the whole sheet (A1:XFD1048576); the cells are the good ones."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', pk.part(parts, sheet))
    return pk.pack(path, pk.replace(parts, sheet, xml))


def far_cell(good: Path, path: Path) -> Path:
    """One stray value at XFD1048576: a dense grid from A1 would hold 17 billion cells."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return pk.pack(path, pk.replace(parts, sheet, pk.part(parts, sheet).replace(b"</sheetData>", far)))


def long_sheet(good: Path, path: Path, rows: int, width: int) -> Path:
    """The 支出决算表 followed by `rows` numbered rows `width` cells wide (Excel's limit is
    1,048,576 rows). Rows and cells without `r` take the next place, as some tools write them;
    the numbers keep the sheet from compressing like a bomb."""
    parts = pk.members(good)
    sheet = [n for n, _ in parts if n.startswith("xl/worksheets/")][1]
    row = b"<row>" + b"<c><v>%d</v></c>" * width + b"</row>"
    body = b"".join(row % ((r,) * width) for r in range(rows))
    xml = pk.part(parts, sheet).replace(b"</sheetData>", body + b"</sheetData>")
    return pk.pack(path, pk.replace(parts, sheet, xml))


def shared_string_claim(good: Path, path: Path) -> Path:
    """sharedStrings.xml declaring two billion strings (calamine reserves memory for them)."""
    parts = pk.with_shared_strings(pk.members(good))
    sst = re.sub(rb'count="\d+" uniqueCount="\d+"', b'count="2000000000" uniqueCount="2000000000"',
                 pk.part(parts, pk.SST))
    return pk.pack(path, pk.replace(parts, pk.SST, sst))


def amplified_string(good: Path, path: Path, cells: int = 100_000) -> Path:
    """15 KB on disk: a 30,000-character shared string referenced by 100,000 cells. Every
    check of the reader passes (few cells, few strings, nothing inflates much); the native
    reader copies the string into each cell, 9 GB, and aborts its process."""
    parts = pk.with_shared_strings(pk.members(good))
    sst = pk.part(parts, pk.SST)
    index = sst.count(b"<si>")
    sst = sst.replace(b"</sst>", b"<si><t>" + "长".encode() * 30_000 + b"</t></si></sst>")
    sheet = [n for n, _ in parts if n.startswith("xl/worksheets/")][1]
    row = b"<row>" + b'<c t="s"><v>%d</v></c>' % index * 5 + b"</row>"
    xml = pk.part(parts, sheet).replace(b"</sheetData>", row * (cells // 5) + b"</sheetData>")
    return pk.pack(path, pk.replace(pk.replace(parts, pk.SST, sst), sheet, xml))


def huge_cells(good: Path, path: Path, size: int = 100_000) -> Path:
    """100,000-character cells: a label, a line above a table, and text in an amount cell."""
    wb = openpyxl.load_workbook(good)
    wb.worksheets[0]["A3"] = "附注" + "字" * size
    t3 = wb.worksheets[1]
    t3["B8"] = "一般行政管理事务" + "长" * size
    t3["C5"] = "约" + "9" * size
    wb.save(path)
    return path


def huge_numbers(good: Path, path: Path) -> Path:
    """Amounts no store column can hold: 1e16 万元 (past DECIMAL(18,2) in yuan), a double near
    its limit, and 400 digits as text."""
    wb = openpyxl.load_workbook(good)
    t3 = wb.worksheets[1]
    t3["C5"] = 1e16
    t3["C6"] = 1e300
    t3["C7"] = "9" * 400
    wb.save(path)
    return path
