"""The rounding envelope and how figures are shown in messages; exact Decimals throughout."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..normalise.amount import UNIT_FACTORS

_HALF = Decimal("0.5")


def half_unit(decimals: int, unit: str | None) -> Decimal:
    """Half a unit of the last printed decimal: in yuan for a money unit, else in the figure's own terms.

    A figure printed as 843.4 万元 stands for anything within ±0.05 万元 = ±500 元.
    """
    step = _HALF.scaleb(-decimals)
    return step * UNIT_FACTORS[unit] if unit in UNIT_FACTORS else step


def show(value: Decimal, unit: str | None, decimals: int) -> str:
    """A value in yuan (money units) or plain terms → as printed: '21.40万元', '18人', '98.00分'."""
    shown = value / UNIT_FACTORS[unit] if unit in UNIT_FACTORS else value
    return f"{shown.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)}{unit or ''}"
