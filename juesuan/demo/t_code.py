"""T2, T3, T5, T8 and T9: one line per function code (类/款/项) under a merged header.

Codes sit in one 科目编码 column or split over 类 | 款 | 项; the 合计 row comes first or last;
an empty T8/T9 keeps its header and an empty 合计 row, with the empty-table note below.
"""
from __future__ import annotations

from . import vocab
from .accounts import CodeTable, Row
from .blocks import (
    Columns, Ctx, code_value, depth, header_tree, leaves, note, split_code, table_note,
    title_block, wrapped,
)


def _code_header(ctx: Ctx, r: int, height: int) -> None:
    """The code/name header over `height` rows."""
    sheet, style = ctx.sheet, ctx.style
    bottom = r + height - 1
    top = r
    if style.code_layout == "single":
        if style.code_header == "merged":
            sheet.merge(r, 0, r, 1, vocab.ITEM)
            top = r + 1
        sheet.merge(top, 0, bottom, 0, vocab.CODE)
        sheet.merge(top, 1, bottom, 1, vocab.CODE_NAME)
        return
    if style.code_header == "merged":
        sheet.merge(r, 0, r, 3, vocab.ITEM)
        top = r + 1
    sheet.merge(top, 0, bottom - 1, 2, vocab.FUNC_CODE)
    sheet.merge(top, 3, bottom, 3, vocab.CODE_NAME)
    for c, part in enumerate((vocab.CLASS, vocab.SECTION, vocab.ITEM_PART)):
        sheet.put(bottom, c, part)


def _code_depth(ctx: Ctx) -> int:
    return (ctx.style.code_layout == "split") + (ctx.style.code_header == "merged") + 1


def _write_row(ctx: Ctx, r: int, row: Row | None, keys: list[str], n_code: int) -> None:
    """One line; row None is the empty table's 合计 line (label only)."""
    style, sheet = ctx.style, ctx.sheet
    name_col = n_code - 1
    if row is None or not row.code:
        if style.total_label == "merged":
            sheet.merge(r, 0, r, name_col, vocab.TOTAL)
        else:
            sheet.put(r, name_col, vocab.TOTAL)
    else:
        if style.code_layout == "single":
            sheet.put(r, 0, code_value(style, row.code))
        else:
            for c, part in enumerate(split_code(style, row.code)):
                sheet.put(r, c, part)
        sheet.put(r, name_col, wrapped(style, row.name))
    if row is not None:
        for j, key in enumerate(keys):
            ctx.amount(r, n_code + j, row.values[key])


def write_code_table(ctx: Ctx, table: str, columns: Columns, data: CodeTable | None,
                     total_last: bool = False, labels: dict[str, str] | None = None) -> None:
    style = ctx.style
    keys = leaves(columns)
    n_code = 2 if style.code_layout == "single" else 4
    width = n_code + len(keys)
    r = title_block(ctx, table, width)
    height = max(_code_depth(ctx), depth(columns))
    _code_header(ctx, r, height)
    header_tree(ctx.sheet, r, n_code, columns, height, labels)
    r += height
    if style.column_numbers:
        ctx.sheet.merge(r, 0, r, n_code - 1, vocab.COLUMN_NO)
        for j in range(len(keys)):
            ctx.sheet.put(r, n_code + j, j + 1)
        r += 1
    if data is None:
        _write_row(ctx, r, None, keys, n_code)
        empty = vocab.EMPTY_NOTES[table][style.empty_note]
        note(ctx, r + 1, width, empty.format(dept=ctx.fig.dept.dept_name, year=ctx.fig.fiscal_year))
        return
    last = {"first": False, "last": True}.get(style.total_row, total_last)
    rows = [*data.body, data.total] if last else list(data.rows)
    for i, row in enumerate(rows):
        _write_row(ctx, r + i, row, keys, n_code)
    table_note(ctx, r + len(rows), width, table)


def write_t2(ctx: Ctx) -> None:
    write_code_table(ctx, "T2", vocab.T2_COLUMNS, ctx.fig.t2)


def write_t3(ctx: Ctx) -> None:
    write_code_table(ctx, "T3", vocab.T3_COLUMNS, ctx.fig.t3)


def write_t5(ctx: Ctx) -> None:
    write_code_table(ctx, "T5", vocab.T5_COLUMNS, ctx.fig.t5, total_last=True)


def write_t8(ctx: Ctx) -> None:
    write_code_table(ctx, "T8", vocab.FUND_COLUMNS, ctx.fig.t8,
                     labels={"subtotal": ctx.style.subtotal_label})


def write_t9(ctx: Ctx) -> None:
    columns = vocab.FUND_COLUMNS
    if ctx.style.t9_form == "expenditure_only":
        columns = tuple(c for c in vocab.FUND_COLUMNS if c[0] == vocab.EXPENDITURE_GROUP)
    write_code_table(ctx, "T9", columns, ctx.fig.t9, labels={"subtotal": ctx.style.subtotal_label})
