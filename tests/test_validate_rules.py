"""Every rule of the catalogue, passing and failing: one consistent workbook and, per rule, a copy
with one fact changed so that exactly that identity breaks where the rule anchors it.

All copies are validated together in one run (set-based, as the pipeline does); each case then
asserts the rule's id, severity, sheet and cell, and that the unchanged workbook passes it.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.validate import catalogue
from tests.test_validate_workbooks import WAN, add_fact, built, cell_of, change, copy_of, findings, run  # noqa: F401 (built: fixture)

FIVE = 5 * WAN
T4 = "fct_fiscal_expenditure"


def _first_code(wb, table: str, level: int, **where) -> str:
    cols = wb.facts[table]
    key = "econ_code" if table == "fct_basic_by_econ" else "func_code"
    return next(cols[key][i] for i in range(len(cols[key])) if cols["level"][i] == level
                and all(cols[k][i] == v for k, v in where.items()))


def _recode(wb, table: str, code: str, new_code: str | None = None, new_name: str | None = None) -> tuple[str, str]:
    """Give every fact of the row with `code` another code or name; returns the row's first cell."""
    cols = wb.facts[table]
    hit = [i for i in range(len(cols["func_code"])) if cols["func_code"][i] == code]
    for i in hit:
        if new_code:
            cols["func_code"][i] = new_code
        if new_name:
            cols["func_name"][i] = new_name
    first = min(hit, key=lambda i: (len(cols["src_cell"][i]), cols["src_cell"][i]))
    return cols["src_sheet"][first], cols["src_cell"][first]


def _negative(wb):
    return change(wb, "fct_expenditure", to=Decimal("-100.00"), level=3, kind="basic")


def _duplicate(wb):
    codes = [c for c, lv in zip(wb.facts["fct_income"]["func_code"], wb.facts["fct_income"]["level"]) if lv == 3]
    return _recode(wb, "fct_income", codes[-1], new_code=codes[0])


def _unknown(wb):
    return _recode(wb, "fct_expenditure", _first_code(wb, "fct_expenditure", 3), new_code="2999999")


def _misnamed(wb):
    return _recode(wb, "fct_expenditure", _first_code(wb, "fct_expenditure", 3), new_name="并不存在的科目名称")


def _t6_total(wb):
    cols = wb.facts["fct_basic_by_econ"]
    total = sum(a for a, lv in zip(cols["amount"], cols["level"]) if lv == 0) + FIVE
    sheet = cols["src_sheet"][0]
    add_fact(wb, "fct_basic_by_econ", econ_code=None, level=0, econ_name="合计", category="total", amount=total,
             is_blank=False, src_sheet=sheet, src_cell="C90")
    return sheet, "C90"


def _t7_zero(wb):
    change(wb, "fct_three_public", "budget", to=Decimal("0.00"), item="total")
    cols = wb.facts["fct_three_public"]
    item = next(cols["item"][i] for i in range(len(cols["item"]))
                if cols["item"][i] != "total" and (cols["budget"][i] or 0) > 0)
    return cell_of(wb, "fct_three_public", "budget", item=item)


def _empty_fund(table_kind: str):
    def mutate(wb):
        sheet = next(s.sheet for s in wb.sheets if s.table_kind == table_kind)
        add_fact(wb, T4, source_table=table_kind, func_code=None, level=0, func_name="合计",
                 fund="gov_fund" if table_kind == "T8" else "state_capital", measure="expenditure",
                 kind="total", amount=FIVE, is_blank=False, src_sheet=sheet, src_cell="C40")
        return sheet, "C40"
    return mutate


# X-014 pairs: a T6 economic item and the "三公" item it must not exceed (domain.md §2.3).
_THREE_PUBLIC_PAIRS = {"30212": "outbound_travel", "30217": "reception", "30231": "vehicle_operation",
                       "31013": "vehicle_purchase"}


def _three_public(wb):
    cols = wb.facts["fct_basic_by_econ"]
    i = next(i for i, c in enumerate(cols["econ_code"]) if c in _THREE_PUBLIC_PAIRS and cols["amount"][i] > 0)
    change(wb, "fct_three_public", "actual", to=Decimal("0.00"), item=_THREE_PUBLIC_PAIRS[cols["econ_code"][i]])
    return cols["src_sheet"][i], cols["src_cell"][i]


