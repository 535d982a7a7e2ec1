"""Pieces every table sheet shares: amounts as the style prints them, the title block,
merged header trees, code cells, and the note line."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import vocab
from .accounts import DeptYearFigures
from .grid import Sheet, Value
from .style import Style

YUAN_PER_WAN = 10000
Columns = Sequence[tuple[str, object]]  # (key, label) or (group label, Columns)


class Printer:
    """Turns a Decimal in 万元 into the cell value (and number format) the style prints."""

    def __init__(self, style: Style, decimals: int) -> None:
        self.factor = YUAN_PER_WAN if style.unit == "元" else 1
        self.places = 2 if style.unit == "元" else decimals
        if (style.unit == "元" and decimals > 6) or (style.unit == "万元" and decimals not in (2, 4)):
            raise ValueError(f"figures with {decimals} decimals cannot be printed in {style.unit}")
        self.style = style
        grouping = "#,##0" if style.thousands else "0"
        self.num_format = f"{grouping}.{'0' * self.places}"

    def cell(self, amount: Decimal | None) -> tuple[Value, str | None]:
        if amount is None:
            return None, None
        style = self.style
        if not amount and style.zero != "0":
            return (None if style.zero == "blank" else style.zero), None
        value = (amount * self.factor).quantize(Decimal(1).scaleb(-self.places))
        if style.amounts == "number":
            return float(value), self.num_format  # Excel stores doubles
        text = f"{value:,.{self.places}f}"
        if style.amounts == "text_spaces":
            return f" {text} ", None
        if style.amounts == "fullwidth":
            return text.translate(vocab.FULLWIDTH), None
        return text, None


@dataclass
class Ctx:
    """What a table writer needs: where to write, how, and what."""
    sheet: Sheet
    style: Style
    fig: DeptYearFigures
    money: Printer

    def amount(self, r: int, c: int, value: Decimal | None) -> None:
        cell, fmt = self.money.cell(value)
        self.sheet.put(r, c, cell, fmt)

    def text(self, r: int, c: int, value: Value) -> None:
        self.sheet.put(r, c, value)

    def number(self, r: int, c: int, value: int | Decimal) -> None:
        """Counts and scores: numbers, or plain text where the style types everything."""
        if self.style.amounts == "number":
            self.sheet.put(r, c, float(value) if isinstance(value, Decimal) else value)
        else:
            self.sheet.put(r, c, str(value))


def quotes(style: Style) -> dict[str, str]:
    q0, q1 = vocab.QUOTES[style.quotes]
    return {"q0": q0, "q1": q1}


def table_title(style: Style, table: str) -> str:
    if table == "T7" and style.t7_title == "fiscal":
        return vocab.T7_TITLE_FISCAL.format(**quotes(style))
    if table == "T9" and style.t9_form == "expenditure_only":
        return vocab.T9_TITLE_EXPENDITURE_ONLY
    if table == "T10" and style.profile_title == vocab.T10_TITLE_STAFF:
        return vocab.T10_TITLE_STAFF
    return vocab.TITLES[table].format(**quotes(style))


def title_block(ctx: Ctx, table: str, width: int) -> int:
    """Title, optional table-code line, entity/year/unit line; returns the next free row."""
    style, fig, sheet = ctx.style, ctx.fig, ctx.sheet
    title = table_title(style, table)
    if style.year_in == "title":
        year = vocab.YEAR_TITLE.format(year=fig.fiscal_year)
        title = f"{fig.dept.dept_name if style.title_dept else ''}{year}{title}"
    sheet.merge(0, 0, 0, width - 1, title)
    r = 1
    if style.code_line and table in vocab.PUBLIC_CODES:
        sheet.put(r, width - 1, vocab.PUBLIC_CODES[table])
        r += 1
    year_col = max(1, width // 2)
    sheet.merge(r, 0, r, year_col - 1, f"{style.entity_label}{vocab.COLON}{fig.dept.dept_name}")
    if style.year_in == "entity":
        sheet.put(r, year_col, vocab.YEAR_TITLE.format(year=fig.fiscal_year))
    sheet.put(r, width - 1, f"{style.unit_label}{vocab.COLON}{style.unit}")
    return r + 1


def depth(columns: Columns) -> int:
    return 2 if any(isinstance(label, tuple) for _, label in columns) else 1


def leaves(columns: Columns) -> list[str]:
    out = []
    for key, label in columns:
        out += [k for k, _ in label] if isinstance(label, tuple) else [key]
    return out


def header_tree(sheet: Sheet, r: int, c: int, columns: Columns, height: int,
                labels: dict[str, str] | None = None) -> None:
    """Value-column headers over `height` rows: groups span their children, leaves merge down."""
    fill = labels or {}
    for key, label in columns:
        if isinstance(label, tuple):
            sheet.merge(r, c, r, c + len(label) - 1, key)
            for i, (_, child) in enumerate(label):
                sheet.merge(r + 1, c + i, r + height - 1, c + i, child.format(**fill))
            c += len(label)
        else:
            sheet.merge(r, c, r + height - 1, c, label.format(**fill))
            c += 1


def code_value(style: Style, code: str) -> Value:
    if style.code_as == "number":
        return int(code)
    if style.code_as == "spaced":
        return f" {code} "
    return code


def split_code(style: Style, code: str) -> tuple[str | None, str | None, str | None]:
    """类 | 款 | 项 parts of a 3/5/7-digit code (款 and 项 relative: '03', '01')."""
    cls, sec, item = code[:3], code[3:5] or None, code[5:7] or None
    if style.split_parent == "no_class" and len(code) > 3:
        cls = None
    return cls, sec, item


def wrapped(style: Style, name: str) -> str:
    if style.name_wrap and len(name) > vocab.WRAP_AT:
        return f"{name[:vocab.WRAP_AT]}\n{name[vocab.WRAP_AT:]}"
    return name


def note(ctx: Ctx, r: int, width: int, text: str) -> int:
    ctx.sheet.merge(r, 0, r, width - 1, text)
    return r + 1


def table_note(ctx: Ctx, r: int, width: int, table: str) -> int:
    return note(ctx, r, width, vocab.NOTES[table]) if ctx.style.notes else r
