"""Judged rows → findings as cli.md shows them: rule, severity, sheet, cell, message, and the
expected and actual values as exact decimals in the sheet's own unit and printed decimals."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..model import Finding
from ..normalise.amount import UNIT_FACTORS
from ..recognise.templates import by_kind
from .catalogue import Catalogue, Rule

_HUNDRED = Decimal(100)


@dataclass
class Located:
    """A finding and every cell its rule read, for grouping findings by their root cell."""
    finding: Finding
    cells: list[tuple[str, str]]  # (sheet, cell), the anchored cell first


def _quantize(value: Decimal, decimals: int) -> str:
    out = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return str(out.copy_abs() if out.is_zero() else out)


def shown(value: Any, rule: Rule, cat: Catalogue, unit: str | None, decimals: int | None) -> str | None:
    """An exact decimal (yuan for money) as the sheet prints it."""
    if value is None:
        return None
    value = Decimal(value)
    if rule.quantity == "rate":
        return _quantize(value * _HUNDRED, cat.rate_decimals)
    if rule.quantity == "score":
        return _quantize(value, cat.score_decimals)
    if not unit:
        unit, decimals = cat.default_unit
    return _quantize(value / UNIT_FACTORS[unit], decimals)


def _message(rule: Rule, detail: str | None) -> str:
    if detail and detail not in rule.message_zh:
        return f"{rule.message_zh}（{detail}）"
    return rule.message_zh


def _cells(row: dict[str, Any]) -> list[tuple[str, str]]:
    anchored = [(row["sheet"], row["cell"])] if row.get("cell") else []
    return anchored + [(i["sheet"], i["cell"]) for i in row.get("inputs") or () if i and i.get("cell")]


def failed(row: dict[str, Any], rule: Rule, cat: Catalogue, path: str) -> Located:
    """A row that Great Expectations found outside its tolerance."""
    if rule.label_rule:
        expected, actual = row["expected_label"], row["actual_label"]
    else:
        expected = shown(row["expected"], rule, cat, row["unit"], row["decimals"])
        actual = shown(row["actual"], rule, cat, row["unit"], row["decimals"])
    finding = Finding(rule.id, rule.severity, _message(rule, row.get("detail")), file=path,
                      sheet=row["sheet"], cell=row["cell"], expected=expected, actual=actual,
                      sha256=row["sha256"])
    return Located(finding, _cells(row))


def not_evaluated(rule: Rule, reason: str, path: str, sha256: str, sheet: str | None = None,
                  cell: str | None = None) -> Finding:
    return Finding(rule.id, rule.severity, reason, file=path, outcome="not_evaluated",
                   sheet=sheet, cell=cell, sha256=sha256)


def missing_tables(kinds: list[str]) -> str:
    templates = by_kind()
    names = "、".join(f"{templates[k].title}（{k}）" if k in templates else k for k in kinds)
    return f"工作簿中没有{names}"


def cell_failed(row: dict[str, Any], rule: Rule, cat: Catalogue, path: str) -> Located:
    """A cell rule's failing row (C-004 amount; C-005/C-006 code; C-008 name)."""
    if rule.quantity == "money":
        expected, actual = None, shown(row["amount"], rule, cat, row["unit"], row["decimals"])
        detail = " ".join(x for x in (row["code"], row["name"]) if x)
    elif rule.expectation == "name_matches":
        expected, actual, detail = row["ref_name"], row["name"], row["code"]
    else:
        expected, actual, detail = None, row["code"], row.get("name")
    finding = Finding(rule.id, rule.severity, _message(rule, detail), file=path, sheet=row["sheet"],
                      cell=row["cell"], expected=expected, actual=actual, sha256=row["sha256"])
    return Located(finding, _cells(row))
