"""Cell → exact Decimal. No float arithmetic ever touches an amount.

A float from a reader (every .xls number is a double) becomes a Decimal through its shortest
representation (`repr`), then is quantised to the sheet's printed decimals.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000),
}
FEN = Decimal("0.01")
# No final account holds 10^15 of any unit; beyond it a cell is a typo or a hostile file, and
# DECIMAL(18,2) could not hold it in yuan anyway.
LIMIT = Decimal(10) ** 15
_TOO_LARGE = "金额过大（超过 10 的 15 次方），不是可读的决算金额"
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(0, 7)}

BLANK_MARKS = frozenset({"", "-", "—", "--", "——", "－", "─", "/", "—-"})
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2009\u202f]+")


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal | None  # in the sheet's unit, quantised; None when blank or unreadable
    blank: bool = False
    problem: str | None = None  # why a non-blank cell could not be read as an amount


BLANK = Amount(None, blank=True)


def parse_amount(raw: object, decimals: int) -> Amount:
    """Read one amount cell in the sheet's unit. Never guesses: unreadable text is a problem."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        return Amount(None, problem=f"逻辑值 {raw} 出现在金额单元格")
    if isinstance(raw, int):
        if abs(raw) >= LIMIT:
            return Amount(None, problem=_TOO_LARGE)
        return Amount(Decimal(raw).quantize(_QUANTA[decimals]))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Amount(None, problem="金额不是有限数值")
        if abs(raw) >= 1e15:
            return Amount(None, problem=_TOO_LARGE)
        return Amount(Decimal(repr(raw)).quantize(_QUANTA[decimals], ROUND_HALF_UP))
    if isinstance(raw, (datetime, date)):
        return Amount(None, problem=f"日期 {raw:%Y-%m-%d} 出现在金额单元格")
    return _parse_text(str(raw), decimals)


def _parse_text(text: str, decimals: int) -> Amount:
    s = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    if s in BLANK_MARKS:
        return BLANK
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    elif s.startswith("△"):
        negative, s = True, s[1:]
    if _GROUPED.match(s):
        s = s.replace(",", "")
    elif not _PLAIN.match(s):
        return Amount(None, problem=f"“{text.strip()[:40]}”不是可读的金额")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only valid numbers
        return Amount(None, problem=f"“{text.strip()[:40]}”不是可读的金额")
    if negative:
        value = -value
    if abs(value) >= LIMIT:
        return Amount(None, problem=_TOO_LARGE)
    return Amount(value.quantize(_QUANTA[decimals], ROUND_HALF_UP))


def printed_decimals(raw: object) -> int | None:
    """Decimals as printed: from text as written, from a float's shortest repr.

    Float noise from formulas (0.30000000000000004) is ignored: more than 4 decimals says
    nothing about how the sheet prints figures.
    """
    if isinstance(raw, float):
        text = repr(raw)
    elif isinstance(raw, str):
        text = _SPACES.sub("", unicodedata.normalize("NFKC", raw)).replace(",", "")
    else:
        return None
    if "e" in text or "E" in text:
        return None
    if "." not in text:
        return 0 if text.lstrip("+-()△").isdigit() else None
    frac = text.split(".", 1)[1].rstrip(")")
    if not frac.isdigit() or len(frac) > 4:
        return None
    return len(frac)


def sheet_decimals(unit: str, samples: list[object]) -> int:
    """The sheet's printed decimals: 4 when 万元 figures carry 3–4 decimals, else 2."""
    if unit != "万元" and unit != "亿元":
        return 2
    return 4 if any((printed_decimals(x) or 0) > 2 for x in samples) else 2


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """An amount in the sheet's unit → yuan, exactly, as DECIMAL(18,2) holds it."""
    return (value * UNIT_FACTORS[unit]).quantize(FEN, ROUND_HALF_UP)
