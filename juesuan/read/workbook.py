"""Read one workbook file into raw cells: `read_workbook(path) -> RawWorkbook`.

Values come from python-calamine. Two things calamine cannot be trusted with are handled here,
from a cheap side channel over the same bytes (sheet XML for .xlsx, BIFF records for .xls):
- what it hides: cached error values (#REF!, #DIV/0! …) and formulas without a cached value
  both come back as '', so they would look blank;
- what it costs: it reserves memory for what a file claims (a shared-string count, a sheet's
  DIMENSIONS record, one far-away cell makes a dense grid) and aborts the whole process, with no
  Python exception, when that fails. Every such claim is checked before calamine sees the file.
"""
from __future__ import annotations

import copy
import functools
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree
from python_calamine import (CalamineWorkbook, PasswordError, SheetMetadata, SheetTypeEnum,
                             SheetVisibleEnum)

from juesuan.model import Coord, RawSheet, RawWorkbook, a1
from juesuan.read.errors import UnreadableWorkbook
from juesuan.read.sniff import identify

MB = 1024 * 1024

# Bounded cost per file. A real 部门决算 workbook is well under 5 MB with a few thousand cells per
# sheet; the limits sit far above that and far below what would exhaust a worker's memory.
MAX_FILE_BYTES = 100 * MB  # size on disk; the whole file is held in memory while it is read
MAX_UNZIPPED_BYTES = 200 * MB  # sum of the declared uncompressed sizes of all .xlsx members
MAX_MEMBER_RATIO = 200  # one member inflating more than this many times …
RATIO_MIN_BYTES = 50 * MB  # … to more than this is a zip bomb (small XML parts reach 100:1)
MAX_SHARED_STRINGS = 5_000_000  # calamine reserves memory for the count sharedStrings.xml declares
MAX_SHEET_CELLS = 2_000_000  # rows × columns of one sheet's grid from A1 (e.g. one stray far cell)

_REJECTIONS = {
    "empty": "文件为空（0 字节）；请重新导出或重新复制该工作簿",
    "encrypted": "工作簿设有打开密码（已加密），无法读取；请提供未加密的 .xlsx 文件",
    "csv": "这是一个 CSV 文本文件，不是 Excel 工作簿；请提供 .xlsx 文件",
    "html": "这是一个 HTML 网页文件，{named}；请从决算软件重新导出 .xlsx",
    "xml": "这是一个 XML 文件（如 Excel 2003 XML 表格），{named}；请用 Excel 打开后另存为 .xlsx",
    "ods": "这是 OpenDocument 表格（.ods）；WPS .et / .ods 格式不受支持，请另存为 .xlsx",
    "xlsb": "这是 Excel 二进制工作簿（.xlsb），不受支持；请另存为 .xlsx",
    "zip": "这是一个 ZIP 压缩包或其他 Office 文档（如 Word），不是 Excel 工作簿；请直接提供 .xlsx 文件",
    "pdf": "这是一个 PDF 文件，不是 Excel 工作簿；请提供决算软件导出的 .xlsx 文件",
    "unknown": "无法识别的文件格式，不是 Excel 工作簿；请提供 .xlsx 文件",
}
_CORRUPT_ZIP = "文件已损坏或不完整（无法解压）；请重新导出或重新复制该文件"
_CORRUPT_OLE = "文件已损坏或不完整（无法读取 .xls 内部结构）；请重新导出或重新复制该文件"
_MISMATCH = "文件结构异常（工作表目录与实际内容不一致）；请重新导出 .xlsx"


@dataclass(frozen=True)
class _Limits:
    file_bytes: int
    unzipped_bytes: int
    member_ratio: int
    ratio_min_bytes: int
    shared_strings: int
    sheet_cells: int


@dataclass
class _SheetScan:
    """What the side channel learnt about one sheet before calamine reads it."""
    # Upper bound of the grid from A1 holding every cell with content: exact, unless a cheap
    # bound already fits the limit.
    n_rows: int = 0
    n_cols: int = 0
    errors: dict[Coord, str] = field(default_factory=dict)
    uncached: set[Coord] = field(default_factory=set)


