"""READ a report: one file → its paragraphs as text. Knows formats and encodings, not sections.

Every problem with the file becomes ReportProblem with the N- rule it breaks and a reason in
plain words; nothing is guessed (a text file in an encoding we do not read is reported).
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from .model import Line
from .patterns import Patterns

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, and password-protected .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_END = re.compile(r"[。！？!?]$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))")
_WRAP_WIDTH = 0.8  # a PDF line this close to the page's longest line was wrapped, not ended
_HEADING_STYLES = {"title": 1, "heading 1": 1, "标题 1": 1, "heading 2": 2, "标题 2": 2, "heading 3": 2, "标题 3": 2}


class ReportProblem(Exception):
    def __init__(self, rule_id: str, reason: str):
        super().__init__(reason)
        self.rule_id = rule_id
        self.reason = reason


@dataclass(frozen=True)
class ReportText:
    fmt: str  # txt | docx | pdf
    encoding: str | None
    lines: tuple[Line, ...]


def read_report(path: str, pats: Patterns) -> ReportText:
    fmt = pats.formats.get(PurePath(path).suffix.lower())
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise ReportProblem("N-001", f"无法打开文件（{exc.strerror}）") from exc
    if not data:
        raise ReportProblem("N-001", "文件为空（0 字节）")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise ReportProblem("N-001", "文件设有密码（已加密）")
        raise ReportProblem("N-002", "这是旧版 Word/WPS 二进制文件（.doc/.wps）")
    if fmt == "legacy":
        raise ReportProblem("N-002", "这是旧版 Word/WPS 文件")
    if fmt == "text":
        text, encoding = decode_text(data, pats.text_encodings)
        return ReportText("txt", encoding, _plain_lines(text.splitlines()))
    if fmt == "docx":
        return ReportText("docx", None, _docx_lines(data))
    if fmt == "pdf":
        return ReportText("pdf", None, _pdf_lines(data, pats.pdf_min_chars_per_page))
    raise ReportProblem("N-001", f"不支持的报告格式 {PurePath(path).suffix}")


def decode_text(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    """Bytes → (text, encoding): a UTF-8 byte-order mark decides, else the first encoding that fits."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8",)
        data = data[len(codecs.BOM_UTF8):]
    else:
        candidates = encodings
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise ReportProblem("N-001", "文件含有非文字的控制字符，不是纯文本文件")
        return text, encoding
    raise ReportProblem("N-001", f"文本不是 {' 或 '.join(e.upper() for e in candidates)} 编码"
                                 "（可能是 UTF-16 或其他编码）；请另存为 UTF-8 文本")


def _plain_lines(texts: list[str]) -> tuple[Line, ...]:
    return tuple(Line(t.strip(" \t\u3000\u00a0")) for t in texts if t.strip(" \t\u3000\u00a0"))


def _docx_lines(data: bytes) -> tuple[Line, ...]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReportProblem("N-001", "不是有效的 .docx 文件（可能已损坏或被截断）")
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[Line] = []
        # Body order matters (a table between two paragraphs stays there), so walk the XML.
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(block, document)
                level = _HEADING_STYLES.get((paragraph.style.name or "").lower()) if paragraph.style else None
                lines.append(Line(paragraph.text, level))
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    cells = list(dict.fromkeys(c.text.strip() for c in row.cells))  # merged cells repeat
                    lines.append(Line("\t".join(c for c in cells if c)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise ReportProblem("N-001", f"不是有效的 .docx 文件（{type(exc).__name__}）") from exc
    return tuple(Line(ln.text.strip(" \t\u3000\u00a0"), ln.heading_level) for ln in lines
                 if ln.text.strip(" \t\u3000\u00a0"))


def _pdf_lines(data: bytes, min_chars_per_page: int) -> tuple[Line, ...]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportProblem("N-001", "PDF 设有打开密码（已加密）")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ReportProblem("N-001", f"不是有效的 PDF 文件（{type(exc).__name__}）") from exc
    chars = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if chars < min_chars_per_page * max(1, len(pages)):
        raise ReportProblem("N-002", "这是扫描件（PDF 中没有可读取的文字层）")
    return _plain_lines(join_wrapped([ln for p in pages for ln in p.splitlines()]))


def join_wrapped(lines: list[str]) -> list[str]:
    """PDF text comes in printed lines: join the ones a paragraph was wrapped into.

    A line ends its paragraph when it ends a sentence, when it is clearly shorter
    than a full line (headings, titles, last lines), or when the next line starts a numbered item.
    """
    stripped = [ln.strip() for ln in lines if ln.strip()]
    full = max((len(ln) for ln in stripped), default=0)
    out: list[str] = []
    joining = False
    for ln in stripped:
        if joining and not _NUMBERED.match(ln):
            out[-1] += ln
        else:
            out.append(ln)
        joining = not _LINE_END.search(ln) and len(ln) >= _WRAP_WIDTH * full
    return out
