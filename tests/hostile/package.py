"""Surgery on .xlsx packages: members read, replaced, dropped, duplicated or renamed at will,
and members written from raw deflate data (a bomb is built, never inflated, by the test)."""
from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

Members = list[tuple[str, bytes]]


def members(path: Path) -> Members:
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def pack(path: Path | BinaryIO, parts: Members) -> Path | BinaryIO:
    """Write `parts` in order, whatever their names (duplicates, '../', absolute)."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # zipfile warns on a duplicate name: that is the point
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 10, 9, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return path


def part(parts: Members, name: str) -> bytes:
    return next(data for n, data in parts if n == name)


def replace(parts: Members, name: str, data: bytes) -> Members:
    return [(n, data if n == name else d) for n, d in parts]


def drop(parts: Members, name: str) -> Members:
    return [(n, d) for n, d in parts if n != name]


def first_sheet(parts: Members) -> str:
    return next(n for n, _ in parts if n.startswith("xl/worksheets/sheet"))


# --- raw members: a bomb whose data the test never holds inflated ---------------------------

def deflate_repeated(head: bytes, filler: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + filler × times + tail → (data, crc32, inflated size).

    Each piece ends on a full flush (byte-aligned, no back-references across it), so the
    filler's compressed form is computed once and repeated.
    """
    def flushed(data: bytes, mode: int) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(mode)
    body = flushed(filler, zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    data = flushed(head, zlib.Z_FULL_FLUSH) + body * times + flushed(tail, zlib.Z_FINISH)
    return data, crc, len(head) + len(filler) * times + len(tail)


def pack_raw(path: Path, parts: Members, raw: dict[str, tuple[bytes, int, int]]) -> Path:
    """`parts` stored normally, except members named in `raw`: (deflate data, crc32, size)."""
    out = io.BytesIO()
    central = []
    for name, data in parts:
        if name in raw:
            body, crc, size = raw[name]
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            body, crc, size = c.compress(data) + c.flush(), zlib.crc32(data), len(data)
        encoded = name.encode("utf-8")
        fixed = (20, 0x0800, 8, 0, 0x5821, crc, len(body), size, len(encoded), 0)  # UTF-8 names, deflate
        central.append((out.tell(), fixed, encoded))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed) + encoded + body)
    start = out.tell()
    for offset, fixed, encoded in central:
        out.write(struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fixed)
                  + struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


# --- shared strings: how Excel stores text (openpyxl writes inline strings) -----------------

_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?:\s[^>]*)?>(.*?)</t></is></c>', re.S)
_SST_REL = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/>')
_SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sharedStrings+xml"/>')
SST = "xl/sharedStrings.xml"


def with_shared_strings(parts: Members) -> Members:
    """The same workbook with every inline string moved to xl/sharedStrings.xml, as Excel saves it."""
    strings: list[bytes] = []

    def shared(m: re.Match) -> bytes:
        strings.append(m[3])
        return b'<c ' + m[1] + b't="s"' + m[2] + b'><v>' + str(len(strings) - 1).encode() + b'</v></c>'
    out = [(n, _INLINE.sub(shared, d) if n.startswith("xl/worksheets/") else d) for n, d in parts]
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
           + b"".join(b"<si><t>" + s + b"</t></si>" for s in strings) + b"</sst>")
    out = replace(out, "xl/_rels/workbook.xml.rels",
                  part(out, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", _SST_REL + b"</Relationships>"))
    out = replace(out, "[Content_Types].xml", part(out, "[Content_Types].xml").replace(b"</Types>", _SST_TYPE + b"</Types>"))
    return out + [(SST, sst)]
