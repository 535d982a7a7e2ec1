"""Decide what a file really is from its content, whatever its extension says.

Kinds: 'xlsx' (also .xlsm), 'xls', 'encrypted' (password-protected xlsx or xls), 'xlsb', 'ods',
'zip' (any other zip, e.g. .docx), 'html' (also .mht web archives), 'xml' (e.g. Excel 2003 XML
spreadsheets), 'csv' (any plain text), 'pdf', 'empty', 'corrupt' (a zip or OLE2 signature whose
container cannot be opened) and 'unknown'.
"""
from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

import olefile

HEAD_BYTES = 8192  # enough to tell text from binary and to find an HTML/XML root element

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # first member header / empty archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_BIFF_RECORD = struct.Struct("<HH")  # record id, body length
_FILEPASS, _EOF, _BOUNDSHEET = 0x002F, 0x000A, 0x0085

# What identify() hands back besides the kind, so the reader does not open the file twice:
# the open ZipFile for zip kinds (caller closes it), the BIFF stream for 'xls', else None.
Container = zipfile.ZipFile | bytes | None


def sniff(path: str) -> str:
    """The real format of the file at `path` (see the module docstring for the kinds)."""
    with open(path, "rb") as f:
        kind, container = identify(f)
    if isinstance(container, zipfile.ZipFile):
        container.close()
    return kind


def identify(f: BinaryIO) -> tuple[str, Container]:
    """Kind of the seekable binary file `f`, plus the opened container (see `Container`)."""
    head = f.read(HEAD_BYTES)
    f.seek(0)
    if not head:
        return "empty", None
    if head.startswith(_ZIP_MAGICS):
        return _zip_kind(f)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(f)
    if head.startswith(b"%PDF-"):
        return "pdf", None
    return _text_kind(head), None


def _zip_kind(f: BinaryIO) -> tuple[str, Container]:
    try:
        zf = zipfile.ZipFile(f)
        names = set(zf.namelist())
    except Exception:  # any failure to read the central directory means a damaged file
        return "corrupt", None
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names:
            return "xlsx", zf
        if "xl/workbook.bin" in names:
            return "xlsb", zf
    elif "mimetype" in names and _starts_with(zf, "mimetype", _ODS_MIME):
        return "ods", zf
    return "zip", zf


def _starts_with(zf: zipfile.ZipFile, member: str, prefix: bytes) -> bool:
    try:
        with zf.open(member) as m:
            return m.read(len(prefix)) == prefix
    except Exception:  # an unreadable member cannot prove the kind
        return False


def _ole_kind(f: BinaryIO) -> tuple[str, Container]:
    try:
        with olefile.OleFileIO(f) as ole:
            if ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"):
                return "encrypted", None
            for name in ("Workbook", "Book"):  # BIFF8 / BIFF5, in the order calamine tries them
                if ole.exists(name) and ole.get_type(name) == olefile.STGTY_STREAM:
                    stream = ole.openstream(name).read()
                    return ("encrypted" if has_filepass(stream) else "xls"), stream
    except Exception:  # broken sector chains, truncated directory …
        return "corrupt", None
    return "unknown", None


def has_filepass(stream: bytes) -> bool:
    """True when the BIFF globals carry a FILEPASS record (the workbook is encrypted).

    FILEPASS must come before the first BOUNDSHEET, so only the first records are read.
    """
    pos = 0
    while pos + 4 <= len(stream):
        rid, length = _BIFF_RECORD.unpack_from(stream, pos)
        if rid == _FILEPASS:
            return True
        if rid in (_EOF, _BOUNDSHEET):
            return False
        pos += 4 + length
    return False


def _text_kind(head: bytes) -> str:
    text = _as_text(head)
    if text is None:
        return "unknown"
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("mime-version:"):  # .mht "single file web page", often named .xls
        return "html"
    if "<html" in start or "<table" in start or start.startswith("<!doctype html"):
        return "html"
    if start.startswith("<?xml"):
        return "xml"
    if start.startswith("<"):
        return "html"
    return "csv"


def _as_text(head: bytes) -> str | None:
    """`head` decoded when it looks like text (UTF-16 with BOM, UTF-8 or GB18030), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in head:
        return None
    else:
        candidates = ["utf-8", "gb18030"]
    for codec in candidates:
        text = head.decode(codec, errors="replace")
        # A character cut at the end of `head` may leave one or two replacement marks.
        if text.count("\ufffd") <= 2 and _controls(text) <= len(text) // 100:
            return text
    return None


def _controls(text: str) -> int:
    return sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v\x1a")