def read_workbook(
    path: str,
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES,
    max_member_ratio: int = MAX_MEMBER_RATIO,
    ratio_min_bytes: int = RATIO_MIN_BYTES,
    max_shared_strings: int = MAX_SHARED_STRINGS,
    max_sheet_cells: int = MAX_SHEET_CELLS,
) -> RawWorkbook:
    """Every worksheet of the .xlsx/.xlsm/.xls file at `path`, as raw cells from A1.

    Raises UnreadableWorkbook (and nothing else) when the file cannot be read; its message says
    in plain Chinese what the file is or what is wrong, and what to send instead.
    """
    limits = _Limits(max_file_bytes, max_unzipped_bytes, max_member_ratio, ratio_min_bytes,
                     max_shared_strings, max_sheet_cells)
    with _step("读取文件"):
        return _read(path, limits)


@contextmanager
def _step(what: str) -> Iterator[None]:
    """Turn any failure inside the block into UnreadableWorkbook naming `what` failed."""
    try:
        yield
    except (UnreadableWorkbook, KeyboardInterrupt, SystemExit):
        raise
    except PasswordError as exc:
        raise UnreadableWorkbook(_REJECTIONS["encrypted"]) from exc
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise UnreadableWorkbook(_CORRUPT_ZIP) from exc
    except MemoryError as exc:
        raise UnreadableWorkbook(f"文件过大：{what}时超出内存上限；请检查后重新导出 .xlsx") from exc
    except BaseException as exc:  # pyo3 panics from calamine derive from BaseException
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise UnreadableWorkbook(
            f"{what}时出错（{detail}）；文件可能已损坏，请重新导出 .xlsx 后再提交") from exc


def _read(path: str, limits: _Limits) -> RawWorkbook:
    size = os.path.getsize(path)
    if size > limits.file_bytes:
        raise UnreadableWorkbook(
            f"文件过大（{size / MB:.0f} MB，上限 {limits.file_bytes / MB:.0f} MB），"
            "不像是一份部门决算工作簿；请检查后重新导出")
    with open(path, "rb") as f:
        data = f.read()
    kind, container = identify(io.BytesIO(data))
    if kind == "xlsx":
        with container:
            return _read_xlsx(data, container, limits)
    if kind == "xls":
        return _read_xls(data, container, limits)
    if isinstance(container, zipfile.ZipFile):
        container.close()
    raise UnreadableWorkbook(_rejection(kind, path, data))


def _rejection(kind: str, path: str, data: bytes) -> str:
    if kind == "corrupt":
        return _CORRUPT_ZIP if data.startswith(b"PK") else _CORRUPT_OLE
    ext = os.path.splitext(path)[1].encode("utf-8", "replace").decode("utf-8")
    named = f"只是扩展名为 {ext}" if ext else "不是 Excel 工作簿"
    return _REJECTIONS[kind].format(named=named)


# --- cells from calamine ------------------------------------------------------------------

def _raw_sheets(wb: CalamineWorkbook, metas: list[SheetMetadata],
                scans: list[_SheetScan | None]) -> list[RawSheet]:
    sheets = []
    for index, (meta, scan) in enumerate(zip(metas, scans)):
        if meta.typ != SheetTypeEnum.WorkSheet:  # chart, dialog, macro sheets and VBA modules
            continue
        with _step(f"读取工作表「{meta.name}」"):
            sheet = wb.get_sheet_by_index(index)
            rows = _grid(sheet.to_python(skip_empty_area=False), scan)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
        sheets.append(RawSheet(
            name=meta.name,
            visible=meta.visible == SheetVisibleEnum.Visible,
            rows=rows,
            merged=merged,
            errors=scan.errors,
            uncached_formulas=frozenset(scan.uncached),
        ))
    return sheets


