"""Text normalisation shared by template matching: the same label is written many ways."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s\u3000\u00a0\u200b“”\"'‘’「」『』]+")
# Ordinal prefixes of line labels: 一、 （一） (1) 1. 1、 其中：
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|\([一二三四五六七八九十百]+\)|\(?\d{1,3}\)|\d{1,3}[、.．](?!\d)|其中[:：]?)"
)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Canonical form for comparing labels: NFKC (full-width → ASCII), no spaces or quotes."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def strip_ordinal(label: str) -> str:
    """'一、一般公共服务支出' → '一般公共服务支出'; applied to an already normalised label."""
    prev = None
    while prev != label:
        prev, label = label, _ORDINAL.sub("", label, count=1)
    return label


def cell_text(value: object) -> str:
    """A cell as text, for labels and headers (numbers as written, not as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object) -> str:
    """Text kept for people: control characters removed, surrounding space trimmed."""
    return _CONTROL.sub("", cell_text(value)).strip()
