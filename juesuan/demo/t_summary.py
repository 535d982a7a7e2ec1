"""T1 收入支出决算总表 and T4 财政拨款收入支出决算总表: two independent sides under 收入 | 支出.

The sides have different lengths; with align_sides the totals share rows (blank padding in
between, numbered in the national 行次 layout), without it each side simply runs on.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from . import vocab
from .accounts import Row
from .blocks import Ctx, table_note, title_block

# A printed line: label, amounts (one per amount column; None = blank), 行次 (or None).
Line = tuple[str | None, Sequence[Decimal | None], int | None]
PAD: Line = (None, (), None)


def class_template(year: int) -> list[tuple[str, str]]:
    return [(c, n) for c, n in vocab.CLASS_TEMPLATE
            if year >= vocab.DEBT_CLASSES_FROM_YEAR or c not in vocab.DEBT_CLASSES]


def class_lines(ctx: Ctx, classes: Sequence[Row], keys: Sequence[str]) -> list[Line]:
    """The 类 lines in template order, with ordinals; 行次 is 30 + the template position."""
    style = ctx.style
    template = class_template(ctx.fig.fiscal_year)
    position = {code: i + 1 for i, (code, _) in enumerate(template)}
    by_code = {r.code: r for r in classes}
    if style.class_lines == "all":
        listed = [(code, name) for code, name in template]
    else:
        listed = [(r.code, r.name) for r in classes if r.code in position]
        listed.sort(key=lambda cn: position[cn[0]])
    listed += [(r.code, r.name) for r in classes if r.code not in position]
    lines = []
    for i, (code, name) in enumerate(listed, start=1):
        row = by_code.get(code)
        amounts = [row.values[k] for k in keys] if row else [None] * len(keys)
        line_no = vocab.T1_EXPENDITURE_LINE_BASE + position.get(code, len(template) + i)
        lines.append((f"{vocab.ordinal(i)}、{name}", amounts, line_no))
    return lines


def _pad(lines: list[Line], n: int) -> list[Line]:
    return lines + [PAD] * (n - len(lines))


def _write_side(ctx: Ctx, r: int, c: int, lines: Sequence[Line], numbered: bool) -> None:
    for i, (label, amounts, line_no) in enumerate(lines):
        ctx.text(r + i, c, label)
        if numbered:
            ctx.text(r + i, c + 1, line_no)
        for j, amount in enumerate(amounts):
            ctx.amount(r + i, c + 1 + numbered + j, amount)


def _header(ctx: Ctx, r: int, left: Sequence[str], right: Sequence[str], numbered: bool) -> int:
    sheet = ctx.sheet
    width = len(left) + len(right)
    sheet.merge(r, 0, r, len(left) - 1, vocab.SIDE_INCOME)
    sheet.merge(r, len(left), r, width - 1, vocab.SIDE_EXPENDITURE)
    for c, label in enumerate([*left, *right]):
        sheet.put(r + 1, c, label)
    r += 2
    if numbered:  # 栏次: amount columns numbered 1, 2, … across both sides
        n = 0
        for c, label in enumerate([*left, *right]):
            if label in (vocab.ITEM, vocab.ITEM_BY_FUNCTION):
                sheet.put(r, c, vocab.COLUMN_NO)
            elif label != vocab.LINE_NO:
                n += 1
                sheet.put(r, c, n)
        r += 1
    return r


def _body(ctx: Ctx, r: int, left: tuple[list[Line], list[Line]],
          right: tuple[list[Line], list[Line]], numbered: bool, right_col: int) -> int:
    """Writes (body, tail) of each side; aligned, both bodies are padded to the same length.
    The right tail's 行次 continue after the last line of the class template."""
    (l_body, l_tail), (r_body, r_tail) = left, right
    end = vocab.T1_EXPENDITURE_LINE_BASE + len(class_template(ctx.fig.fiscal_year))
    r_tail = [(label, amounts, end + i + 1) for i, (label, amounts, _) in enumerate(r_tail)]
    if ctx.style.align_sides:
        n = max(len(l_body), len(r_body))
        l_body = _pad(l_body, n)
        r_body = _pad(r_body, n)
        r_tail = r_tail[:-1] + [PAD] * (len(l_tail) - len(r_tail)) + r_tail[-1:]
    left_lines = l_body + l_tail
    if numbered:  # national forms number every income-side row, padding included
        left_lines = [(lb, am, i + 1) for i, (lb, am, _) in enumerate(left_lines)]
    _write_side(ctx, r, 0, left_lines, numbered)
    _write_side(ctx, r, right_col, r_body + r_tail, numbered)
    return r + max(len(left_lines), len(r_body) + len(r_tail))


def write_t1(ctx: Ctx) -> None:
    style, t1 = ctx.style, ctx.fig.t1
    numbered = style.line_numbers
    amount = vocab.AMOUNT_NATIONAL if numbered else vocab.AMOUNT_SHANGHAI
    left = [vocab.ITEM, *([vocab.LINE_NO] if numbered else []), amount]
    right = [vocab.ITEM_BY_FUNCTION if numbered else vocab.ITEM,
             *([vocab.LINE_NO] if numbered else []), amount]
    width = len(left) + len(right)
    r = _header(ctx, title_block(ctx, "T1", width), left, right, numbered)
    income = [(label, [t1.income[key]], None) for key, label in vocab.T1_INCOME]
    totals = []
    for key, label in vocab.T1_INCOME_TOTALS:
        if key == "use_nonfiscal_surplus" and style.surplus_label == "special":
            label = vocab.T1_SURPLUS_SPECIAL
        totals.append((label, [t1.income[key]], None))
    classes = class_lines(ctx, t1.classes, ("amount",))
    spent = [(label, [t1.expenditure[key]], None) for key, label in vocab.T1_EXPENDITURE_TOTALS]
    r = _body(ctx, r, (income, totals), (classes, spent), numbered, len(left))
    table_note(ctx, r, width, "T1")


def write_t4(ctx: Ctx) -> None:
    style, t4 = ctx.style, ctx.fig.t4
    numbered = style.line_numbers
    columns = [k for k, _ in vocab.T4_EXPENDITURE_COLUMNS]
    left = [vocab.ITEM, *([vocab.LINE_NO] if numbered else []), vocab.AMOUNT_SHANGHAI]
    right = [vocab.ITEM, *([vocab.LINE_NO] if numbered else []),
             *(label for _, label in vocab.T4_EXPENDITURE_COLUMNS)]
    width = len(left) + len(right)
    r = _header(ctx, title_block(ctx, "T4", width), left, right, numbered)
    income = [(label, [t4.income[key]], None) for key, label in vocab.T4_INCOME]
    tail = [(vocab.T4_INCOME_TOTAL, [t4.income["income_total"]], None),
            (vocab.T4_OPENING, [t4.income["opening_total"]], None),
            *((label, [t4.income[f"opening_{key}"]], None) for key, label in vocab.T4_SUBLINES),
            (vocab.GRAND_TOTAL, [t4.income["grand_total"]], None)]
    classes = class_lines(ctx, t4.classes, columns)
    spent = [(vocab.T4_EXPENDITURE_TOTAL, [t4.expenditure_total[c] for c in columns], None),
             (vocab.T4_CLOSING, [t4.closing[c] for c in columns], None),
             (vocab.GRAND_TOTAL, [t4.grand_total[c] for c in columns], None)]
    r = _body(ctx, r, (income, tail), (classes, spent), numbered, len(left))
    table_note(ctx, r, width, "T4")
