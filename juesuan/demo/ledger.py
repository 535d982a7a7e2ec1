"""From leaf money to printed tables: every total is an exact sum of the lines beneath it.

A Ledger holds the money of one department-year at the finest grain — per function item (项)
and source of funds, per economic item — and `build` adds it up into the eleven tables. The
identities of the tables (T1 sides, T1↔T2↔T3, T4 roll-forward, T5↔T6, hierarchies) therefore
hold by construction, not by later correction.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model import Department

from . import vocab
from .accounts import (
    BasicByEcon, CodeTable, DeptYearFigures, FiscalSummary, Profile, Row, SelfEvaluation,
    Summary, ThreePublic,
)
from .money import ZERO, total

FUNDS = vocab.FUNDS
SPEND_SOURCES = FUNDS + ("nonfiscal",)
NONFISCAL_SOURCES = ("superior_subsidy", "business", "operating", "affiliated_remit", "other")
THREE_PUBLIC_LEAVES = ("outbound_travel", "vehicle_purchase", "vehicle_operation", "reception")


@dataclass
class Leaf:
    """Money of one function item (a 7-digit 项, or a 5-digit 款 that has no 项)."""
    code: str
    basic: dict[str, Decimal] = field(default_factory=dict)  # by SPEND_SOURCES
    project: dict[str, Decimal] = field(default_factory=dict)
    opening: dict[str, Decimal] = field(default_factory=dict)  # by FUNDS
    closing: dict[str, Decimal] = field(default_factory=dict)
    nonfiscal_income: dict[str, Decimal] = field(default_factory=dict)  # by NONFISCAL_SOURCES

    def spent(self, source: str) -> Decimal:
        return self.basic.get(source, ZERO) + self.project.get(source, ZERO)

    def fiscal_income(self, fund: str) -> Decimal:
        """What the fund appropriated: spent + carried forward − brought forward."""
        return self.spent(fund) + self.closing.get(fund, ZERO) - self.opening.get(fund, ZERO)

    def touches(self, fund: str) -> bool:
        return any((self.spent(fund), self.opening.get(fund), self.closing.get(fund)))


@dataclass
class Ledger:
    dept: Department
    fiscal_year: int
    decimals: int
    func_names: Mapping[str, str]  # every 类/款/项 code the leaves use → name
    econ_names: Mapping[str, str]  # 301/302/303/310 and their 款 → name
    leaves: list[Leaf]
    personnel: dict[str, Decimal]  # 5-digit economic code → amount (general-budget basic)
    running: dict[str, Decimal]
    three_public_budget: dict[str, Decimal]  # by THREE_PUBLIC_LEAVES
    three_public_actual: dict[str, Decimal]
    profile: Profile
    evaluation: SelfEvaluation
    nonfiscal_opening: Decimal = ZERO
    use_nonfiscal_surplus: Decimal = ZERO
    surplus_distribution: Decimal = ZERO

    def nonfiscal_closing(self) -> Decimal:
        spent = total(leaf.spent("nonfiscal") for leaf in self.leaves)
        income = total(v for leaf in self.leaves for v in leaf.nonfiscal_income.values())
        return (self.nonfiscal_opening + income + self.use_nonfiscal_surplus - spent
                - self.surplus_distribution)


def hierarchy(values: Mapping[str, Mapping[str, Decimal]], columns: tuple[str, ...],
              names: Mapping[str, str]) -> CodeTable:
    """Rows 合计, 类, 款, 项 where each parent is the exact sum of its children."""
    def summed(rows: list[Row]) -> dict[str, Decimal]:
        return {c: total(r.values[c] for r in rows) for c in columns}

    out: list[Row] = []
    class_rows: list[Row] = []
    for cls in sorted({code[:3] for code in values}):
        section_rows: list[Row] = []
        block: list[Row] = []
        for sec in sorted({code[:5] for code in values if code.startswith(cls)}):
            items = [Row(code, names[code], {c: values[code].get(c, ZERO) for c in columns})
                     for code in sorted(values) if len(code) == 7 and code.startswith(sec)]
            own = values.get(sec)
            sec_values = summed(items) if items else {c: own.get(c, ZERO) for c in columns}
            section = Row(sec, names[sec], sec_values)
            section_rows.append(section)
            block += [section, *items]
        class_row = Row(cls, names[cls], summed(section_rows))
        class_rows.append(class_row)
        out += [class_row, *block]
    return CodeTable(columns, (Row("", vocab.TOTAL, summed(class_rows)), *out))


def _econ_rows(amounts: Mapping[str, Decimal], classes: tuple[str, ...],
               names: Mapping[str, str]) -> tuple[Row, ...]:
    rows: list[Row] = []
    for cls in classes:
        items = [Row(code, names[code], {"amount": amounts.get(code, ZERO)})
                 for code in sorted(names) if len(code) == 5 and code.startswith(cls)]
        rows += [Row(cls, names[cls], {"amount": total(r.values["amount"] for r in items)}),
                 *items]
    return tuple(rows)


def _three_public(items: Mapping[str, Decimal]) -> dict[str, Decimal]:
    got = {k: items.get(k, ZERO) for k in THREE_PUBLIC_LEAVES}
    vehicle = got["vehicle_purchase"] + got["vehicle_operation"]
    return {"total": got["outbound_travel"] + vehicle + got["reception"],
            "vehicle_total": vehicle, **got}


def _summary(ledger: Ledger, t2: CodeTable, t3: CodeTable) -> Summary:
    income = {key: ZERO for key, _ in vocab.T1_INCOME}
    for fund in FUNDS:
        income[fund] = total(leaf.fiscal_income(fund) for leaf in ledger.leaves)
    for source in NONFISCAL_SOURCES:
        income[source] = t2.total.values[source]
    income["income_total"] = total(income[k] for k, _ in vocab.T1_INCOME)
    income["use_nonfiscal_surplus"] = ledger.use_nonfiscal_surplus
    opening = total(v for leaf in ledger.leaves for v in leaf.opening.values())
    income["opening_balance"] = opening + ledger.nonfiscal_opening
    income["grand_total"] = (income["income_total"] + income["use_nonfiscal_surplus"]
                             + income["opening_balance"])
    classes = tuple(Row(r.code, r.name, {"amount": r.values["total"]})
                    for r in t3.body if r.level == 1)
    closing = total(v for leaf in ledger.leaves for v in leaf.closing.values())
    expenditure = {
        "expenditure_total": t3.total.values["total"],
        "surplus_distribution": ledger.surplus_distribution,
        "closing_balance": closing + ledger.nonfiscal_closing(),
    }
    expenditure["grand_total"] = total(expenditure.values())
    return Summary(income, classes, expenditure)


def _fiscal_summary(ledger: Ledger) -> FiscalSummary:
    columns = tuple(k for k, _ in vocab.T4_EXPENDITURE_COLUMNS)
    spent = {leaf.code: {f: leaf.spent(f) for f in FUNDS} for leaf in ledger.leaves
             if any(leaf.spent(f) for f in FUNDS)}
    for per_fund in spent.values():
        per_fund["total"] = total(per_fund[f] for f in FUNDS)
    table = hierarchy(spent, columns, ledger.func_names)
    classes = tuple(r for r in table.body if r.level == 1)
    income: dict[str, Decimal] = {}
    for fund in FUNDS:
        income[fund] = total(leaf.fiscal_income(fund) for leaf in ledger.leaves)
        income[f"opening_{fund}"] = total(leaf.opening.get(fund, ZERO) for leaf in ledger.leaves)
    income["income_total"] = total(income[f] for f in FUNDS)
    income["opening_total"] = total(income[f"opening_{f}"] for f in FUNDS)
    income["grand_total"] = income["income_total"] + income["opening_total"]
    closing = {f: total(leaf.closing.get(f, ZERO) for leaf in ledger.leaves) for f in FUNDS}
    closing["total"] = total(closing[f] for f in FUNDS)
    spent_total = dict(table.total.values)
    grand = {c: spent_total[c] + closing[c] for c in columns}
    return FiscalSummary(income, classes, spent_total, {c: closing[c] for c in columns}, grand)


def _fund_table(ledger: Ledger, fund: str) -> CodeTable | None:
    values = {}
    for leaf in ledger.leaves:
        if leaf.touches(fund):
            values[leaf.code] = {
                "opening_balance": leaf.opening.get(fund, ZERO),
                "income": leaf.fiscal_income(fund),
                "total": leaf.spent(fund),
                "basic": leaf.basic.get(fund, ZERO),
                "project": leaf.project.get(fund, ZERO),
                "closing_balance": leaf.closing.get(fund, ZERO),
            }
    if not values:
        return None
    columns = ("opening_balance", "income", "total", "basic", "project", "closing_balance")
    return hierarchy(values, columns, ledger.func_names)


def build(ledger: Ledger, notes: tuple[str, ...] = ()) -> DeptYearFigures:
    """Add the ledger up into the printed tables."""
    names = ledger.func_names
    t2_values, t3_values, t5_values = {}, {}, {}
    for leaf in ledger.leaves:
        fiscal = total(leaf.fiscal_income(f) for f in FUNDS)
        nonfiscal = {s: leaf.nonfiscal_income.get(s, ZERO) for s in NONFISCAL_SOURCES}
        t2_values[leaf.code] = {"total": fiscal + total(nonfiscal.values()),
                                "fiscal_appropriation": fiscal, **nonfiscal}
        basic = total(leaf.basic.values())
        project = total(leaf.project.values())
        t3_values[leaf.code] = {"total": basic + project, "basic": basic, "project": project}
        if leaf.spent("general_budget"):
            g_basic = leaf.basic.get("general_budget", ZERO)
            g_project = leaf.project.get("general_budget", ZERO)
            t5_values[leaf.code] = {"total": g_basic + g_project, "basic": g_basic,
                                    "project": g_project}
    t2 = hierarchy(t2_values, tuple(k for k, _ in vocab.T2_COLUMNS), names)
    t3 = hierarchy(t3_values, tuple(k for k, _ in vocab.T3_COLUMNS), names)
    t5 = hierarchy(t5_values, tuple(k for k, _ in vocab.T5_COLUMNS), names)
    personnel = _econ_rows(ledger.personnel, vocab.PERSONNEL_CLASSES, ledger.econ_names)
    running = _econ_rows(ledger.running, vocab.RUNNING_CLASSES, ledger.econ_names)
    t6 = BasicByEcon(
        personnel, running,
        total(r.values["amount"] for r in personnel if r.level == 1),
        total(r.values["amount"] for r in running if r.level == 1),
    )
    if t6.personnel_total + t6.running_total != t5.total.values["basic"]:
        raise ValueError("economic items do not add up to the general-budget basic expenditure")
    if ledger.nonfiscal_closing() < 0:
        raise ValueError("non-fiscal money spent beyond what was available")
    t7 = ThreePublic(_three_public(ledger.three_public_budget),
                     _three_public(ledger.three_public_actual))
    return DeptYearFigures(
        dept=ledger.dept, fiscal_year=ledger.fiscal_year, decimals=ledger.decimals,
        t1=_summary(ledger, t2, t3), t2=t2, t3=t3, t4=_fiscal_summary(ledger), t5=t5, t6=t6,
        t7=t7, t8=_fund_table(ledger, "gov_fund"), t9=_fund_table(ledger, "state_capital"),
        profile=ledger.profile, evaluation=ledger.evaluation, notes=notes,
    )