def _zero_score(wb):
    cols = wb.facts["fct_performance_indicator"]
    i = next(i for i in range(len(cols["score"])) if cols["weight"][i] and cols["weight"][i] >= 1)
    cols["score"][i] = cols["weight"][i] - 1  # a point short of full marks, with no reason given
    cols["note"][i] = None
    return cols["src_sheet"][i], cols["actual_src_cell"][i]


def _weights(wb):
    change(wb, "fct_performance_indicator", "weight", by=Decimal(5), row_no=1)
    sheet, score_cell = cell_of(wb, "fct_self_evaluation", "total_score")
    _, weight_cell = cell_of(wb, "fct_performance_indicator", "weight", row_no=1)
    return sheet, weight_cell.rstrip("0123456789") + score_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


# rule → (base workbook, change that breaks exactly it; returns the (sheet, cell) it must anchor)
CASES = {
    "C-004": ("gov", _negative),
    "C-005": ("gov", _duplicate),
    "C-006": ("gov", _unknown),
    "C-008": ("gov", _misnamed),
    "T1-001": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="total_income")),
    "T1-002": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="total_expenditure")),
    "T1-003": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, side="income", line_key="grand_total")),
    "T1-004": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, side="expenditure", line_key="grand_total")),
    "T1-005": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, side="income", line_key="grand_total")),
    "T1-006": ("gov", lambda wb: change(wb, "fct_summary", to=Decimal("0.00"), side="income", line_key="grand_total")),
    "T1-007": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="closing_balance")),
    "T2-001": ("gov", lambda wb: change(wb, "fct_income", by=FIVE, level=3, source="total")),
    "T2-002": ("gov", lambda wb: change(wb, "fct_income", by=FIVE, level=0, source="fiscal_appropriation")),
    "T3-001": ("gov", lambda wb: change(wb, "fct_expenditure", by=FIVE, level=3, kind="total")),
    "T3-002": ("gov", lambda wb: change(wb, "fct_expenditure", by=FIVE, level=0, kind="basic")),
    "T4-001": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="expenditure", fund="all", level=1)),
    "T4-002": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="income", fund="all")),
    "T4-003": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="total_sources", fund="all")),
    "T4-004": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="total_uses", fund="all")),
    "T4-005": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="total_sources", fund="all")),
    "T4-006": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="closing_balance",
                                       fund="general_budget")),
    "T4-007": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="expenditure",
                                       fund="general_budget", level=0)),
    "T5-001": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=3, kind="total")),
    "T5-002": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=0, kind="basic")),
    "T6-001": ("gov", lambda wb: change(wb, "fct_basic_by_econ", by=FIVE, level=1, category="running")),
    "T6-002": ("gov", lambda wb: change(wb, "fct_basic_by_econ", by=FIVE, level=0, category="personnel")),
    "T6-003": ("gov", lambda wb: change(wb, "fct_basic_by_econ", by=FIVE, level=0, category="running")),
    "T6-004": ("gov", _t6_total),
    "T7-001": ("gov", lambda wb: change(wb, "fct_three_public", "actual", by=FIVE, item="total")),
    "T7-002": ("gov", lambda wb: change(wb, "fct_three_public", "budget", by=FIVE, item="vehicle_total")),
    "T7-003": ("gov", _t7_zero),
    "T8-001": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T8", level=1, measure="closing_balance")),
    "T8-002": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T8", level=1, measure="expenditure",
                                       kind="total")),
    "T8-003": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T8", level=0, measure="income")),
    "T9-001": ("capital", lambda wb: change(wb, T4, by=FIVE, source_table="T9", level=1, measure="closing_balance")),
    "T9-002": ("capital", lambda wb: change(wb, T4, by=FIVE, source_table="T9", level=1, measure="expenditure",
                                           kind="total")),
    "T9-003": ("capital", lambda wb: change(wb, T4, by=FIVE, source_table="T9", level=0, measure="income")),
    "X-001": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="total_income")),
    "X-002": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="total_expenditure")),
    "X-003": ("gov", lambda wb: change(wb, "fct_income", by=FIVE, level=0, source="other")),
    "X-004": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="class")),
    "X-005": ("gov", lambda wb: change(wb, "fct_income", by=FIVE, level=0, source="fiscal_appropriation")),
    "X-006": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="fiscal_general")),
    "X-007": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=0, kind="total")),
    "X-008": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=1, kind="total")),
    "X-009": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=0, kind="basic")),
    "X-010": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="income", fund="gov_fund")),
    "X-011": ("capital", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="expenditure",
                                          fund="state_capital", level=0)),
    "X-012": ("capital", _empty_fund("T8")),
    "X-013": ("gov", _empty_fund("T9")),
    "X-014": ("gov", lambda wb: (change(wb, T4, by=10000 * WAN, source_table="T4", measure="opening_balance",
                                        fund="all"), cell_of(wb, "fct_summary", line_key="opening_balance"))[1]),
    "X-015": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T5", level=3, kind="total")),
    "X-016": ("gov", _three_public),
    "Y-001": ("gov", lambda wb: change(wb, "fct_summary", by=FIVE, line_key="opening_balance")),
    "Y-002": ("gov", lambda wb: change(wb, T4, by=FIVE, source_table="T4", measure="opening_balance", fund="all")),
    "P-001": ("gov", lambda wb: change(wb, "fct_budget_execution", "execution_rate", to=Decimal("0.5"),
                                      fund_line="total")),
    "P-002": ("gov", lambda wb: change(wb, "fct_budget_execution", "score", by=Decimal(-3), fund_line="total")),
    "P-003": ("gov", _weights),
    "P-004": ("gov", lambda wb: change(wb, "fct_performance_indicator", "score", by=Decimal(4), row_no=1)),
    "P-005": ("gov", lambda wb: change(wb, "fct_self_evaluation", "total_score", by=Decimal(3))),
    "P-006": ("gov", lambda wb: change(wb, "fct_self_evaluation", "grade_band", to="差")),
    "P-007": ("gov", _zero_score),
}


