"""write_workbook: which sheets a workbook has, in which order, under which names."""
from __future__ import annotations

import random
from collections.abc import Callable
from os import PathLike
from typing import BinaryIO

from . import vocab
from .accounts import DeptYearFigures
from .blocks import Ctx, Printer, table_title
from .grid import Sheet, new_book
from .style import Style
from .t_code import write_t2, write_t3, write_t5, write_t8, write_t9
from .t_econ import write_t6, write_t7
from .t_profile import write_t10, write_t11
from .t_summary import write_t1, write_t4

WRITERS: dict[str, Callable[[Ctx], None]] = {
    "T1": write_t1, "T2": write_t2, "T3": write_t3, "T4": write_t4, "T5": write_t5,
    "T6": write_t6, "T7": write_t7, "T8": write_t8, "T9": write_t9, "T10": write_t10,
    "T11": write_t11,
}


def tables_of(figures: DeptYearFigures, style: Style) -> list[str]:
    """The tables a workbook holds, in template order (before any shuffle)."""
    keep = {
        "T8": figures.t8 is not None or style.empty_tables == "note",
        "T9": figures.t9 is not None or style.empty_tables == "note",
        "T10": style.profile != "none",
        "T11": style.evaluation,
    }
    return [t for t in vocab.TABLES if keep.get(t, True)]


def sheet_name(style: Style, table: str, position: int) -> str:
    """The tab name of a table (or extra sheet) at a 1-based position in the workbook."""
    naming = style.sheet_naming
    if naming == "generic":
        return f"Sheet{position}"
    if table not in vocab.TABLES:
        return table
    title = table_title(style, table)
    if naming == "code" and table in vocab.PUBLIC_CODES:
        return vocab.PUBLIC_CODES[table]
    if naming == "numbered":
        return vocab.NUMBERED_SHEET.format(n=int(table[1:]), title=title)[: vocab.SHEET_NAME_MAX]
    if naming == "internal":
        return vocab.INTERNAL_SHEETS[table][: vocab.SHEET_NAME_MAX]
    return title[: vocab.SHEET_NAME_MAX]


def _write_extra(sheet: Sheet, name: str, figures: DeptYearFigures, style: Style,
                 tables: list[str]) -> None:
    fill = {"dept": figures.dept.dept_name, "year": figures.fiscal_year,
            "next_year": figures.fiscal_year + 1}
    if name == vocab.COVER:
        lines = [line.format(**fill) for line in vocab.COVER_LINES]
    elif name == vocab.CONTENTS:
        lines = [vocab.CONTENTS] + [
            f"{vocab.ordinal(i)}、{table_title(style, t)}" for i, t in enumerate(tables, 1)]
    else:
        lines = list(vocab.INSTRUCTIONS)
    for r, line in enumerate(lines):
        sheet.put(r, 0, line)


def write_workbook(figures: DeptYearFigures, style: Style, path: str | PathLike | BinaryIO) -> None:
    """Write one department-year as a workbook laid out as `style` says (.xlsx or .xls),
    to a path or a binary file object."""
    money = Printer(style, figures.decimals)
    tables = tables_of(figures, style)
    ordered = list(tables)
    if style.shuffle_sheets is not None:
        random.Random(style.shuffle_sheets).shuffle(ordered)
    front = [s for s in style.extra_sheets if s != vocab.INSTRUCTIONS_SHEET]
    back = [s for s in style.extra_sheets if s == vocab.INSTRUCTIONS_SHEET]
    book = new_book(style.fmt)
    for position, name in enumerate(front + ordered + back, start=1):
        sheet = book.sheet(sheet_name(style, name, position))
        if name in WRITERS:
            WRITERS[name](Ctx(sheet, style, figures, money))
        else:
            _write_extra(sheet, name, figures, style, tables)
            if style.hidden_extra:
                sheet.hide()
    book.activate_first_visible()
    book.save(path)