def _grid(values: list[list[Any]], scan: _SheetScan) -> list[list[Any]]:
    """'' → None, padded so that every error and uncached-formula cell lies inside the grid.

    calamine leaves a formula without a cached value out of its range, so one at the bottom or
    right edge would otherwise fall outside `rows`.
    """
    marked = scan.uncached.union(scan.errors)
    height = max([len(values)] + [r + 1 for r, _ in marked])
    width = max([len(values[0]) if values else 0] + [c + 1 for _, c in marked])
    rows = [[None if v == "" else v for v in row] for row in values]
    if marked:
        for row in rows:
            row.extend([None] * (width - len(row)))
        rows.extend([None] * width for _ in range(height - len(rows)))
    return rows


def _check_extent(where: str, scan: _SheetScan, limits: _Limits) -> None:
    if scan.n_rows * scan.n_cols > limits.sheet_cells:
        corner = a1(scan.n_rows - 1, scan.n_cols - 1)
        raise UnreadableWorkbook(
            f"工作表{where}的内容一直延伸到 {corner}，数据区域过大（{scan.n_rows} 行 × "
            f"{scan.n_cols} 列，上限 {limits.sheet_cells:,} 个单元格）；"
            "请删除远处的多余内容后重新保存")


# --- .xlsx: package checks ----------------------------------------------------------------

# Parts calamine inflates as soon as it opens the package. Inflating them here first (with
# _member) proves their declared sizes, which the bomb checks rely on.
_CALAMINE_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                   "xl/styles.xml")
# Parts only calamine parses (workbook.xml and its rels go through defusedxml here first).
_CALAMINE_ONLY = ("xl/sharedStrings.xml", "xl/styles.xml")
# A DTD, in UTF-8 or UTF-16: the only way to declare entities. Excel never writes one.
_DTD = re.compile(rb"<(\x00?)!\1D")
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # calamine matches element names by local name
# Attributes of a start tag: a '>' may sit inside quotes. Possessive runs that stop at '<' and
# names that start after a space or quote keep every pattern linear on hostile markup.
_ATTRIBUTES = rb"""((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)"""
_ATTRIBUTE = re.compile(rb"""(?<![^\s"'])([^\s=/>"']++)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SST_TAG = re.compile(rb"<" + _PREFIX + rb"sst(?=[\s/>])" + _ATTRIBUTES + rb">")


def _read_xlsx(data: bytes, zf: zipfile.ZipFile, limits: _Limits) -> RawWorkbook:
    with _step("检查 .xlsx 文件结构"):
        parts = _check_package(zf, limits)
        listed = _listed_sheets(zf, parts)
    scans: list[_SheetScan | None] = []
    for name, part in listed:
        if part.split("/")[1:2] != ["worksheets"]:  # calamine's own test for a worksheet
            scans.append(None)
            continue
        with _step(f"扫描工作表「{name}」"):
            scan = _scan_sheet_xml(_without_dtd(part, _member(zf, part)), limits.sheet_cells)
        _check_extent(f"「{name}」", scan, limits)
        scans.append(scan)
    with _step("打开工作簿"):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = wb.sheets_metadata
    # Scans pair with calamine's sheets by position; the same worksheets must be in both.
    if [m.typ == SheetTypeEnum.WorkSheet for m in metas] != [scan is not None for scan in scans]:
        raise UnreadableWorkbook(_MISMATCH)
    return RawWorkbook("xlsx", _raw_sheets(wb, metas, scans))


def _check_package(zf: zipfile.ZipFile, limits: _Limits) -> dict[str, bytes]:
    """Refuse hostile or absurd packages; return the parts calamine reads on opening."""
    seen: set[str] = set()
    total = 0
    for info in zf.infolist():
        name = info.filename
        if _unsafe_member(name):
            raise UnreadableWorkbook(f"压缩包内含非法路径「{name}」，疑似恶意文件；请重新导出 .xlsx")
        if name in seen:
            raise UnreadableWorkbook(f"压缩包内有重复的部件「{name}」，文件结构异常；请重新导出 .xlsx")
        seen.add(name)
        total += info.file_size
        if (info.file_size > limits.ratio_min_bytes
                and info.file_size > limits.member_ratio * info.compress_size):
            raise UnreadableWorkbook(
                f"文件中「{name}」的压缩比异常（解压后 {info.file_size / MB:.0f} MB），"
                "疑似压缩炸弹；请重新导出 .xlsx")
    if total > limits.unzipped_bytes:
        raise UnreadableWorkbook(
            f"文件解压后过大（{total / MB:.0f} MB，上限 {limits.unzipped_bytes / MB:.0f} MB），"
            "疑似异常文件；请检查后重新导出 .xlsx")
    parts = {name: _member(zf, name) for name in _CALAMINE_PARTS if name in seen}
    for name in _CALAMINE_ONLY:
        _without_dtd(name, parts.get(name, b""))
    _check_shared_strings(parts.get("xl/sharedStrings.xml", b""), limits)
    return parts


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, proven to end at its declared size.

    zipfile stops at the declared size and checks the CRC of only what it read, so a bomb that
    declares a small size passes it (and zf.read inflates up to 2 GiB of it first), while
    calamine inflates the rest. Asking for one byte more than declared proves the end: an
    honest member stops short of it.
    """
    info = copy.copy(zf.getinfo(name))
    info.file_size += 1
    with zf.open(info) as f:  # a stream going on fails the CRC check here (BadZipFile) …
        data = f.read(info.file_size)
    if len(data) == info.file_size:  # … or, with a CRC forged for the longer read, here
        raise UnreadableWorkbook(
            f"文件中「{name}」的实际内容超过其声明的大小，疑似压缩炸弹；请重新导出 .xlsx")
    return data


def _without_dtd(name: str, xml: bytes) -> bytes:
    """Refuse a DTD before calamine sees the part: entities are never to be expanded or fetched."""
    if _DTD.search(xml):
        raise UnreadableWorkbook(
            f"文件中「{name}」含有 DTD（实体声明），Excel 不会写出这种内容，疑似恶意文件；请重新导出 .xlsx")
    return xml


def _unsafe_member(name: str) -> bool:
    return (name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) is not None
            or ".." in re.split(r"[\\/]", name))


