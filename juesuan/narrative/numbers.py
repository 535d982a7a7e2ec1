"""Numbers as reports write them → exact Decimals, with the decimals printed."""
from __future__ import annotations

from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SCALES = {"十": 10, "百": 100}


def arabic(text: str) -> tuple[Decimal, int]:
    """'1,130.35' → (Decimal('1130.35'), 2). `text` is already width-normalised."""
    plain = text.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return Decimal(plain), decimals


def chinese(text: str) -> int | None:
    """'十八' → 18, '三' → 3, '一百零五' → 105; None for what is not a plain count (e.g. '三四')."""
    total, digit, last_scale = 0, None, 1000
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:
                return None  # two digits in a row: 三四 ("three or four") or 一零 is no count
            digit = _DIGITS[ch] or None
        else:
            scale = _SCALES[ch]
            if scale >= last_scale:
                return None
            total += (digit if digit is not None else 1) * scale
            digit, last_scale = None, scale
    return total + (digit or 0)
