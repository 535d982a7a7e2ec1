"""Extraction: every kind of claim, as stated, with its sentence; what is not understood says why."""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.narrative.extract import extract_claims
from juesuan.narrative.model import Section
from juesuan.narrative.patterns import patterns
from juesuan.narrative.read import read_report
from juesuan.narrative.sections import split_sections

from .narrative_fixtures import CLAIMS_REPORT, REPORT_2023

PATS = patterns()


def claims_in(path):
    return extract_claims(split_sections(read_report(str(path), PATS).lines, PATS), PATS)


def claims_of(text: str, section: str = "finance"):
    return extract_claims([Section(section, "二、部门财务情况", 2, (text,))], PATS)


def summary(claims):
    return [(c.section_key, c.kind, c.quantity, c.stated, c.fund, c.understood) for c in claims]


def test_the_seed_figures_report():
    claims = claims_in(REPORT_2023)
    assert summary(claims) == [
        ("overview", "count", "admin_posts", "8人", None, True),
        ("overview", "count", "institution_posts", "15名", None, True),
        ("overview", "count", "staff_in_service", "18人", None, True),
        ("overview", "count", "retirees", "5人", None, True),
        ("overview", "count", "internal_units", "3个", None, True),
        ("overview", "count", "subordinate_units", "2个", None, True),
        ("finance", "money", "total_income", "1130.35万元", None, True),
        ("finance", "money", "general_budget_income", "1123.72万元", None, True),
        ("finance", "money", "other_income", "6.63万元", None, True),
        ("finance", "money", "total_expenditure", "1130.35万元", None, True),
        ("finance", "money", "general_budget_expenditure", "1123.72万元", None, True),
        ("finance", "money", "basic", "286.95万元", "general_budget", True),
        ("finance", "money", "personnel", "265.55万元", None, True),
        ("finance", "money", "running", "21.4元", None, True),
        ("finance", "money", "project", "843.4万元", "general_budget", True),
        ("finance", "money", "three_public_total", "0万元", None, True),
        ("finance", "money", "three_public_reception", "0万元", None, True),
        ("finance", "yoy", "three_public_total", "减少", None, True),
        ("evaluation_result", "score", "self_score", "98分", None, True),
        ("evaluation_result", "grade", "grade", "优秀", None, True),
    ]
    running = claims[13]
    assert (running.value, running.decimals, running.amount_yuan) == (Decimal("21.4"), 1, Decimal("21.40"))
    assert running.sentence == "按经济分类，人员经费为265.55万元、日常公用经费为21.4元。"
    assert running.section_heading == "二、部门财务情况"
    project = claims[14]
    assert (project.value, project.decimals, project.amount_yuan) == (Decimal("843.4"), 1, Decimal("8434000.00"))
    yoy = claims[17]
    assert (yoy.direction, yoy.sentence) == ("down", "较上年减少，主要是严格执行中央八项规定精神，从严控制各类接待活动。")
    assert [c.claim_no for c in claims] == list(range(1, 21))


def test_every_kind_of_claim():
    claims = claims_in(CLAIMS_REPORT)
    assert [(c.kind, c.quantity, c.stated, c.direction, c.understood, c.reason) for c in claims] == [
        ("count", "admin_posts", "十二名", None, True, ""),          # a count in words
        ("count", "institution_posts", "6人", None, True, ""),
        ("count", "staff_in_service", "十七人", None, True, ""),
        ("count", "retirees", "9人", None, True, ""),
        ("count", "internal_units", "4个", None, True, ""),           # 内设4个股室: the name after
        ("count", "subordinate_units", "1个", None, True, ""),        # 下设1个二级事业单位
        ("money", "total_income", "1,486.20万元", None, True, ""),
        ("yoy", "total_income", "120.50万元", "up", True, ""),       # 较上年增加120.50万元
        ("money", "general_budget_expenditure", "1,486.20", None, False, "未写单位"),
        ("money", "total_expenditure", "1,486.20万元", None, True, ""),
        ("money", "basic", "612.38万元", None, True, ""),
        ("money", "total_expenditure", "41.2%", None, False, "数字前后没有可识别的名目"),  # 占支出总额的41.2%
        ("money", "project", "873.82万元", None, True, ""),
        ("money", "personnel", "412.36万元", None, True, ""),
        ("yoy", "personnel", "5.2%", "up", True, ""),                # 同比增长5.2%
        ("money", "running", "200.02万元", None, True, ""),
        ("yoy", "running", "持平", "flat", True, ""),                  # 与上年基本持平
        ("money", "running", "二十万元", None, False, "金额用汉字书写"),
        ("money", "three_public_total", "3.60万元", None, True, ""),
        ("yoy", "three_public_total", "0.80万元", "down", True, ""),
        ("money", "three_public_outbound_travel", "0万元", None, True, ""),
        ("money", "three_public_vehicle_total", "2.10万元", None, True, ""),
        ("money", "three_public_vehicle_purchase", "0万元", None, True, ""),
        ("money", "three_public_vehicle_operation", "2.10万元", None, True, ""),
        ("money", "three_public_reception", "1.50万元", None, True, ""),
        ("yoy", None, "减少", "down", False, "找不到“较上年有所下降”所指的名目"),
        ("score", "self_score", "88.5分", None, True, ""),
        ("grade", "grade", "良好", None, True, ""),
    ]
    assert claims[0].value == Decimal(12) and claims[6].value == Decimal("1486.20")
    assert claims[7].amount_yuan == Decimal("1205000.00")


def test_a_change_about_something_untracked_is_no_claim():
    assert claims_of("全年审计项目数量较上年增加3个，群众满意度同比提高。") == []


def test_score_and_grade_only_where_the_self_evaluation_is_reported():
    sentence = "群众满意度评价得分96分，评价结果为优秀。"
    assert claims_of(sentence, "overall_performance") == []
    assert summary(claims_of(sentence, "evaluation_result")) == [
        ("evaluation_result", "score", "self_score", "96分", None, True),
        ("evaluation_result", "grade", "grade", "优秀", None, True),
    ]


def test_dates_and_document_numbers_are_not_figures():
    assert claims_of("印发《通知》（常鼎审函〔2023〕1号），2023年12月31日前完成。") == []


@pytest.mark.parametrize(("sentence", "reason"), [
    ("年末在职人数18万元。", "单位“万元”不是在职人数的单位"),
    ("人员经费265.55，较为稳定。", "未写单位"),
])
def test_a_number_that_does_not_fit_its_name(sentence, reason):
    [claim] = claims_of(sentence)
    assert (claim.understood, claim.reason) == (False, reason)


def test_retirees_spending_is_not_personnel_spending():
    [claim] = claims_of("离退休人员经费20.5万元。")
    assert (claim.quantity, claim.understood) == ("retirees", False)


def test_full_width_digits_and_grouping():
    [claim] = claims_of("２０２３年度支出决算数１，１３０．３５万元。")
    assert (claim.quantity, claim.value, claim.decimals) == ("total_expenditure", Decimal("1130.35"), 2)
