"""T10 部门基本情况 (label/value pairs) and T11 部门整体支出绩效自评表."""
from __future__ import annotations

from dataclasses import replace

from . import vocab
from .blocks import Ctx, Printer, table_title
from .evaluation import PERF_DECIMALS

L = vocab.PROFILE_LABELS


def _profile_pairs(ctx: Ctx) -> list[tuple[str, object]]:
    fig, p, style = ctx.fig, ctx.fig.profile, ctx.style
    dept = fig.dept
    pairs = [
        (L["name"], dept.dept_name), (style.code_label, dept.dept_code),
        (L["region_code"], dept.region_code), (L["region_name"], dept.region_name),
        (L["unit_nature"], p.unit_nature), (L["report_kind"], vocab.REPORT_KIND[dept.unit_kind]),
    ]
    if dept.parent_dept_code:
        pairs.append((L["parent_code"], dept.parent_dept_code))
    pairs += [
        (L["year"], fig.fiscal_year), (L["admin_posts"], p.admin_posts),
        (L["institution_posts"], p.institution_posts), (L["staff_in_service"], p.staff_in_service),
        (L["retirees"], p.retirees), (L["internal_units"], p.internal_units),
        (L["subordinate_units"], p.subordinate_units),
    ]
    return pairs


def write_t10(ctx: Ctx) -> None:
    sheet, style = ctx.sheet, ctx.style
    per_row = 2 if style.profile == "pairs2" else 1
    width = 2 * per_row
    sheet.merge(0, 0, 0, width - 1, table_title(style, "T10"))
    r = 1
    pairs = _profile_pairs(ctx)
    for i, (label, value) in enumerate(pairs):
        row, col = r + i // per_row, 2 * (i % per_row)
        sheet.put(row, col, label)
        if isinstance(value, int) and not isinstance(value, bool):
            ctx.number(row, col + 1, value)
        else:
            sheet.put(row, col + 1, value)
    r += -(-len(pairs) // per_row)
    names = vocab.NAME_SEPARATOR.join(ctx.fig.profile.internal_unit_names)
    sheet.put(r, 0, L["internal_unit_names"])
    sheet.merge(r, 1, r, width - 1, names)


def write_t11(ctx: Ctx) -> None:
    sheet, style, fig = ctx.sheet, ctx.style, ctx.fig
    ev = fig.evaluation
    money = Printer(replace(style, unit="万元"), PERF_DECIMALS)  # the form is always in 万元
    width = len(vocab.T11_INDICATOR_HEADER)
    year = vocab.YEAR_TITLE.format(year=fig.fiscal_year)
    prefix = fig.dept.dept_name if style.title_dept else ""
    sheet.merge(0, 0, 0, width - 1, f"{prefix}{year}{vocab.TITLES['T11']}")
    sheet.merge(1, 0, 1, width - 1, f"{vocab.T11_COMPETENT}{vocab.COLON}{fig.dept.dept_name}")
    sheet.merge(2, 0, 2, width - 1, vocab.T11_EXECUTION_BLOCK)
    for c, label in enumerate(vocab.T11_EXECUTION_HEADER):
        sheet.put(3, c, label)
    r = 4
    for line in ev.execution:
        sheet.put(r, 0, vocab.T11_EXECUTION_LINES[line.key])
        for c, amount in enumerate((line.initial_budget, line.full_year_budget, line.executed), 1):
            sheet.put(r, c, *money.cell(amount))
        if line.weight is None:
            sheet.put(r, 4, vocab.NOT_SCORED)
            sheet.put(r, 6, vocab.NOT_SCORED)
        else:
            ctx.number(r, 4, line.weight)
            ctx.number(r, 6, line.score)
        if style.rates == "number":
            sheet.put(r, 5, float(line.rate), "0.00%")
        else:
            sheet.put(r, 5, f"{line.rate * 100:.2f}%")
        r += 1
    sheet.merge(r, 0, r, 3, vocab.T11_GOAL)
    sheet.merge(r, 4, r, width - 1, vocab.T11_ACHIEVED)
    sheet.merge(r + 1, 0, r + 1, 3, ev.goal)
    sheet.merge(r + 1, 4, r + 1, width - 1, ev.achievement)
    r += 2
    for c, label in enumerate(vocab.T11_INDICATOR_HEADER):
        sheet.put(r, c, label)
    r += 1
    _indicators(ctx, r)
    r += len(ev.indicators)
    sheet.merge(r, 0, r, 4, vocab.T11_TOTAL)
    ctx.number(r, 5, ev.total_weight)
    ctx.number(r, 6, ev.total_score)
    grade = vocab.GRADE_LABELS[style.grade_labels][ev.band]
    sheet.merge(r + 1, 0, r + 1, 4, vocab.T11_GRADE)
    sheet.merge(r + 1, 5, r + 1, width - 1, grade)


def _runs(values: list) -> list[tuple[int, int]]:
    """(start, end) index ranges of equal consecutive values, for vertical merges."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def _indicators(ctx: Ctx, r: int) -> None:
    sheet = ctx.sheet
    indicators = ctx.fig.evaluation.indicators
    for col, attr in ((0, "level1"), (1, "level2")):
        keys = [(i.level1, i.level2)[: col + 1] for i in indicators]
        for start, end in _runs(keys):
            sheet.merge(r + start, col, r + end, col, getattr(indicators[start], attr))
    for i, ind in enumerate(indicators):
        sheet.put(r + i, 2, ind.name)
        sheet.put(r + i, 3, ind.target)
        sheet.put(r + i, 4, ind.actual)
        ctx.number(r + i, 5, ind.weight)
        ctx.number(r + i, 6, ind.score)
        sheet.put(r + i, 7, ind.deviation or None)
