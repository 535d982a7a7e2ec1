"""Minimal PDFs written by hand: no PDF writer is installed, and a text layer needs little.

Text is drawn in a Type0 font with Identity-H encoding whose character ids are the Unicode
code points, and a ToUnicode map says so: viewers show no glyphs (no font is embedded), but
text extraction reads exactly what was written, which is all a text layer is for here.
"""
from __future__ import annotations

from pathlib import Path


def _objects_to_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _to_unicode(chars: set[str]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             b"/CMapName /Identity-UCS def /CMapType 2 def",
             b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    ordered = sorted(chars)
    for i in range(0, len(ordered), 100):
        chunk = ordered[i:i + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04X> <%04X>" % (ord(c), ord(c)) for c in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    return b"\n".join(lines)


def write_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages carry these lines as real text."""
    chars = {c for page in pages for line in page for c in line}
    page_count = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 descendant, 5 tounicode, then (page, content) pairs
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(page_count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % page_count,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoEmbed /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoEmbed"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(_to_unicode(chars)),
    ]
    for i, page in enumerate(pages):
        content = bytearray(b"BT /F1 10 Tf 12 TL 40 800 Td\n")
        for line in page:
            content += b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj T*\n"
        content += b"ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                       b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (7 + 2 * i))
        objects.append(_stream(bytes(content)))
    path.write_bytes(_objects_to_pdf(objects))
    return path


def write_image_pdf(path: Path, page_count: int = 2) -> Path:
    """A 'scanned' PDF: pages with a painted image and no text at all."""
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(page_count)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % page_count]
    for i in range(page_count):
        image = 5 + 3 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                       b" /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (image, 4 + 3 * i))
        objects.append(_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"))
        pixels = bytes([200, 200, 200] * 4)
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB"
                       b" /BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream")
    path.write_bytes(_objects_to_pdf(objects))
    return path
