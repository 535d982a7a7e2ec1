from datetime import datetime
from decimal import Decimal

import pytest

from juesuan.normalise.amount import parse_amount, printed_decimals, sheet_decimals, to_yuan


@pytest.mark.parametrize("raw, decimals, value", [
    (1130.35, 2, "1130.35"),
    (0.1 + 0.2, 2, "0.30"),              # float noise from a formula's cached value
    (1130, 2, "1130.00"),
    ("1,130.35", 2, "1130.35"),
    (" 286.95 ", 2, "286.95"),
    ("１，１３０．３５", 2, "1130.35"),   # full-width digits and separators
    ("-12.00", 2, "-12.00"),
    ("(12.00)", 2, "-12.00"),
    ("△12.00", 2, "-12.00"),
    (503.2354, 4, "503.2354"),
    ("11,122,315.04", 2, "11122315.04"),
])
def test_amounts_are_read_exactly(raw, decimals, value):
    parsed = parse_amount(raw, decimals)
    assert parsed.problem is None and not parsed.blank
    assert parsed.value == Decimal(value)
    assert str(parsed.value) == value


@pytest.mark.parametrize("raw", [None, "", "-", "—", "——", "  "])
def test_dashes_and_empties_are_blank(raw):
    parsed = parse_amount(raw, 2)
    assert parsed.blank and parsed.value is None and parsed.problem is None


@pytest.mark.parametrize("raw, words", [
    ("约100万", "不是可读的金额"),
    ("223,69", "不是可读的金额"),           # a decimal comma: never guessed
    ("12%", "不是可读的金额"),
    (datetime(2023, 5, 1), "日期"),
    (True, "逻辑值"),
])
def test_cells_that_lie_are_problems_not_numbers(raw, words):
    parsed = parse_amount(raw, 2)
    assert parsed.value is None and not parsed.blank
    assert words in parsed.problem


def test_units_convert_exactly_to_yuan():
    assert to_yuan(Decimal("1130.35"), "万元") == Decimal("11303500.00")
    assert to_yuan(Decimal("503.2354"), "万元") == Decimal("5032354.00")
    assert to_yuan(Decimal("1.5"), "亿元") == Decimal("150000000.00")
    assert to_yuan(Decimal("12.345"), "千元") == Decimal("12345.00")
    assert to_yuan(Decimal("11122315.04"), "元") == Decimal("11122315.04")


def test_sheet_decimals_come_from_printed_values():
    assert printed_decimals(1130.35) == 2
    assert printed_decimals("1,130.3500") == 4
    assert printed_decimals(0.1 + 0.2) is None
    assert sheet_decimals("万元", [1130.35, 21.4, 5]) == 2
    assert sheet_decimals("万元", [503.2354, 1.5]) == 4
    assert sheet_decimals("元", [11122315.04]) == 2
