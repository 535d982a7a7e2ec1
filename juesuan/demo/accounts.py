"""The printed figures of one department-year, table by table (T1 … T11).

Every amount is a Decimal in 万元. The objects hold what a workbook prints, not how it looks:
the layout decides ordinals, labels and the position of total rows. Tables are kept whole
(totals included) rather than derived on the fly, so a deliberate misprint — the seed's T5, an
injected fault — is just a different value in one field.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model import Department

Money = Decimal


@dataclass(frozen=True)
class Row:
    """A line keyed by a classification code; code '' is a table's 合计 row."""
    code: str
    name: str
    values: Mapping[str, Money]

    @property
    def level(self) -> int:
        """0 合计, 1 类, 2 款, 3 项 (function codes: 3/5/7 digits; economic: 3/5)."""
        return {0: 0, 3: 1, 5: 2, 7: 3}[len(self.code)]


@dataclass(frozen=True)
class CodeTable:
    """T2/T3/T5/T8/T9: the 合计 row first, then 类 → 款 → 项 rows in code order."""
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def total(self) -> Row:
        return self.rows[0]

    def row(self, code: str) -> Row:
        return next(r for r in self.rows if r.code == code)

    @property
    def body(self) -> tuple[Row, ...]:
        return self.rows[1:]


@dataclass(frozen=True)
class Summary:
    """T1 收入支出决算总表. `income` keys: vocab.T1_INCOME and T1_INCOME_TOTALS keys;
    `classes` values {'amount'}; `expenditure` keys: vocab.T1_EXPENDITURE_TOTALS keys."""
    income: Mapping[str, Money]
    classes: tuple[Row, ...]
    expenditure: Mapping[str, Money]


@dataclass(frozen=True)
class FiscalSummary:
    """T4 财政拨款收入支出决算总表.

    income: general_budget, gov_fund, state_capital, income_total, opening_<fund>,
    opening_total, grand_total. The right-hand mappings are keyed by column: total and the
    three funds (vocab.T4_EXPENDITURE_COLUMNS).
    """
    income: Mapping[str, Money]
    classes: tuple[Row, ...]
    expenditure_total: Mapping[str, Money]
    closing: Mapping[str, Money]
    grand_total: Mapping[str, Money]


@dataclass(frozen=True)
class BasicByEcon:
    """T6: 类 and 款 rows (values {'amount'}) of 301/303 (人员经费) and 302/310 (公用经费).

    Rows with zero amounts are kept (a layout may print the whole template)."""
    personnel: tuple[Row, ...]
    running: tuple[Row, ...]
    personnel_total: Money
    running_total: Money


@dataclass(frozen=True)
class ThreePublic:
    """T7: keys vocab.THREE_PUBLIC_ITEMS for 预算数 (budget) and 决算数 (actual)."""
    budget: Mapping[str, Money]
    actual: Mapping[str, Money]


@dataclass(frozen=True)
class Profile:
    """T10 部门基本情况."""
    unit_nature: str
    admin_posts: int
    institution_posts: int
    staff_in_service: int
    retirees: int
    internal_units: int
    subordinate_units: int
    internal_unit_names: tuple[str, ...]


@dataclass(frozen=True)
class ExecutionLine:
    """A 资金类别 row of T11. weight/score are None on the 其中 rows (printed as —)."""
    key: str  # total | basic | project
    initial_budget: Money
    full_year_budget: Money
    executed: Money
    rate: Decimal  # executed / full_year_budget as a fraction, 4 decimals
    weight: int | None
    score: Decimal | None


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    name: str
    target: str  # free text as printed: ≥136项, 100%, 按时完成 …
    actual: str
    weight: int
    score: Decimal
    deviation: str = ""


@dataclass(frozen=True)
class SelfEvaluation:
    """T11. total_score = Σ 得分 over the execution row and the indicators."""
    execution: tuple[ExecutionLine, ...]
    goal: str
    achievement: str
    indicators: tuple[Indicator, ...]
    total_weight: int
    total_score: Decimal
    band: str  # 优 | 良 | 中 | 差; the printed label depends on the layout


@dataclass(frozen=True)
class DeptYearFigures:
    """Everything one workbook prints. t8/t9 are None when the department has no such money."""
    dept: Department
    fiscal_year: int
    decimals: int  # quantum of every amount, in 万元 (2 → 0.01 万元; 6 → 0.01 元)
    t1: Summary
    t2: CodeTable
    t3: CodeTable
    t4: FiscalSummary
    t5: CodeTable
    t6: BasicByEcon
    t7: ThreePublic
    t8: CodeTable | None
    t9: CodeTable | None
    profile: Profile
    evaluation: SelfEvaluation
    notes: tuple[str, ...] = field(default=())  # what is deliberately wrong, for tests and docs
