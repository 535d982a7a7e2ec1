"""T6 基本支出 by economic class (side-by-side column groups) and T7 三公 (wide or transposed)."""
from __future__ import annotations

from . import vocab
from .accounts import Row
from .blocks import Ctx, quotes, table_note, title_block, wrapped


def _groups(ctx: Ctx) -> list[list[Row]]:
    t6 = ctx.fig.t6
    keep = (lambda r: True) if ctx.style.t6_rows == "all" else (lambda r: r.values["amount"] != 0)
    personnel = [r for r in t6.personnel if keep(r)]
    running = [r for r in t6.running if keep(r)]
    if ctx.style.t6_layout == "two":
        return [personnel, running]
    return [personnel, [r for r in running if r.code.startswith("302")],
            [r for r in running if not r.code.startswith("302")]]


def write_t6(ctx: Ctx) -> None:
    style, sheet, t6 = ctx.style, ctx.sheet, ctx.fig.t6
    split = style.t6_code == "split"
    groups = _groups(ctx)
    gw = 4 if split else 3  # [类, 款,] 科目名称, 决算数
    width = gw * len(groups)
    r = title_block(ctx, "T6", width)
    sheet.merge(r, 0, r, gw - 1, vocab.PERSONNEL)
    sheet.merge(r, gw, r, width - 1, vocab.RUNNING)
    r += 1
    height = 2 if split else 1
    for g in range(len(groups)):
        c = g * gw
        if split:
            sheet.merge(r, c, r, c + 1, vocab.ECON_CODE)
            sheet.put(r + 1, c, vocab.CLASS)
            sheet.put(r + 1, c + 1, vocab.SECTION)
        else:
            sheet.put(r, c, vocab.ECON_CODE)
        sheet.merge(r, c + gw - 2, r + height - 1, c + gw - 2, vocab.CODE_NAME)
        sheet.merge(r, c + gw - 1, r + height - 1, c + gw - 1, vocab.ACTUAL)
    r += height
    for g, rows in enumerate(groups):
        c = g * gw
        for i, row in enumerate(rows):
            if split:
                sheet.put(r + i, c, row.code[:3])
                sheet.put(r + i, c + 1, row.code[3:] or None)
            else:
                sheet.put(r + i, c, row.code)
            sheet.put(r + i, c + gw - 2, wrapped(style, row.name))
            ctx.amount(r + i, c + gw - 1, row.values["amount"])
    r += max(len(rows) for rows in groups)
    sheet.merge(r, 0, r, gw - 2, vocab.PERSONNEL_TOTAL)
    ctx.amount(r, gw - 1, t6.personnel_total)
    sheet.merge(r, gw, r, width - 2, vocab.RUNNING_TOTAL)
    ctx.amount(r, width - 1, t6.running_total)
    table_note(ctx, r + 1, width, "T6")


def write_t7(ctx: Ctx) -> None:
    if ctx.style.t7_layout == "wide":
        _wide(ctx)
    else:
        _transposed(ctx)


def _wide(ctx: Ctx) -> None:
    sheet, t7 = ctx.sheet, ctx.fig.t7
    run = ctx.style.vehicle_wording
    labels = {k: v.format(run=run) for k, v in vocab.T7_WIDE.items()}
    width = 12
    r = title_block(ctx, "T7", width)
    sheet.merge(r, 0, r, width - 1, vocab.T7_SUPER.format(**quotes(ctx.style)))
    for c, key in ((0, "total"), (2, "outbound_travel"), (10, "reception")):
        sheet.merge(r + 1, c, r + 2, c + 1, labels[key])
    sheet.merge(r + 1, 4, r + 1, 9, labels["vehicle_group"])
    for c, key in ((4, "vehicle_total"), (6, "vehicle_purchase"), (8, "vehicle_operation")):
        sheet.merge(r + 2, c, r + 2, c + 1, labels[key])
    order = ("total", "outbound_travel", "vehicle_total", "vehicle_purchase",
             "vehicle_operation", "reception")
    for i, key in enumerate(order):
        sheet.put(r + 3, 2 * i, vocab.BUDGET)
        sheet.put(r + 3, 2 * i + 1, vocab.FINAL)
        ctx.amount(r + 4, 2 * i, t7.budget[key])
        ctx.amount(r + 4, 2 * i + 1, t7.actual[key])
    table_note(ctx, r + 5, width, "T7")


def _transposed(ctx: Ctx) -> None:
    sheet, t7 = ctx.sheet, ctx.fig.t7
    run = ctx.style.vehicle_wording
    r = title_block(ctx, "T7", 3)
    for c, label in enumerate((vocab.ITEM, vocab.BUDGET, vocab.FINAL)):
        sheet.put(r, c, label)
    for i, (key, label) in enumerate(vocab.T7_TRANSPOSED, start=1):
        sheet.put(r + i, 0, label.format(run=run))
        ctx.amount(r + i, 1, t7.budget[key])
        ctx.amount(r + i, 2, t7.actual[key])
    table_note(ctx, r + len(vocab.T7_TRANSPOSED) + 1, 3, "T7")
