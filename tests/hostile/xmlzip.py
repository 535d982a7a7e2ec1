"""§2 XML and zip attacks: entities, hostile member names, damaged packages."""
from __future__ import annotations

from pathlib import Path

from . import package as pk

_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b"]>")


def _doctype(xml: bytes, doctype: bytes) -> bytes:
    """`doctype` placed after the XML declaration (or first, when there is none)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def _external(target: Path) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "' + target.as_uri().encode() + b'">]>'


def _first_text(xml: bytes, entity: bytes) -> bytes:
    """The first text (inline or shared string) replaced by a reference to `entity`."""
    at = xml.index(b"<t>") + 3
    return xml[:at] + b"&" + entity + b";" + xml[xml.index(b"</t>", at):]


def laughs_in_sheet(good: Path, path: Path) -> Path:
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = _first_text(_doctype(pk.part(parts, sheet), _LAUGHS), b"lol9")
    return pk.pack(path, pk.replace(parts, sheet, xml))


def laughs_in_shared_strings(good: Path, path: Path) -> Path:
    parts = pk.with_shared_strings(pk.members(good))
    xml = _first_text(_doctype(pk.part(parts, pk.SST), _LAUGHS), b"lol9")
    return pk.pack(path, pk.replace(parts, pk.SST, xml))


def external_in_sheet(good: Path, path: Path, secret: Path) -> Path:
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = _first_text(_doctype(pk.part(parts, sheet), _external(secret)), b"xxe")
    return pk.pack(path, pk.replace(parts, sheet, xml))


def external_in_shared_strings(good: Path, path: Path, secret: Path) -> Path:
    parts = pk.with_shared_strings(pk.members(good))
    xml = _first_text(_doctype(pk.part(parts, pk.SST), _external(secret)), b"xxe")
    return pk.pack(path, pk.replace(parts, pk.SST, xml))


def member_named(good: Path, path: Path, name: str) -> Path:
    """An extra member called `name` ('../…' or an absolute path): never to be written anywhere."""
    return pk.pack(path, pk.members(good) + [(name, b"written outside the inbox")])


def duplicated_sheet(good: Path, path: Path) -> Path:
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    return pk.pack(path, parts + [(sheet, pk.part(parts, sheet).replace(b"<v>", b"<v>9"))])


def absent_sheet(good: Path, path: Path) -> Path:
    """The workbook lists the 支出决算表 but its part is not in the package."""
    parts = pk.members(good)
    return pk.pack(path, pk.drop(parts, [n for n, _ in parts if n.startswith("xl/worksheets/")][1]))


def no_shared_strings(good: Path, path: Path) -> Path:
    """Cells refer to shared strings, and the part holding them is gone."""
    return pk.pack(path, pk.drop(pk.with_shared_strings(pk.members(good)), pk.SST))


def malformed(good: Path, path: Path) -> Path:
    """The first sheet cut off in the middle of a tag (the package itself is sound)."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = pk.part(parts, sheet)
    return pk.pack(path, pk.replace(parts, sheet, xml[:xml.index(b"<row r=\"5\"") + 7]))


def mismatched_tags(good: Path, path: Path) -> Path:
    """Well-formed nowhere: closing tags swapped inside a row."""
    parts = pk.members(good)
    sheet = pk.first_sheet(parts)
    xml = pk.part(parts, sheet).replace(b"</v></c></row>", b"</c></v></row>", 1)
    return pk.pack(path, pk.replace(parts, sheet, xml))
