"""How numbers read in the report: exact Decimals rounded half to even, Chinese conventions."""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
MISSING = "—"


def wan(yuan: Decimal | None) -> str:
    """Yuan as 万元 with thousands separators and two decimals: 11303500.00 → 1,130.35."""
    if yuan is None:
        return MISSING
    return f"{_unsigned_zero(Decimal(yuan).scaleb(-4).quantize(_CENT, ROUND_HALF_EVEN)):,}"


def yuan(value: Decimal | None) -> str:
    if value is None:
        return MISSING
    return f"{_unsigned_zero(Decimal(value).quantize(_CENT, ROUND_HALF_EVEN)):,}"


def pct(fraction: Decimal | None, signed: bool = False) -> str:
    """A fraction as a percentage with one decimal: 0.1234 → 12.3%."""
    if fraction is None:
        return MISSING
    value = _unsigned_zero((Decimal(fraction) * 100).quantize(_TENTH, ROUND_HALF_EVEN))
    return f"{value:+}%" if signed and value else f"{value}%"


def number(value) -> str:
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,}"
    return f"{value:,}"


def _unsigned_zero(value: Decimal) -> Decimal:
    return abs(value) if value == 0 else value  # a tiny negative rounds to 0.00, not -0.00
