"""Indicator values are free text: '≥136项', '85%以上', '29.2万', '按时完成'.

Keep the text; read the comparison, the number (scale words applied) and the counted noun
when they are there. Text-only values keep NULL numbers: never guess.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")
_SCALE = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_OPS_BEFORE = [
    (("≥", ">=", "不低于", "不少于", "大于等于", "至少", "达到"), "≥"),
    (("≤", "<=", "不高于", "不超过", "不多于", "小于等于", "控制在"), "≤"),
    ((">", "大于", "超过", "高于", "多于"), ">"),
    (("<", "小于", "低于", "少于"), "<"),
    (("=", "等于"), "="),
]
_OPS_AFTER = [
    (("以上", "及以上", "余", "多"), "≥"),
    (("以下", "以内", "及以下"), "≤"),
]
_UNITS = ("个工作日", "工作日", "平方米", "公里", "小时", "万元", "元", "项", "个", "条", "人次", "人", "件",
          "户", "次", "家", "天", "日", "所", "座", "台", "套", "场", "期", "篇", "份", "名", "批", "%")


@dataclass(frozen=True)
class IndicatorValue:
    text: str
    op: str | None
    value: Decimal | None
    unit: str


def parse_indicator(text: str) -> IndicatorValue:
    flat = unicodedata.normalize("NFKC", text).replace(" ", "").replace("％", "%")
    m = _NUMBER.search(flat)
    if not m:
        return IndicatorValue(text, None, None, "")
    before, after = flat[: m.start()], flat[m.end():]
    value = Decimal(m.group(1))
    if after[:1] in _SCALE and not after.startswith("万元"):
        value *= _SCALE[after[0]]
        after = after[1:]
    op = next((sym for words, sym in _OPS_BEFORE if any(before.endswith(w) for w in words)), None)
    if op is None:
        op = next((sym for words, sym in _OPS_AFTER if any(w in after for w in words)), None)
    rest = after.lstrip("余多")
    unit = next((u for u in _UNITS if rest.startswith(u)), "")
    return IndicatorValue(text, op or "=", value.normalize() if value == value.to_integral() else value, unit)


def met(target: IndicatorValue, actual: IndicatorValue) -> bool | None:
    """Whether the actual meets the target; None when either side has no number."""
    if target.value is None or actual.value is None:
        return None
    if target.unit and actual.unit and target.unit != actual.unit:
        return None
    t, a = target.value, actual.value
    return {"≥": a >= t, ">": a > t, "≤": a <= t, "<": a < t}.get(target.op or "=", a >= t)
