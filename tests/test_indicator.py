from decimal import Decimal

import pytest

from juesuan.normalise.indicator import met, parse_indicator


@pytest.mark.parametrize("text, op, value, unit", [
    ("≥136项", "≥", "136", "项"),
    ("100%", "=", "100", "%"),
    ("85%以上", "≥", "85", "%"),
    ("29.2万", "=", "292000", ""),
    ("1.5亿", "=", "150000000", ""),
    ("2400余条", "≥", "2400", "条"),
    ("≤5个工作日", "≤", "5", "个工作日"),
    ("不少于10个", "≥", "10", "个"),
])
def test_indicator_values_keep_number_unit_and_comparison(text, op, value, unit):
    parsed = parse_indicator(text)
    assert parsed.text == text
    assert (parsed.op, parsed.value, parsed.unit) == (op, Decimal(value), unit)


def test_text_only_values_are_never_guessed():
    parsed = parse_indicator("按时完成")
    assert parsed.value is None and parsed.op is None and parsed.unit == ""


def test_met_uses_the_comparison_and_refuses_mixed_units():
    assert met(parse_indicator("≥136项"), parse_indicator("146项")) is True
    assert met(parse_indicator("≥136项"), parse_indicator("120项")) is False
    assert met(parse_indicator("≤5个工作日"), parse_indicator("3个工作日")) is True
    assert met(parse_indicator("100%"), parse_indicator("按时完成")) is None
    assert met(parse_indicator("10项"), parse_indicator("10个")) is None
