"""Exact money arithmetic for generated figures: whole multiples of the printed quantum.

Amounts are drawn and split as integer counts of the quantum (0.01 万元 at 2 decimals), so
every sum the tables print is an exact Decimal sum; no float ever holds money.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def units(amount: Decimal, decimals: int) -> int:
    """How many quanta `amount` holds; it must be an exact multiple."""
    n = amount.scaleb(decimals)
    if n != n.to_integral_value():
        raise ValueError(f"{amount} is not a multiple of {quantum(decimals)}")
    return int(n)


def from_units(n: int, decimals: int) -> Decimal:
    return Decimal(n).scaleb(-decimals)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def draw(rng: random.Random, low: Decimal | int, high: Decimal | int, decimals: int) -> Decimal:
    """A uniformly drawn amount in [low, high] on the quantum grid."""
    lo = int(Decimal(low).scaleb(decimals))
    hi = int(Decimal(high).scaleb(decimals))
    return from_units(rng.randint(lo, max(lo, hi)), decimals)


def share(rng: random.Random, amount: Decimal, low_pct: int, high_pct: int, decimals: int) -> Decimal:
    """A random part of `amount` between low_pct and high_pct percent, on the grid."""
    n = units(amount, decimals)
    return from_units(n * rng.randint(low_pct, high_pct) // 100, decimals)


def split(amount: Decimal, weights: Sequence[int], decimals: int) -> list[Decimal]:
    """Split `amount` in proportion to integer weights; the parts add up to it exactly.

    Largest-remainder rounding on whole quanta, so a zero weight gets zero.
    """
    n = units(amount, decimals)
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("weights must add up to a positive number")
    parts = [n * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(n * weights[i] % whole), i))
    for i in order[: n - sum(parts)]:
        parts[i] += 1
    return [from_units(p, decimals) for p in parts]


def round_to(amount: Decimal, decimals: int) -> Decimal:
    return amount.quantize(quantum(decimals), rounding=ROUND_HALF_UP)
