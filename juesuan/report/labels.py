"""Chinese labels of view columns and metrics (schemas/views.yaml `labels`), shared by the report and export."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml

_SUFFIXES = (("_change_pct", "增减率"), ("_change", "增减额"), ("_prev", "（上年）"), ("_wan", ""))


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    doc = yaml.safe_load(files("juesuan.schemas").joinpath("views.yaml").read_text("utf-8"))
    return doc["labels"]


def label(column: str) -> str:
    """The Chinese header of a column, e.g. personnel_expenditure_change_pct → 人员经费增减率."""
    labels = _labels()
    if column in labels:
        return labels[column]
    for suffix, words in _SUFFIXES:
        stem = column.removesuffix(suffix)
        if stem != column and stem in labels:
            return labels[stem] + words
    return column
