"""Readable workbooks that break an identity, the way real submissions do.

Each fault changes one printed figure (or two that move together) and leaves everything else
as drawn, so a validator should report exactly the broken identity. The offsets are in 万元
and meant for 万元 workbooks.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .accounts import CodeTable, DeptYearFigures, Row

YUAN_PER_WAN = 10000
T3_OFFSET = Decimal("10.00")
T1_OFFSET = Decimal("3.60")
T7_OFFSET = Decimal("1.50")


def _t3_total_off(fig: DeptYearFigures) -> DeptYearFigures:
    """T3 合计 本年支出合计 10.00 higher than the sum of its classes (and than T1)."""
    total = fig.t3.total
    values = {**total.values, "total": total.values["total"] + T3_OFFSET}
    return replace(fig, t3=CodeTable(fig.t3.columns, (Row("", total.name, values), *fig.t3.body)))


def _t1_unbalanced(fig: DeptYearFigures) -> DeptYearFigures:
    """T1 年末结转和结余 mistyped: the expenditure side adds up, but its 总计 ≠ 收入总计."""
    spent = dict(fig.t1.expenditure)
    spent["closing_balance"] += T1_OFFSET
    spent["grand_total"] += T1_OFFSET
    return replace(fig, t1=replace(fig.t1, expenditure=spent))


def _yuan_slip(fig: DeptYearFigures) -> DeptYearFigures:
    """The largest 302 item typed in 元 on a 万元 sheet (×10000); its class row is untouched."""
    running = list(fig.t6.running)
    items = [i for i, r in enumerate(running) if r.level == 2 and r.code.startswith("302")]
    i = max(items, key=lambda i: running[i].values["amount"])
    row = running[i]
    running[i] = Row(row.code, row.name, {"amount": row.values["amount"] * YUAN_PER_WAN})
    return replace(fig, t6=replace(fig.t6, running=tuple(running)))


def _t7_total_mismatch(fig: DeptYearFigures) -> DeptYearFigures:
    """T7 决算数 合计 ≠ 因公出国 + 车辆小计 + 接待 (the 合计 counts 1.50 that no item has)."""
    actual = dict(fig.t7.actual)
    actual["total"] += T7_OFFSET
    return replace(fig, t7=replace(fig.t7, actual=actual))


FAULTS = {
    "t3_total_off": _t3_total_off,
    "t1_unbalanced": _t1_unbalanced,
    "yuan_slip": _yuan_slip,
    "t7_total_mismatch": _t7_total_mismatch,
}


def apply_fault(fig: DeptYearFigures, key: str) -> DeptYearFigures:
    broken = FAULTS[key](fig)
    return replace(broken, notes=(*fig.notes, f"fault {key}: {FAULTS[key].__doc__}"))
