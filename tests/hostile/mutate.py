"""Mutations of valid workbooks for the fuzz test: bytes, zip members, XML tags, attributes and
values. Every choice goes through a `Chooser`, so the same mutations run under Hypothesis (which
shrinks a failure to its smallest cause) and from a seeded random generator."""
from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from hypothesis import strategies as st

from . import package as pk

T = TypeVar("T")


class Chooser(Protocol):
    def int(self, lo: int, hi: int) -> int: ...
    def choice(self, options: Sequence[T]) -> T: ...


class Drawn:
    """Choices drawn by Hypothesis (`st.data()`)."""

    def __init__(self, data: st.DataObject):
        self.data = data

    def int(self, lo: int, hi: int) -> int:
        return self.data.draw(st.integers(lo, hi))

    def choice(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))


class Seeded:
    """Choices from a seeded random generator: the same mutants every run."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)


# Values a hostile writer puts where a workbook has numbers, references, counts or text.
NUMBERS = (b"1e308", b"-1e308", b"1e-320", b"9" * 400, b"NaN", b"inf", b"-0", b"0x1F", b"4294967296",
           b"18446744073709551616", b"", b" ", b"1,234.5", b"\xe7\xba\xa6100\xe4\xb8\x87")
ATTRIBUTES = (b"XFD1048576", b"A0", b"A1048577", b"ZZZZ1", b"a1", b"-1", b"0", b"4294967295",
              b"2147483648", b"99999999999999999999", b"", b"e", b"s", b"str", b"inlineStr", b"b", b"d", b"n",
              b"A1:XFD1048576", b"rId999", b"../../x.xml", b"/xl/worksheets/sheet1.xml")
TEXTS = (b"\x01\x07\x1b[31m", b"&lol;", b"&#0;", b"&#x1b;", b"&amp;&lt;&gt;", b"x" * 100_000, b"]]>",
         b"_x0000__x001B_", b"\xff\xfe", "约100万".encode())
_TAG = re.compile(rb"<[^<>]{1,400}>")
_ATTR = re.compile(rb'(?<=\s)[\w:]+="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_DOCTYPE = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


# --- bytes: any file ----------------------------------------------------------------------

def flip_bits(data: bytes, c: Chooser) -> bytes:
    out = bytearray(data)
    for _ in range(c.int(1, 8)):
        out[c.int(0, len(out) - 1)] ^= 1 << c.int(0, 7)
    return bytes(out)


def truncate(data: bytes, c: Chooser) -> bytes:
    return data[:c.int(0, len(data) - 1)]


def extreme_field(data: bytes, c: Chooser) -> bytes:
    """Four bytes (a BIFF record length, a row number, an OLE sector number …) set to an extreme."""
    at = c.int(0, len(data) - 4)
    return data[:at] + c.choice((b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\x00\x00")) + data[at + 4:]


def splice(data: bytes, c: Chooser) -> bytes:
    a = c.int(0, len(data) - 1)
    b = c.int(a, min(len(data), a + 4096))
    at = c.int(0, len(data))
    return data[:at] + data[a:b] + data[at:]


BYTES: tuple[Callable[[bytes, Chooser], bytes], ...] = (flip_bits, truncate, extreme_field, splice)


# --- zip members and their XML: .xlsx ----------------------------------------------------

def _xml_member(parts: pk.Members, c: Chooser) -> str:
    return c.choice([n for n, _ in parts if n.endswith((".xml", ".rels"))])


def drop_member(parts: pk.Members, c: Chooser) -> pk.Members:
    return pk.drop(parts, c.choice([n for n, _ in parts]))


def duplicate_member(parts: pk.Members, c: Chooser) -> pk.Members:
    name = c.choice([n for n, _ in parts])
    return parts + [(name, pk.part(parts, name))]


def rename_member(parts: pk.Members, c: Chooser) -> pk.Members:
    at = c.int(0, len(parts) - 1)
    new = c.choice(["../evil.xml", "/etc/evil.xml", "xl/worksheets/sheet9.xml", parts[0][0], "xl\\worksheets\\x.xml"])
    return [(new if i == at else n, d) for i, (n, d) in enumerate(parts)]


def _edit(parts: pk.Members, c: Chooser, edit: Callable[[bytes], bytes]) -> pk.Members:
    name = _xml_member(parts, c)
    return pk.replace(parts, name, edit(pk.part(parts, name)))


def _nth(pattern: re.Pattern, xml: bytes, c: Chooser) -> re.Match | None:
    found = list(pattern.finditer(xml))
    return found[c.int(0, len(found) - 1)] if found else None


def delete_tag(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        m = _nth(_TAG, xml, c)
        return xml if m is None else xml[:m.start()] + xml[m.end():]
    return _edit(parts, c, edit)


def duplicate_tag(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        m = _nth(_TAG, xml, c)
        return xml if m is None else xml[:m.end()] + m[0] + xml[m.end():]
    return _edit(parts, c, edit)


def attribute(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        m = _nth(_ATTR, xml, c)
        return xml if m is None else xml[:m.start(1)] + c.choice(ATTRIBUTES) + xml[m.end(1):]
    return _edit(parts, c, edit)


def value(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        m = _nth(_VALUE, xml, c)
        return xml if m is None else xml[:m.start(1)] + c.choice(NUMBERS) + xml[m.end(1):]
    return _edit(parts, c, edit)


def text(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        m = _nth(_TEXT, xml, c)
        return xml if m is None else xml[:m.start(1)] + c.choice(TEXTS) + xml[m.end(1):]
    return _edit(parts, c, edit)


def doctype(parts: pk.Members, c: Chooser) -> pk.Members:
    def edit(xml: bytes) -> bytes:
        at = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        return xml[:at] + _DOCTYPE + xml[at:].replace(b"<t>", b"<t>&b;", 1)
    return _edit(parts, c, edit)


MEMBERS: tuple[Callable[[pk.Members, Chooser], pk.Members], ...] = (
    drop_member, duplicate_member, rename_member, delete_tag, duplicate_tag, attribute, value, value, text,
    doctype)


def mutant(seed: bytes, c: Chooser) -> bytes:
    """One to three mutations of `seed` (a valid .xlsx or .xls)."""
    data = seed
    for _ in range(c.int(1, 3)):
        parts = _members(data) if c.int(0, 2) else None
        if parts:
            data = _repack(c.choice(MEMBERS)(parts, c))
        elif len(data) > 8:
            data = c.choice(BYTES)(data, c)
    return data


def _members(data: bytes) -> pk.Members | None:
    """The members of a zip that can still be read as one, else None (mutate it as bytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, z.read(i)) for i in z.infolist()] or None
    except Exception:  # any damage zipfile reports: the file is mutated as bytes instead
        return None


def _repack(parts: pk.Members) -> bytes:
    out = io.BytesIO()
    pk.pack(out, parts)
    return out.getvalue()
