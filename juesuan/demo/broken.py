"""Files an inbox receives that are not loadable workbooks: broken, foreign, or to be ignored."""
from __future__ import annotations

import io
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile

from . import vocab
from .accounts import DeptYearFigures
from .grid import new_book
from .layout import write_workbook
from .style import Style

PASSWORD = "dc2023"


def truncated(path: Path, fig: DeptYearFigures, style: Style) -> None:
    """A workbook cut off part-way through, as after an interrupted copy."""
    write_workbook(fig, style, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 5])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def csv_renamed(path: Path, fig: DeptYearFigures) -> None:
    """T1 exported as CSV and given an .xlsx name."""
    lines = [f"项目,{vocab.AMOUNT_SHANGHAI}"]
    lines += [f"{label},{fig.t1.income[key]}" for key, label in vocab.T1_INCOME]
    lines.append(f"本年收入合计,{fig.t1.income['income_total']}")
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))


def encrypted(path: Path, fig: DeptYearFigures, style: Style) -> None:
    """A password-protected .xlsx (an OLE container around the encrypted package)."""
    plain = io.BytesIO()
    write_workbook(fig, style, plain)
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt(PASSWORD, out)
    path.write_bytes(out.getvalue())


def no_known_table(path: Path, fmt: str) -> None:
    """A workbook holding only the instructions sheet."""
    book = new_book(fmt)
    sheet = book.sheet(vocab.INSTRUCTIONS_SHEET)
    for r, line in enumerate(vocab.INSTRUCTIONS):
        sheet.put(r, 0, line)
    book.save(path)


def lock_file(path: Path, user: str = "caiwu") -> None:
    """What Excel leaves beside an open workbook: the user's name, padded, in two encodings."""
    name = user.encode("ascii")
    path.write_bytes(bytes([len(name)]) + name.ljust(53, b" ") + user.encode("utf-16-le").ljust(112, b"\x00"))


def readme(path: Path) -> None:
    path.write_text(
        "本目录为演示用决算报表收件箱，按年度分文件夹存放。\n"
        "文件由 juesuan demo 生成，金额为虚构数据，仅用于测试与演示。\n",
        encoding="utf-8",
    )
