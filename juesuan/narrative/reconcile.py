"""RECONCILE a report's claims with its department's tables: claims + figures → findings. Pure.

Equal means equal within the rounding envelope: half a unit of the claim's last printed decimal
(in the unit it is written in) plus half a unit of the table's. A figure that is off only by its
unit is a unit slip (N-011), not a wrong amount. Parts the report labels as parts of a whole must
not exceed that whole. Changes on last year need last year's tables, else they are not evaluated.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Finding
from ..normalise.amount import UNIT_FACTORS
from ..recognise.text import norm
from .amounts import half_unit, show
from .figures import DeptYearFigures, Figure, YearFigures
from .model import DIRECTION_ZH, Claim, ClaimOutcome
from .patterns import Patterns, PartWhole, patterns
from .rules import Rule, rules

_HUNDRED = Decimal(100)
_FRONT = "（报告开头）"


@dataclass
class Reconciliation:
    findings: list[Finding] = field(default_factory=list)
    outcomes: dict[int, ClaimOutcome] = field(default_factory=dict)  # claim_no → outcome
    rounding_differences: int = 0  # equal within the envelope but not exactly


def reconcile(claims: list[Claim], figures: DeptYearFigures, pats: Patterns | None = None,
              catalogue: dict[str, Rule] | None = None) -> Reconciliation:
    """Every claim against `figures.current` (and `figures.previous` for changes on last year)."""
    pats, catalogue = pats or patterns(), catalogue or rules()
    check = _Checker(figures, pats, catalogue)
    if figures.current is None:
        check.result.findings.append(catalogue["N-005"].finding(
            outcome="not_evaluated", dept=figures.dept_name, year=figures.fiscal_year))
    for claim in claims:
        check.claim(claim)
    if figures.current is not None:
        for section_claims in _by_section(claims):
            for relation in pats.part_whole:
                check.part_whole(relation, section_claims, figures.current)
    return check.result


def _by_section(claims: list[Claim]) -> Iterable[list[Claim]]:
    groups: dict[tuple[str, str | None], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.section_key, claim.section_heading), []).append(claim)
    return groups.values()


def _where(claim: Claim) -> dict[str, str | None]:
    return {"report_section": claim.section_heading or _FRONT, "sentence": claim.sentence}


def _stated(claim: Claim, kind: str) -> Decimal | None:
    """The claim in the tables' terms: yuan for money, else the number itself."""
    return claim.amount_yuan if kind == "money" else claim.value


def _half(claim: Claim, kind: str) -> Decimal:
    """The claim's own rounding: half a unit of its last printed decimal; counts are exact."""
    return Decimal(0) if kind == "count" else half_unit(claim.decimals, claim.unit)


