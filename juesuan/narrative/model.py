"""Values of the narrative stages: lines → sections → claims → outcomes, all plain data."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Department, Finding
from ..normalise.amount import UNIT_FACTORS, to_yuan

DIRECTION_ZH = {"up": "增加", "down": "减少", "flat": "持平"}


@dataclass(frozen=True)
class Line:
    """One paragraph of a report as its reader gives it."""
    text: str
    heading_level: int | None = None  # 1 or 2 when the file itself marks it a heading (docx styles)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str | None  # as written; None for the text before the first heading
    ordinal: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Claim:
    """A figure the report states, or a sentence naming a quantity that could not be read."""
    claim_no: int
    section_key: str
    section_heading: str | None
    sentence: str
    kind: str  # money | count | score | grade | yoy
    quantity: str | None
    number_text: str | None = None
    unit: str | None = None
    value: Decimal | None = None  # in the written unit
    decimals: int = 0  # printed decimals of number_text
    fund: str | None = None
    grade: str | None = None
    direction: str | None = None  # yoy: up | down | flat
    understood: bool = True
    reason: str = ""

    @property
    def stated(self) -> str:
        """The claim as the report prints it: 21.4元, 18人, 优秀, 减少."""
        if self.kind == "grade":
            return self.grade or ""
        if self.kind == "yoy" and self.number_text is None:
            return DIRECTION_ZH.get(self.direction or "", "")
        return f"{self.number_text or ''}{self.unit or ''}"

    @property
    def amount_yuan(self) -> Decimal | None:
        if self.value is None or self.unit not in UNIT_FACTORS:
            return None
        return to_yuan(self.value, self.unit)


@dataclass(frozen=True)
class ClaimOutcome:
    outcome: str  # match | mismatch | unit_slip | not_evaluated | not_understood
    rule_id: str | None = None
    table_value: str | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass
class ParsedReport:
    """Everything one report file yields; `status` says whether it can be stored."""
    path: str
    sha256: str
    size: int
    mtime: float
    fmt: str | None = None  # txt | docx | pdf
    encoding: str | None = None
    title: str | None = None
    department: Department | None = None
    fiscal_year: int | None = None
    sections: list[Section] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    outcomes: dict[int, ClaimOutcome] = field(default_factory=dict)  # claim_no → outcome
    findings: list[Finding] = field(default_factory=list)
    compared_with: str | None = None
    rounding_differences: int = 0
    status: str = "parsed"  # parsed | rejected | ignored
    reason: str = ""
