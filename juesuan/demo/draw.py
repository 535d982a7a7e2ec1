"""Draw a plausible department-year at leaf level (pure: the code lists are passed in).

The shape follows the department's kind (kinds.py): its own function sections, the usual
social-security and housing items every office pays, basic vs project split, a little
non-fiscal money for some, carry-over balances, and government-fund or state-capital money
for the few kinds that have it.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from juesuan.model import Department

from . import vocab
from .accounts import Profile
from .evaluation import make_evaluation
from .kinds import INTERNAL_UNIT_NAMES, Kind, kind_of
from .ledger import THREE_PUBLIC_LEAVES, Leaf, Ledger
from .money import ZERO, draw, share, split, total, units

# Items every office pays from basic expenditure: (code, weight, chance %). Institutional
# items only where the department has subordinate institutions.
SOCIAL_ITEMS = (
    ("2080505", 9, 100), ("2080506", 3, 70), ("2080501", 3, 40), ("2101101", 4, 100),
    ("2101103", 1, 30), ("2210201", 6, 100), ("2210202", 1, 20),
)
INSTITUTION_ITEMS = (("2080502", 2, 60), ("2101102", 2, 100))
# Economic items of basic expenditure: (code, weight, chance %).
PERSONNEL_ITEMS = (
    ("30101", 18, 100), ("30102", 15, 100), ("30103", 4, 90), ("30106", 1, 20),
    ("30107", 12, 100), ("30108", 8, 100), ("30109", 3, 80), ("30110", 5, 100),
    ("30111", 1, 30), ("30112", 1, 90), ("30113", 6, 100), ("30114", 1, 10),
    ("30199", 3, 60), ("30301", 1, 10), ("30302", 6, 70), ("30304", 1, 20), ("30305", 2, 60),
    ("30307", 1, 30), ("30309", 1, 20), ("30399", 1, 30),
)
RUNNING_ITEMS = (
    ("30201", 10, 100), ("30205", 1, 80), ("30206", 3, 90), ("30207", 2, 90),
    ("30209", 3, 50), ("30211", 4, 90), ("30213", 2, 50), ("30215", 1, 50), ("30216", 1, 70),
    ("30226", 2, 40), ("30227", 2, 30), ("30228", 4, 90), ("30229", 3, 80),
    ("30239", 5, 80), ("30299", 4, 90), ("31002", 3, 30), ("31007", 2, 15),
)
ROLE_WEIGHTS = {"01": 50, "50": 25}


def _chance(rng: random.Random, pct: int) -> bool:
    return rng.randint(1, 100) <= pct


def _section_leaves(rng: random.Random, funcs: Mapping[str, str], section: str, main: bool,
                    kind: Kind) -> list[tuple[str, str, int]]:
    """(code, role, weight) leaves of one section; role is basic, project or mixed."""
    kids = sorted(c for c in funcs if len(c) == 7 and c.startswith(section))
    if not kids:  # a 款 without 项 carries the money itself
        return [(section, "mixed", 20)]
    by_suffix = {c[5:]: c for c in kids}
    leaves = []
    if main:
        if "01" in by_suffix:
            leaves.append((by_suffix["01"], "basic", ROLE_WEIGHTS["01"]))
        if "02" in by_suffix:
            leaves.append((by_suffix["02"], "project", 30))
        if kind.institutions[1] and "50" in by_suffix:
            leaves.append((by_suffix["50"], "basic", ROLE_WEIGHTS["50"]))
    others = [c for c in kids if c[5:] not in ("01", "02", "03", "50")]
    # Schools and hospitals pay staff under their service items; elsewhere those are projects.
    role = "mixed" if kind.service_income and not main else "project"
    for code in rng.sample(others, min(len(others), rng.randint(1, 2))):
        leaves.append((code, role, rng.randint(10, 40)))
    return leaves or [(kids[0], "mixed", 20)]


def _fund_leaves(rng: random.Random, funcs: Mapping[str, str], sections: tuple[str, ...]) -> list[str]:
    codes = []
    for section in sections:
        kids = sorted(c for c in funcs if len(c) == 7 and c.startswith(section))
        codes += rng.sample(kids, min(len(kids), rng.randint(1, 2))) if kids else [section]
    return [c for c in codes if c in funcs]


def _allocate(amount: Decimal, leaves: list[tuple[Leaf, int]], part: str, source: str,
              decimals: int) -> None:
    if not leaves or not amount:
        return
    for (leaf, _), value in zip(leaves, split(amount, [w for _, w in leaves], decimals)):
        getattr(leaf, part)[source] = getattr(leaf, part).get(source, ZERO) + value


def _items(rng: random.Random, amount: Decimal, table: tuple[tuple[str, int, int], ...],
           names: Mapping[str, str], decimals: int) -> dict[str, Decimal]:
    chosen = [(c, w) for c, w, pct in table if c in names and _chance(rng, pct)]
    if not amount:
        return {}
    return dict(zip((c for c, _ in chosen), split(amount, [w for _, w in chosen], decimals)))


def _three_public(rng: random.Random, size: Decimal, decimals: int) -> tuple[dict, dict]:
    factor = 1 + (size > 5000) + (size > 20000)
    budget = dict.fromkeys(THREE_PUBLIC_LEAVES, ZERO)
    actual = dict.fromkeys(THREE_PUBLIC_LEAVES, ZERO)
    if _chance(rng, 90):
        budget["reception"] = draw(rng, Decimal("0.5") * factor, 8 * factor, decimals)
        actual["reception"] = share(rng, budget["reception"], 50, 100, decimals)
    if _chance(rng, 60):
        budget["vehicle_operation"] = draw(rng, 2 * factor, 15 * factor, decimals)
        actual["vehicle_operation"] = share(rng, budget["vehicle_operation"], 60, 100, decimals)
    if _chance(rng, 8):
        budget["vehicle_purchase"] = draw(rng, 12, 28, decimals)
        actual["vehicle_purchase"] = budget["vehicle_purchase"] if _chance(rng, 70) else ZERO
    if _chance(rng, 3):
        budget["outbound_travel"] = draw(rng, 2, 8, decimals)
        actual["outbound_travel"] = share(rng, budget["outbound_travel"], 0, 100, decimals)
    return budget, actual


def _running(rng: random.Random, amount: Decimal, actual: Mapping[str, Decimal],
             names: Mapping[str, str], decimals: int) -> dict[str, Decimal]:
    """公用经费 items; the 三公 items take part of the 三公 决算 (never more)."""
    econ = {key: share(rng, actual[key], 50, 100, decimals)
            for key in ("outbound_travel", "reception", "vehicle_operation")}
    econ["vehicle_purchase"] = actual["vehicle_purchase"] if _chance(rng, 30) else ZERO
    cap = units(amount, decimals) * 6 // 10
    spent = sum(units(v, decimals) for v in econ.values())
    if spent > cap:
        econ = {k: Decimal(units(v, decimals) * cap // spent).scaleb(-decimals)
                for k, v in econ.items()}
    items = {vocab.THREE_PUBLIC_ECON[k]: v for k, v in econ.items() if v}
    items.update(_items(rng, amount - total(items.values()), RUNNING_ITEMS, names, decimals))
    return items


def _profile(rng: random.Random, kind: Kind, personnel: Decimal, unit_kind: str) -> Profile:
    staff = max(3, int(personnel / rng.randint(12, 18)))
    posts = staff + rng.randint(0, staff * 12 // 100 + 1)
    admin = posts * rng.randint(35, 70) // 100 if kind.institutions[1] else posts * rng.randint(80, 100) // 100
    if unit_kind == "单位":
        admin = 0
    n_internal = rng.randint(3, 10)
    names = (INTERNAL_UNIT_NAMES[0], *rng.sample(INTERNAL_UNIT_NAMES[1:], n_internal - 1))
    return Profile(
        unit_nature=vocab.UNIT_NATURE[unit_kind],
        admin_posts=admin, institution_posts=posts - admin, staff_in_service=staff,
        retirees=staff * rng.randint(15, 60) // 100, internal_units=n_internal,
        subordinate_units=rng.randint(*kind.institutions), internal_unit_names=names,
    )


def _leaves(rng: random.Random, funcs: Mapping[str, str], kind: Kind):
    """The department's items: (code, role, weight) of its own and social items, the Leaf
    objects, and the items paid from government funds and state capital."""
    shaped: list[tuple[str, str, int]] = []
    for i, section in enumerate(s for s in kind.sections if s in funcs):
        shaped += _section_leaves(rng, funcs, section, i == 0, kind)
    social = SOCIAL_ITEMS + (INSTITUTION_ITEMS if kind.institutions[1] else ())
    shaped += [(c, "basic", w) for c, w, pct in social if c in funcs and _chance(rng, pct)]
    leaves = {code: Leaf(code) for code, _, _ in shaped}
    fund_codes = _fund_leaves(rng, funcs, kind.gov_fund) if _chance(rng, 70) else []
    capital_codes = _fund_leaves(rng, funcs, kind.state_capital) if _chance(rng, 50) else []
    for code in fund_codes + capital_codes:
        leaves.setdefault(code, Leaf(code))
    return shaped, leaves, fund_codes, capital_codes


def _balances(dept: Department, kind: Kind, project_leaves: list[tuple[Leaf, int]]) -> None:
    """Carry-over: a department's general-budget balance is the same amount every year, held on
    one project leaf as both its opening and its closing balance. So this year's 年初 is last
    year's 年末 (domain.md §2.5) whatever else is drawn, and no leaf's income can go negative."""
    steady = random.Random(f"balance-{dept.dept_code}")  # by department, not by year
    amount = draw(steady, kind.scale[0] // 100, kind.scale[0] // 20, 2)
    leaf = project_leaves[0][0]
    leaf.opening["general_budget"] = leaf.closing["general_budget"] = amount


def _nonfiscal(rng: random.Random, kind: Kind, project_leaves: list[tuple[Leaf, int]],
               decimals: int) -> tuple[Decimal, Decimal, Decimal]:
    """Move part of some projects onto 事业收入 / 其他收入 money and draw that money's income;
    returns (opening balance, use of surplus, surplus distribution)."""
    source = "business" if kind.service_income else ("other" if _chance(rng, 35) else "")
    if not source:
        return ZERO, ZERO, ZERO
    low, high = (5, 15) if kind.service_income else (1, 6)
    paid = []
    for leaf, _ in rng.sample(project_leaves, min(2, len(project_leaves))):
        moved = share(rng, leaf.project["general_budget"], low, high, decimals)
        if moved:
            leaf.project["general_budget"] -= moved
            leaf.project["nonfiscal"] = moved
            paid.append(leaf)
    spent = total(leaf.spent("nonfiscal") for leaf in paid)
    # Non-fiscal money carries no balance from year to year (§2.5): the year's income covers
    # what it spends and distributes.
    distribution = share(rng, spent, 0, 3, decimals) if _chance(rng, 5) else ZERO
    income = spent + distribution
    sources = [source] + (["superior_subsidy"] if _chance(rng, 10) else [])
    if paid:
        weights = [units(leaf.spent("nonfiscal"), decimals) for leaf in paid]
        for leaf, amount in zip(paid, split(income, weights, decimals)):
            leaf.nonfiscal_income = dict(zip(sources, split(amount, [4, 1][: len(sources)], decimals)))
    return ZERO, ZERO, distribution


def draw_ledger(dept: Department, year: int, rng: random.Random, decimals: int,
                funcs: Mapping[str, str], econs: Mapping[str, str], *,
                three_public: bool = True, carry_balance: bool = True) -> Ledger:
    kind = kind_of(dept.dept_name)
    size = draw(rng, kind.scale[0], kind.scale[1], decimals)
    shaped, leaves, fund_codes, capital_codes = _leaves(rng, funcs, kind)
    fund_part = share(rng, size, 10, 35, decimals) if fund_codes else ZERO
    capital_part = share(rng, size, 2, 8, decimals) if capital_codes else ZERO
    rest = size - fund_part - capital_part
    large_service = kind.service_income and size > 20000  # schools, hospitals: mostly salaries
    basic = share(rng, rest, *((75, 88) if large_service else (30, 65)), decimals)
    basic_leaves = [(leaves[c], w) for c, role, w in shaped if role in ("basic", "mixed")]
    project_leaves = [(leaves[c], w) for c, role, w in shaped if role in ("project", "mixed")]
    project_leaves = project_leaves or basic_leaves[:1]
    _allocate(basic, basic_leaves, "basic", "general_budget", decimals)
    _allocate(rest - basic, project_leaves, "project", "general_budget", decimals)
    _allocate(fund_part, [(leaves[c], 1) for c in fund_codes], "project", "gov_fund", decimals)
    _allocate(capital_part, [(leaves[c], 1) for c in capital_codes], "project", "state_capital",
              decimals)
    opening_nf, use_surplus, distribution = _nonfiscal(rng, kind, project_leaves, decimals)
    if carry_balance:
        _balances(dept, kind, project_leaves)

    general_basic = total(leaf.basic.get("general_budget", ZERO) for leaf in leaves.values())
    personnel = share(rng, general_basic, *((88, 95) if large_service else (78, 92)), decimals)
    if three_public:
        budget, actual = _three_public(rng, size, decimals)
    else:
        budget = actual = dict.fromkeys(THREE_PUBLIC_LEAVES, ZERO)
    econ_names = {c: n for c, n in econs.items()
                  if c[:3] in vocab.PERSONNEL_CLASSES + vocab.RUNNING_CLASSES}
    codes = {c[:n] for c in leaves for n in (3, 5, 7) if n <= len(c)}
    basic_total = total(v for leaf in leaves.values() for v in leaf.basic.values())
    project_total = total(v for leaf in leaves.values() for v in leaf.project.values())
    return Ledger(
        dept=dept, fiscal_year=year, decimals=decimals,
        func_names={c: funcs[c] for c in codes}, econ_names=econ_names,
        leaves=sorted(leaves.values(), key=lambda leaf: leaf.code),
        personnel=_items(rng, personnel, PERSONNEL_ITEMS, econ_names, decimals),
        running=_running(rng, general_basic - personnel, actual, econ_names, decimals),
        three_public_budget=budget, three_public_actual=actual,
        profile=_profile(rng, kind, personnel, dept.unit_kind),
        evaluation=make_evaluation(rng, dept.dept_name, year, basic_total, project_total),
        nonfiscal_opening=opening_nf, use_nonfiscal_surplus=use_surplus,
        surplus_distribution=distribution,
    )