class _Checker:
    def __init__(self, figures: DeptYearFigures, pats: Patterns, catalogue: dict[str, Rule]):
        self.figures, self.pats, self.rules = figures, pats, catalogue
        self.result = Reconciliation()

    def _name(self, quantity: str | None) -> str:
        return self.pats.quantities[quantity].name if quantity else "较上年变动"

    def _outcome(self, claim: Claim, outcome: ClaimOutcome, finding: Finding | None = None) -> None:
        self.result.outcomes[claim.claim_no] = outcome
        if finding is not None:
            self.result.findings.append(finding)

    def claim(self, claim: Claim) -> None:
        if not claim.understood:
            rule = self.rules["N-020"]
            self._outcome(claim, ClaimOutcome("not_understood", rule.id), rule.finding(
                actual=claim.stated or None, quantity=self._name(claim.quantity), reason=claim.reason,
                **_where(claim)))
        elif self.figures.current is None:
            self._outcome(claim, ClaimOutcome("not_evaluated", "N-005"))
        elif claim.kind == "yoy":
            self._yoy(claim, self.figures.current, self.figures.previous)
        else:
            self._equal(claim, self.figures.current)

    def _missing(self, claim: Claim) -> None:
        rule = self.rules["N-006"]
        self._outcome(claim, ClaimOutcome("not_evaluated", rule.id), rule.finding(
            outcome="not_evaluated", actual=claim.stated, quantity=self._name(claim.quantity),
            stated=claim.stated, **_where(claim)))

    def _equal(self, claim: Claim, current: YearFigures) -> None:
        figure = current.values.get(claim.quantity)
        if figure is None:
            self._missing(claim)
            return
        if claim.kind == "grade":
            self._grade(claim, figure)
            return
        kind = claim.kind
        gap = abs(_stated(claim, kind) - figure.value)
        envelope = figure.half(kind) + _half(claim, kind)
        shown = figure.shown(kind)
        where = {"sheet": figure.sheet, "cell": figure.cell, "expected": shown, "actual": claim.stated}
        if gap <= envelope:
            self.result.rounding_differences += gap > 0
            self._outcome(claim, ClaimOutcome("match", None, shown, figure.sheet, figure.cell))
            return
        slip = self._unit_slip(claim, figure) if kind == "money" else None
        rule = self.rules["N-011" if slip else self.pats.kind_rules[kind]]
        outcome = ClaimOutcome("unit_slip" if slip else "mismatch", rule.id, shown, figure.sheet, figure.cell)
        self._outcome(claim, outcome, rule.finding(**where, **_where(claim), quantity=self._name(claim.quantity),
                                                   stated=claim.stated, table=shown, unit=slip))

    def _unit_slip(self, claim: Claim, figure: Figure) -> str | None:
        """The unit in which the written number equals the table's figure, if another one."""
        for unit, factor in UNIT_FACTORS.items():
            if unit != claim.unit and abs(claim.value * factor - figure.value) <= (
                    half_unit(claim.decimals, unit) + figure.half("money")):
                return unit
        return None

    def _grade(self, claim: Claim, figure: Figure) -> None:
        bands = self.pats.grade_bands
        stated, table = bands.get(norm(claim.grade or "")), figure.band or bands.get(norm(figure.text or ""))
        same = stated == table if stated and table else norm(claim.grade or "") == norm(figure.text or "")
        if same:
            self._outcome(claim, ClaimOutcome("match", None, figure.text, figure.sheet, figure.cell))
            return
        rule = self.rules[self.pats.kind_rules["grade"]]
        self._outcome(claim, ClaimOutcome("mismatch", rule.id, figure.text, figure.sheet, figure.cell), rule.finding(
            sheet=figure.sheet, cell=figure.cell, expected=figure.text, actual=claim.grade, stated=claim.grade,
            table=figure.text, **_where(claim)))

    def _yoy(self, claim: Claim, current: YearFigures, previous: YearFigures | None) -> None:
        rule = self.rules["N-016"]
        name = self._name(claim.quantity)
        now = current.values.get(claim.quantity)
        if now is None:
            self._missing(claim)
            return
        last = previous.values.get(claim.quantity) if previous else None
        if last is None:
            reason = (f"库中没有上年（{current.fiscal_year - 1}年度）的决算表" if previous is None
                      else f"上年决算表中没有{name}")
            self._outcome(claim, ClaimOutcome("not_evaluated", rule.id, sheet=now.sheet, cell=now.cell),
                          rule.not_evaluated(f"报告称{name}较上年{DIRECTION_ZH[claim.direction]}，{reason}，无法核对",
                                             sheet=now.sheet, cell=now.cell, actual=claim.stated, **_where(claim)))
            return
        kind = self.pats.quantities[claim.quantity].kind
        change = now.value - last.value
        envelope = now.half(kind) + last.half(kind)
        actual = "up" if change > envelope else "down" if change < -envelope else "flat"
        shown = f"本年 {now.shown(kind)}，上年 {last.shown(kind)}"
        if actual != claim.direction:
            self._outcome(claim, ClaimOutcome("mismatch", rule.id, shown, now.sheet, now.cell), rule.finding(
                sheet=now.sheet, cell=now.cell, expected=DIRECTION_ZH[actual], actual=DIRECTION_ZH[claim.direction],
                quantity=name, stated=DIRECTION_ZH[claim.direction], table=now.shown(kind),
                previous=last.shown(kind), **_where(claim)))
        elif claim.value is not None:
            self._change(claim, now, last, kind, shown)
        else:
            self._outcome(claim, ClaimOutcome("match", None, shown, now.sheet, now.cell))

    def _change(self, claim: Claim, now: Figure, last: Figure, kind: str, shown: str) -> None:
        """The stated size of a change: an amount in its unit, or a percentage of last year's figure."""
        rule = self.rules["N-017"]
        change = abs(now.value - last.value)
        if claim.unit == "%":
            if last.value == 0:
                self._outcome(claim, ClaimOutcome("not_evaluated", rule.id, shown, now.sheet, now.cell),
                              rule.not_evaluated("上年为0，变动率无从计算", sheet=now.sheet, cell=now.cell,
                                                 actual=claim.stated, **_where(claim)))
                return
            stated, computed, envelope = claim.value, change * _HUNDRED / last.value, _half(claim, kind)
            expected = show(computed, "%", claim.decimals)
        else:
            stated, computed = _stated(claim, kind), change
            envelope = now.half(kind) + last.half(kind) + _half(claim, kind)
            expected = show(change, claim.unit, claim.decimals)
        if stated is None or abs(stated - computed) > envelope:
            self._outcome(claim, ClaimOutcome("mismatch", rule.id, shown, now.sheet, now.cell), rule.finding(
                sheet=now.sheet, cell=now.cell, expected=expected, actual=claim.stated,
                quantity=self._name(claim.quantity), stated=claim.stated, table=expected, **_where(claim)))
        else:
            self._outcome(claim, ClaimOutcome("match", None, shown, now.sheet, now.cell))

    def part_whole(self, relation: PartWhole, claims: list[Claim], current: YearFigures) -> None:
        whole = current.values.get(relation.whole)
        if whole is None or whole.value is None:
            return
        parts: list[Claim] = []
        for quantity in relation.parts:
            part = next((c for c in claims if c.kind == "money" and c.understood and c.quantity == quantity
                         and (relation.fund is None or c.fund == relation.fund)), None)
            if part is not None:
                parts.append(part)
        # A part already reported as wrong would only be reported again through its whole.
        if not parts or any(self.result.outcomes[p.claim_no].outcome != "match" for p in parts):
            return
        total = sum((p.amount_yuan for p in parts), Decimal(0))
        envelope = whole.half("money") + sum((half_unit(p.decimals, p.unit) for p in parts), Decimal(0))
        if total - whole.value <= envelope:
            return
        rule = self.rules["N-012"]
        unit = parts[0].unit
        shown_total = show(total, unit, max(p.decimals for p in parts))
        names = "、".join(f"{self.pats.quantities[p.quantity].name}{p.stated}" for p in parts)
        whole_name = self.pats.quantities[relation.whole].name
        self.result.findings.append(rule.finding(
            sheet=whole.sheet, cell=whole.cell, expected=whole.shown("money"), actual=shown_total,
            report_section=parts[0].section_heading or _FRONT,
            sentence=" … ".join(dict.fromkeys(p.sentence for p in parts)),
            parts=names, whole=whole_name, total=shown_total, table=whole.shown("money")))
