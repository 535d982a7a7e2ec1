"""Reconciliation: claims × the department-year's figures → N- findings, within the rounding envelope."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from juesuan.narrative import DeptYearFigures, Figure, YearFigures, reconcile
from juesuan.narrative.extract import extract_claims
from juesuan.narrative.model import Section
from juesuan.narrative.patterns import patterns
from juesuan.narrative.read import read_report
from juesuan.narrative.sections import split_sections

from .narrative_fixtures import T3, T4, T6, T7, T10, T11, REPORT_2023, seed_tables

PATS = patterns()
SEED_DEPT = ("430703126", "常德市鼎城区行政审批服务局", 2023)
FINANCE = "二、部门财务情况"


def report_claims():
    return extract_claims(split_sections(read_report(str(REPORT_2023), PATS).lines, PATS), PATS)


def claims_of(text: str, section: str = "finance"):
    return extract_claims([Section(section, FINANCE, 2, tuple(text.splitlines()))], PATS)


def figures(current: YearFigures | None = None, previous: YearFigures | None = None) -> DeptYearFigures:
    return DeptYearFigures(*SEED_DEPT, current, previous)


def with_values(base: YearFigures, **changes: Figure) -> YearFigures:
    return replace(base, values={**base.values, **changes})


def money(wan: str, sheet: str = T3, cell: str = "E5") -> Figure:
    return Figure(Decimal(wan) * 10000, sheet, cell, "万元", 2)


def brief(findings):
    return [(f.rule_id, f.outcome, f.severity) for f in findings]


# --- the acceptance case: the seed's figures beside the seed's tables ----------------------

def test_seed_figures_without_last_year():
    claims = report_claims()
    result = reconcile(claims, figures(seed_tables()))
    unit_slip, three_public, part_whole = result.findings
    assert brief(result.findings) == [("N-011", "fail", "error"), ("N-016", "not_evaluated", "error"),
                                      ("N-012", "fail", "error")]
    assert unit_slip.as_dict() == {
        "file": "", "rule_id": "N-011", "outcome": "fail", "severity": "error", "sheet": T6, "cell": "F19",
        "message": f"报告中公用经费写作“21.4元”，数字与决算表 {T6} F19 的 21.40万元 相同，单位应为万元（单位笔误）",
        "expected": "21.40万元", "actual": "21.4元", "root_cell": None, "report_section": FINANCE,
        "sentence": "按经济分类，人员经费为265.55万元、日常公用经费为21.4元。"}
    assert (part_whole.sheet, part_whole.cell, part_whole.expected, part_whole.actual) == (
        T4, "E9", "1123.72万元", "1130.35万元")
    assert part_whole.message == (
        f"报告把基本支出286.95万元、项目支出843.4万元列为一般公共预算财政拨款支出的组成部分，合计1130.35万元，"
        f"超过决算表 {T4} E9 的一般公共预算财政拨款支出 1123.72万元")
    assert part_whole.sentence == ("公共预算财政拨款基本支出286.95万元，主要保障机构正常运转。 … "
                                   "公共预算财政拨款项目支出843.4万元，主要用于政务大厅运行保障和信息化项目建设。")
    assert (three_public.sheet, three_public.cell, three_public.report_section) == (T7, "B7", FINANCE)
    assert three_public.message == "报告称三公经费较上年减少，库中没有上年（2022年度）的决算表，无法核对"
    assert three_public.sentence == "较上年减少，主要是严格执行中央八项规定精神，从严控制各类接待活动。"
    # every other stated figure reconciles
    outcomes = {c.quantity: result.outcomes[c.claim_no].outcome for c in claims if c.kind != "yoy"}
    assert outcomes == {q: "match" for q in outcomes} | {"running": "unit_slip"}
    assert len(outcomes) == 19
    assert result.rounding_differences == 0


def test_seed_figures_when_last_year_also_shows_no_three_public_spending():
    result = reconcile(report_claims(), figures(seed_tables(), seed_tables(2022)))
    assert brief(result.findings) == [("N-011", "fail", "error"), ("N-016", "fail", "error"),
                                      ("N-012", "fail", "error")]
    fell = result.findings[1]
    assert fell.message == "报告称三公经费较上年减少，但决算表本年 0.00万元、上年 0.00万元，实为持平"
    assert (fell.expected, fell.actual, fell.sheet, fell.cell) == ("持平", "减少", T7, "B7")


def test_seed_figures_when_last_year_spent_more():
    result = reconcile(report_claims(), figures(seed_tables(), seed_tables(2022, three_public="1.20")))
    assert [f.rule_id for f in result.findings] == ["N-011", "N-012"]


# --- amounts and the rounding envelope --------------------------------------------------

@pytest.mark.parametrize(("table", "outcome", "rounding"), [
    ("843.40", "match", 0),
    ("843.44", "match", 1),     # 843.4 stands for 843.35 … 843.45, the table's 843.44 for ±0.005 more
    ("843.454", "match", 1),
    ("843.46", "mismatch", 0),
])
def test_a_figure_with_one_decimal(table, outcome, rounding):
    current = with_values(seed_tables(), project=money(table))
    result = reconcile(claims_of("项目支出843.4万元。"), figures(current))
    assert (result.outcomes[1].outcome, result.rounding_differences) == (outcome, rounding)
    if outcome == "mismatch":
        [finding] = result.findings
        assert (finding.rule_id, finding.expected, finding.actual) == ("N-010", "843.46万元", "843.4万元")
        assert finding.message == f"报告中项目支出为“843.4万元”，与决算表 {T3} E5 的 843.46万元 不符"


def test_a_table_printed_in_yuan():
    current = with_values(seed_tables(), basic=Figure(Decimal("2869512.34"), T3, "D5", "元", 2))
    assert reconcile(claims_of("基本支出286.95万元。"), figures(current)).findings == []
    assert [f.rule_id for f in reconcile(claims_of("基本支出286.94万元。"), figures(current)).findings] == ["N-010"]


def test_a_unit_slip_the_other_way():
    [finding] = reconcile(claims_of("人员经费2655500万元。"), figures(seed_tables())).findings
    assert (finding.rule_id, finding.expected, finding.actual) == ("N-011", "265.55万元", "2655500万元")
    assert "单位应为元" in finding.message


def test_counts_are_exact():
    [finding] = reconcile(claims_of("年末在职人数19人。", "overview"), figures(seed_tables())).findings
    assert (finding.rule_id, finding.sheet, finding.cell, finding.expected, finding.actual) == (
        "N-013", T10, "B11", "18", "19人")


@pytest.mark.parametrize(("sentence", "table", "rules"), [
    ("自评得分98分。", "97.60", []),         # 98 stands for 97.5 … 98.5
    ("自评得分97.5分。", "98.00", ["N-014"]),
])
def test_score(sentence, table, rules):
    current = with_values(seed_tables(), self_score=Figure(Decimal(table), T11, "G23"))
    findings = reconcile(claims_of(sentence, "evaluation_result"), figures(current)).findings
    assert [f.rule_id for f in findings] == rules


@pytest.mark.parametrize(("sentence", "rules"), [
    ("评价等级为优。", []),            # 优 and the table's 优秀 are one band
    ("评价等级为良好。", ["N-015"]),
])
def test_grade(sentence, rules):
    findings = reconcile(claims_of(sentence, "evaluation_result"), figures(seed_tables())).findings
    assert [(f.rule_id, f.sheet, f.cell, f.expected) for f in findings] == [(r, T11, "F24", "优秀") for r in rules]


# --- part and whole ---------------------------------------------------------------------

def test_unlabelled_parts_of_all_funds_are_fine():
    claims = claims_of("基本支出286.95万元，项目支出843.4万元。")
    assert reconcile(claims, figures(seed_tables())).findings == []


def test_a_wrong_part_is_reported_once():
    claims = claims_of("公共预算财政拨款基本支出共296.95万元。\n公共预算财政拨款项目支出共843.4万元。")
    assert [f.rule_id for f in reconcile(claims, figures(seed_tables())).findings] == ["N-010"]


# --- changes on last year ---------------------------------------------------------------

def test_a_stated_change_amount():
    sentence = "2023年度部门收入合计1130.35万元，较上年增加120.50万元。"
    last = with_values(seed_tables(2022), total_income=money("1009.85", "T1", "B13"))
    assert reconcile(claims_of(sentence), figures(seed_tables(), last)).findings == []
    last = with_values(seed_tables(2022), total_income=money("1000.00", "T1", "B13"))
    [finding] = reconcile(claims_of(sentence), figures(seed_tables(), last)).findings
    assert (finding.rule_id, finding.expected, finding.actual) == ("N-017", "130.35万元", "120.50万元")


def test_a_stated_change_rate():
    sentence = "人员经费265.55万元，同比增长5.2%。"
    last = with_values(seed_tables(2022), personnel=money("252.43", T6, "C19"))  # +5.197 %
    assert reconcile(claims_of(sentence), figures(seed_tables(), last)).findings == []
    last = with_values(seed_tables(2022), personnel=money("0", T6, "C19"))
    [finding] = reconcile(claims_of(sentence), figures(seed_tables(), last)).findings
    assert (finding.rule_id, finding.outcome, finding.message) == ("N-017", "not_evaluated", "上年为0，变动率无从计算")


# --- what cannot be evaluated -----------------------------------------------------------

def test_no_tables_for_the_department_year():
    claims = report_claims() + claims_of("日常公用经费约二十万元。")
    result = reconcile(claims, figures(None, seed_tables(2022)))
    assert brief(result.findings) == [("N-005", "not_evaluated", "info"), ("N-020", "fail", "info")]
    assert result.findings[0].message == "库中没有常德市鼎城区行政审批服务局2023年度的决算表，报告中的数字未核对"
    assert result.findings[1].message == "这句话提到公用经费，但其中的数字无法识别（金额用汉字书写），未核对"
    assert {o.outcome for o in result.outcomes.values()} == {"not_evaluated", "not_understood"}


def test_a_table_the_workbook_lacks():
    current = YearFigures(2023, "inbox/x.xlsx", {k: v for k, v in seed_tables().values.items()
                                                  if not k.startswith("three_public")})
    findings = reconcile(claims_of("三公经费支出0万元，较上年减少。"), figures(current, seed_tables(2022))).findings
    assert brief(findings) == [("N-006", "not_evaluated", "info"), ("N-006", "not_evaluated", "info")]
    assert findings[0].message == "决算表中没有三公经费，报告中的“0万元”未核对"
