"""Complete figures of one department-year: the public entry points of the demo's numbers.

The dataclasses live in accounts.py; drawing in draw.py; the seed department in seed.py.
Everything here is pure apart from reading the packaged code lists once (cached).
"""
from __future__ import annotations

import random

from juesuan.model import Department

from . import catalog, seed
from .accounts import (
    BasicByEcon, CodeTable, DeptYearFigures, ExecutionLine, FiscalSummary, Indicator, Profile,
    Row, SelfEvaluation, Summary, ThreePublic,
)
from .draw import draw_ledger
from .ledger import build

SEED_DEPT_CODE = "430703126"
SEED_UNIT_CODES = ("430703126001", "430703126002")
SEED_YEAR = seed.YEAR
# The seed department reported no 三公 spending in 2022 either.
NO_THREE_PUBLIC = {(SEED_DEPT_CODE, 2022)}

__all__ = [
    "BasicByEcon", "CodeTable", "DeptYearFigures", "ExecutionLine", "FiscalSummary", "Indicator",
    "Profile", "Row", "SelfEvaluation", "Summary", "ThreePublic", "figures_for", "make_figures",
    "seed_figures_2023", "seed_figures_2023_corrected", "unit_figures_2023",
]


def make_figures(dept: Department, year: int, rng: random.Random, decimals: int = 2, *,
                 three_public: bool = True, carry_balance: bool = True) -> DeptYearFigures:
    """A plausible department-year whose tables satisfy every identity exactly.

    Amounts are in 万元 on a grid of 10**-decimals (2 or 4 for 万元 workbooks; 6 gives whole
    fen for workbooks printed in 元).
    """
    ledger = draw_ledger(dept, year, rng, decimals, catalog.function_classes(year),
                         catalog.economic_classes(year), three_public=three_public,
                         carry_balance=carry_balance)
    return build(ledger)


def _department(code: str) -> Department:
    return next(d for d in catalog.departments() if d.dept_code == code)


def _codes() -> tuple[dict[str, str], dict[str, str]]:
    return catalog.function_classes(SEED_YEAR), catalog.economic_classes(SEED_YEAR)


def seed_figures_2023() -> DeptYearFigures:
    """The seed's first submission, with its real T5 inconsistency (合计 1123.72 ≠ 286.95 + 843.40)."""
    return seed.as_filed(_department(SEED_DEPT_CODE), *_codes())


def seed_figures_2023_corrected() -> DeptYearFigures:
    """The resubmission: T5 project 836.77, every table consistent."""
    return seed.corrected(_department(SEED_DEPT_CODE), *_codes())


def unit_figures_2023(dept_code: str) -> DeptYearFigures:
    """One of the seed department's two subordinate units (SEED_UNIT_CODES)."""
    return seed.unit(_department(dept_code), *_codes())


def figures_for(dept: Department, year: int, rng: random.Random, decimals: int = 2) -> DeptYearFigures:
    """The demo's figures of any department-year: the seed's where they exist, else drawn."""
    if year == SEED_YEAR and dept.dept_code == SEED_DEPT_CODE:
        return seed_figures_2023()
    if year == SEED_YEAR and dept.dept_code in SEED_UNIT_CODES:
        return unit_figures_2023(dept.dept_code)
    # The seed department's published 2023 accounts carry no balance, so its other years carry none.
    return make_figures(dept, year, rng, decimals,
                        three_public=(dept.dept_code, year) not in NO_THREE_PUBLIC,
                        carry_balance=dept.dept_code != SEED_DEPT_CODE)