def _check_shared_strings(xml: bytes, limits: _Limits) -> None:
    declared = max(_declared_counts(xml), default=0)
    if declared > limits.shared_strings:
        raise UnreadableWorkbook(
            f"文件声明含有 {declared:,} 个共享字符串（上限 {limits.shared_strings:,}），"
            "疑似异常文件；请重新导出 .xlsx")


def _declared_counts(xml: bytes) -> Iterator[int]:
    """count / uniqueCount of every <sst> tag, even one inside a comment (cheaper than
    telling them apart); found by a plain search for "sst", then matched where it starts."""
    at = xml.find(b"sst")
    while at >= 0:
        tag = _SST_TAG.match(xml, xml.rfind(b"<", 0, at))
        for key, value in _attributes(tag[1]) if tag else ():
            if key in (b"count", b"uniqueCount"):
                yield _as_count(value)
        at = xml.find(b"sst", at + 3)


def _as_count(value: bytes) -> int:
    try:
        return int(value)
    except ValueError:  # not a number: nothing is reserved for it
        return 0


def _attributes(attrs: bytes) -> list[tuple[bytes, bytes]]:
    return [(key, dq or sq) for key, dq, sq in _ATTRIBUTE.findall(attrs)]


def _listed_sheets(zf: zipfile.ZipFile, parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, resolved the way calamine resolves them."""
    targets = {}
    if "xl/_rels/workbook.xml.rels" in parts:
        for rel in ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"]).iter():
            if rel.tag.rpartition("}")[2] == "Relationship":
                targets[rel.get("Id")] = rel.get("Target") or ""
    listed = []
    for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter():
        if sheet.tag.rpartition("}")[2] != "sheet":
            continue
        name = sheet.get("name") or ""
        # calamine takes any `…:id` attribute (r:id in transitional and strict OOXML alike).
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        part = _part_path(targets.get(rid, ""))
        if part not in zf.NameToInfo:
            raise UnreadableWorkbook(
                f"工作簿登记的工作表「{name}」在文件中缺失（文件不完整）；请重新导出 .xlsx")
        listed.append((name, part))
    return listed


def _part_path(target: str) -> str:
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else "xl/" + target


# --- .xlsx: sheet XML side channel --------------------------------------------------------
#
# Fast path, for the common sheet: a few C-speed searches prove that every cell sits in A1:CZ9999,
# then only the cells holding an error value or a formula without a cached value are parsed.
# Any other sheet is walked cell by cell, placing cells exactly as calamine does (it takes a
# cell's last `r`, counts r-less cells along the row and matches tags by local name).

# A cell tag other than `<c r="` + a cell of A1:CZ9999 + `"` (unusual spelling or a far cell).
_ODD_OR_FAR_CELL_TAG = re.compile(rb'<c(?! r="[A-C]?[A-Z][1-9][0-9]{0,3}")[\s/>]')
_PREFIXED_CELL_TAG = re.compile(rb":c[\s/>]")
_SPACED_R = re.compile(rb"r[ \t\r\n]+=")
_NEAR_ROWS, _NEAR_COLS = 9999, 104  # the grid bound when the fast path holds
_FORMULA_WITHOUT_VALUE = re.compile(rb"(?:</f>|<f(?:\s[^<>]*+)?/>)(?!\s*<v>[^<])")
_ERROR_TYPE = b't="e"'

_TAG = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[\s/>])" + _ATTRIBUTES + rb">")
_USUAL_CELL_ATTRIBUTES = re.compile(rb' r="([A-Z0-9]+)"(?: s="[0-9]+")?(?: t="([a-zA-Z]+)")?\s*')
_VALUE = re.compile(rb"<" + _PREFIX + rb"v(?:\s[^<>/]*)?>([^<]*)<")
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_REF = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ROW = re.compile(rb"[1-9][0-9]{0,6}")


def _scan_sheet_xml(xml: bytes, max_cells: int) -> _SheetScan:
    if _NEAR_ROWS * _NEAR_COLS > max_cells or not _plain_near_cells(xml):
        return _walk_cells(xml, max_cells)
    scan = _SheetScan(_NEAR_ROWS, _NEAR_COLS)
    for start in _marked_cell_starts(xml):
        tag = _TAG.match(xml, start)
        end = xml.find(b"</c>", start)
        if tag and end > 0 and not tag[3].endswith(b"/"):
            ref, cell_type = _cell_attributes(tag[3])
            _note_cell(scan, *_cell_ref(ref), cell_type, xml[tag.end():end])
    return scan


def _plain_near_cells(xml: bytes) -> bool:
    """Every cell tag is `<c r="…">` whose only `r` lies inside A1:CZ9999."""
    if _ODD_OR_FAR_CELL_TAG.search(xml) or _PREFIXED_CELL_TAG.search(xml):
        return False
    # A second `r` in a cell tag would move the cell (calamine keeps the last), so within
    # sheetData every `r=` must belong to a `<c r="` or a `<row r="`.
    start, end = xml.find(b"<sheetData"), xml.rfind(b"</sheetData>")
    if start < 0:
        return False
    end = len(xml) if end < start else end
    own = xml.count(b'<c r="', start, end) + xml.count(b'<row r="', start, end)
    return xml.count(b"r=", start, end) == own and not _SPACED_R.search(xml, start, end)


def _marked_cell_starts(xml: bytes) -> list[int]:
    """Where the cells with an error type or a formula without a cached value begin."""
    hits = [m.start() for m in _FORMULA_WITHOUT_VALUE.finditer(xml)]
    at = xml.find(_ERROR_TYPE)
    while at >= 0:
        hits.append(at)
        at = xml.find(_ERROR_TYPE, at + 1)
    return sorted({xml.rfind(b'<c r="', 0, hit) for hit in hits} - {-1})


def _walk_cells(xml: bytes, max_cells: int) -> _SheetScan:
    """calamine's reading of sheetData, replayed over the row and cell tags alone.

    calamine expands empty elements: `<c/>` is a cell without content that still takes its
    place in the row, and `<row r="3"/>` both starts and ends row 3. The walk stops as soon as
    the grid exceeds `max_cells` (the extent only grows): a huge sheet is refused at the cost
    of the limit, not of the file.
    """
    scan = _SheetScan()
    row = col = 0
    cell = None  # (row, col, type, where its content starts) of the open <c>
    for m in _TAG.finditer(xml):
        closing, name, attrs = m.groups()
        if name == b"c":
            if closing:  # calamine ends a cell at the first </c>, however nested
                if cell:
                    _note_cell(scan, *cell[:3], xml[cell[3]:m.start()])
                    cell = None
                    if scan.n_rows * scan.n_cols > max_cells:
                        return scan
                continue
            if cell:  # a cell inside a cell: keep the outer one in the extent
                _extend(scan, *cell[:2])
            ref, cell_type = _cell_attributes(attrs)
            r, c = (row, col) if ref is None else _cell_ref(ref)
            col, cell = c + 1, None if attrs.endswith(b"/") else (r, c, cell_type, m.end())
        elif cell is None:  # row tags inside a cell are skipped with the cell's content
            if not closing:
                r = next((value for key, value in _attributes(attrs) if key == b"r"), None)
                row = row if r is None else _row(r)  # calamine takes a row's first `r`
            if closing or attrs.endswith(b"/"):
                row, col = row + 1, 0
    return scan


def _cell_attributes(attrs: bytes) -> tuple[bytes | None, bytes | None]:
    """The cell's `r` and `t`; when repeated, the last wins as in calamine."""
    usual = _USUAL_CELL_ATTRIBUTES.fullmatch(attrs)
    if usual:
        return usual[1], usual[2]
    found = dict(_attributes(attrs))
    return found.get(b"r"), found.get(b"t")


def _note_cell(scan: _SheetScan, r: int, c: int, cell_type: bytes | None, content: bytes) -> None:
    if not content.strip():
        return
    _extend(scan, r, c)
    if cell_type != b"e" and b"f" not in content:  # the common cell: no formula, no error
        return
    value = _VALUE.search(content)
    # An empty <v></v> is a cached value only for a string result (t="str").
    cached = value is not None and (value[1] != b"" or cell_type == b"str")
    if _FORMULA.search(content) and not cached:
        scan.uncached.add((r, c))
    elif cell_type == b"e" and value and value[1].strip():
        scan.errors[(r, c)] = value[1].strip().decode("ascii", "replace")


def _extend(scan: _SheetScan, r: int, c: int) -> None:
    if r >= scan.n_rows:
        scan.n_rows = r + 1
    if c >= scan.n_cols:
        scan.n_cols = c + 1


def _cell_ref(ref: bytes) -> Coord:
    m = _REF.fullmatch(ref)
    if m is None:
        raise ValueError(f"无效的单元格坐标 {ref[:20]!r}")
    return int(m[2]) - 1, _column(m[1])


def _row(ref: bytes) -> int:
    if _ROW.fullmatch(ref) is None:
        raise ValueError(f"无效的行号 {ref[:20]!r}")
    return int(ref) - 1


@functools.lru_cache(maxsize=1024)
def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


# --- .xls: BIFF record side channel -------------------------------------------------------
#
# calamine builds every sheet's grid while it opens an .xls, so the whole stream is checked
# first, walking each sheet substream from its BOUNDSHEET offset to the first EOF as calamine
# does. xlrd would give the same error cells but costs ~10× calamine's own read.

_RECORD = struct.Struct("<HH")  # record id, body length; also (row, col) of a cell record
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_DIMENSIONS_BIFF5 = struct.Struct("<HHHH")  # first row, last row + 1, first col, last col + 1
_DIMENSIONS_BIFF8 = struct.Struct("<IIHH")
_EOF, _BOUNDSHEET, _DIMENSIONS = 0x000A, 0x0085, 0x0200
_FORMULA_REC, _BOOLERR, _MULRK = 0x0006, 0x0205, 0x00BD
_VALUE_RECORDS = frozenset({_FORMULA_REC, 0x00FD, 0x0203, 0x027E, _MULRK, _BOOLERR, 0x0204, 0x00D6})
_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_BIFF_GRID = 65536 * 256  # the whole BIFF8 sheet; calamine reserves what DIMENSIONS claims


def _read_xls(data: bytes, stream: bytes, limits: _Limits) -> RawWorkbook:
    with _step("检查 .xls 文件记录"):
        scans = [_scan_biff_sheet(stream, offset) for offset in _biff_sheet_offsets(stream)]
    for number, scan in enumerate(scans, start=1):
        _check_extent(f"（第 {number} 张）", scan, limits)
    with _step("打开工作簿"):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = wb.sheets_metadata
    if len(metas) != len(scans):
        raise UnreadableWorkbook(_MISMATCH)
    return RawWorkbook("xls", _raw_sheets(wb, metas, scans))


def _biff_sheet_offsets(stream: bytes) -> list[int]:
    offsets, pos = [], 0
    while pos + 4 <= len(stream):
        rid, length = _RECORD.unpack_from(stream, pos)
        if rid == _EOF:
            break
        if rid == _BOUNDSHEET and length >= 4:
            offsets.append(_U32.unpack_from(stream, pos + 4)[0])
        pos += 4 + length
    return offsets


def _scan_biff_sheet(stream: bytes, pos: int) -> _SheetScan:
    # The hot loop of .xls reading: one pass, plain comparisons, no per-record calls but unpack.
    scan = _SheetScan()
    end, last_row, last_col = len(stream), -1, -1
    while pos + 4 <= end:
        rid, length = _RECORD.unpack_from(stream, pos)
        body = pos + 4
        pos = body + length
        if rid in _VALUE_RECORDS and length >= 4 and pos <= end:
            row, col = _RECORD.unpack_from(stream, body)
            if rid == _MULRK:  # a run of cells: the last column closes the record
                col = max(col, _U16.unpack_from(stream, pos - 2)[0])
            elif rid == _BOOLERR and length >= 8 and stream[body + 7] == 1:
                scan.errors[(row, col)] = _biff_error(stream[body + 6])
            elif (rid == _FORMULA_REC and length >= 14 and stream[body + 6] == 2
                  and stream[body + 12:body + 14] == b"\xff\xff"):
                scan.errors[(row, col)] = _biff_error(stream[body + 8])
            if row > last_row:
                last_row = row
            if col > last_col:
                last_col = col
        elif rid == _EOF or pos > end:
            break
        elif rid == _DIMENSIONS and _reserved_cells(stream, body, length) > _BIFF_GRID:
            raise UnreadableWorkbook("文件结构异常（工作表尺寸记录无效），疑似损坏或恶意文件；请重新导出 .xlsx")
    scan.n_rows, scan.n_cols = last_row + 1, last_col + 1
    return scan


def _reserved_cells(stream: bytes, body: int, length: int) -> int:
    """Cells calamine reserves for a DIMENSIONS record, with its u32 wrap-around."""
    if length == 10:
        first_row, row_end, first_col, col_end = _DIMENSIONS_BIFF5.unpack_from(stream, body)
    elif length == 14:
        first_row, row_end, first_col, col_end = _DIMENSIONS_BIFF8.unpack_from(stream, body)
    else:
        return 0
    if row_end < 1 or col_end < 1:
        return 1
    return ((row_end - first_row) % 2**32) * ((col_end - first_col) % 2**32)


def _biff_error(code: int) -> str:
    return _BIFF_ERRORS.get(code, f"#ERROR({code:#04x})")