def _last_year(wb):
    """Last year's copy whose closing balances are this year's opening ones (Y-… pass)."""
    prior = copy_of(wb, "2022")
    prior.fiscal_year = wb.fiscal_year - 1
    t1 = wb.facts["fct_summary"]
    opening = t1["amount"][t1["line_key"].index("opening_balance")]
    change(prior, "fct_summary", to=opening, line_key="closing_balance")
    t4 = wb.facts[T4]
    for i in range(len(t4["amount"])):
        if t4["source_table"][i] == "T4" and t4["measure"][i] == "opening_balance":
            change(prior, T4, to=t4["amount"][i], source_table="T4", measure="closing_balance",
                   fund=t4["fund"][i], level=0)
    return prior


@pytest.fixture(scope="module")
def validated(built):
    """Each rule's failing copy, the unchanged workbooks and last year's, validated in one run."""
    cases = {}
    for rule_id, (base, mutate) in CASES.items():
        wb = copy_of(built[base], rule_id)
        cases[rule_id] = (wb, mutate(wb))
    unchanged = {name: copy_of(built[name], "pass") for name in ("gov", "capital")}
    run(*(wb for wb, _ in cases.values()), *unchanged.values(), _last_year(built["gov"]),
        _last_year(built["capital"]))
    return cases, unchanged


def test_every_rule_that_validation_runs_has_a_case():
    rules = {r.id for r in catalogue().rules if r.stage == "validate"}
    assert rules == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_at_its_cell(validated, rule_id):
    rule = catalogue().rule(rule_id)
    wb, (sheet, cell) = validated[0][rule_id]
    found = findings(wb, rule_id)
    assert found, [(f.rule_id, f.sheet, f.cell, f.outcome, f.message) for f in wb.findings]
    assert {f.severity for f in found} == {rule.severity}
    assert (sheet, cell) in {(f.sheet, f.cell) for f in found}, [(f.sheet, f.cell) for f in found]
    assert all(f.message.startswith(rule.message_zh) for f in found)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_on_the_consistent_workbook(validated, rule_id):
    base = CASES[rule_id][0]
    wb = validated[1][base]
    assert findings(wb, rule_id) == [], [(f.sheet, f.cell, f.message) for f in findings(wb, rule_id)]
    assert findings(wb, rule_id, "not_evaluated") == []
