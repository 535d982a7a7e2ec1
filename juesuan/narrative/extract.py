"""EXTRACT the stated figures of a report: sections → claims, by the patterns of
expectations/narrative_patterns.yaml. Pure; explainable: every claim names its sentence.

A number is a claim when a quantity's label stands right before it (after the filler words) or,
for counts, right after its unit. A number with a unit that no label claims is a stray: when its
clause names a quantity whose label claimed nothing else, the clause is recorded as not
understood rather than guessed at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..recognise.text import norm
from . import numbers
from .model import Claim, Section
from .patterns import Patterns, Quantity

# Unit families a kind of claim may be written in (None: no unit written).
_FAMILIES: dict[str, set[str | None]] = {"money": {"money"}, "count": {"count"}, "score": {"score", None}}
_ELSEWHERE = "elsewhere"  # a change word whose clause is about something we do not track


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    quantity: str


def extract_claims(sections: list[Section], pats: Patterns) -> list[Claim]:
    claims: list[Claim] = []
    for section in sections:
        allowed = {k: q for k, q in pats.quantities.items() if q.sections is None or section.key in q.sections}
        for paragraph in section.lines:
            mentions = _mentions(norm(paragraph), allowed)
            subject = mentions[0].quantity if mentions else None
            for sentence in (s.strip() for s in pats.sentence_end.split(paragraph)):
                for fields in _sentence_claims(norm(sentence), allowed, subject, pats) if sentence else ():
                    claims.append(Claim(claim_no=len(claims) + 1, section_key=section.key,
                                        section_heading=section.heading, sentence=sentence, **fields))
    return claims


def _sentence_claims(text: str, allowed: dict[str, Quantity], subject: str | None,
                     pats: Patterns) -> list[dict[str, Any]]:
    mentions = _mentions(text, allowed)
    clauses = [0] + [m.end() for m in pats.clause_end.finditer(text)]
    found: list[tuple[int, dict[str, Any]]] = []
    consumed: list[tuple[int, int]] = []  # numbers already part of a claim
    labels: list[tuple[int, int]] = []  # labels already used by a claim

    for m in pats.yoy.finditer(text):
        target = _yoy_object(text, m.start(), mentions, subject, clauses, pats)
        if target == _ELSEWHERE:
            continue
        fields: dict[str, Any] = {"kind": "yoy", "quantity": target, "direction": pats.directions[m["direction"]]}
        change = _change_after(text, m.end(), pats)
        if change:
            consumed.append(change.pop("span"))
            fields.update(change)
        if target is None:
            fields.update(understood=False, reason=f"找不到“{m.group()}”所指的名目")
        found.append((m.start(), fields))

    if "grade" in allowed:
        for m in pats.grade.finditer(text):
            labels.append(m.span())
            found.append((m.start(), {"kind": "grade", "quantity": "grade", "grade": m["word"]}))

    strays: list[tuple[int, str, str]] = []  # (position, number, unit)
    for m in pats.number.finditer(text):
        if _overlaps(m.span(), consumed) or pats.not_quantity.match(text, m.end()):
            continue
        unit_match = pats.unit.match(text, m.end())
        unit = unit_match.group() if unit_match else None
        if m["chinese"] and unit is None:
            continue  # 一般, 三公: characters that only look like numbers
        hit = _label_before(text[: m.start()], allowed)
        if hit is None and unit_match:
            hit = _label_after(text, unit_match.end(), allowed)
        if hit is None:
            if unit:
                strays.append((m.start(), m.group(), unit))
            continue
        quantity, label_span = hit
        labels.append(label_span)
        found.append((m.start(), _number_claim(quantity, m, unit, text[: label_span[0]], pats)))

    for start, number, unit in strays:
        clause = max(c for c in clauses if c <= start)
        clause_end = min((c for c in clauses if c > start), default=len(text))
        free = [mn for mn in mentions if clause <= mn.start < clause_end
                and not _overlaps((mn.start, mn.end), labels)]
        if free:
            quantity = allowed[free[-1].quantity]
            found.append((start, {"kind": quantity.kind, "quantity": quantity.key, "number_text": number,
                                  "unit": unit, "understood": False, "reason": "数字前后没有可识别的名目"}))
    return [fields for _, fields in sorted(found, key=lambda item: item[0])]


def _mentions(text: str, allowed: dict[str, Quantity]) -> list[_Mention]:
    """Where quantities are named, left to right; of overlapping names the longer one counts."""
    spans = sorted(((m.start(), m.end(), q.key) for q in allowed.values() if q.kind != "grade"
                    for m in q.anywhere.finditer(text) if m.end() > m.start()),
                   key=lambda s: (s[0], s[0] - s[1]))
    kept: list[_Mention] = []
    for start, end, key in spans:
        if not kept or start >= kept[-1].end:
            kept.append(_Mention(start, end, key))
    return kept


def _yoy_object(text: str, start: int, mentions: list[_Mention], subject: str | None,
                clauses: list[int], pats: Patterns) -> str | None:
    clause = max(c for c in clauses if c <= start)
    in_clause = [mn for mn in mentions if mn.start >= clause and mn.end <= start]
    if in_clause:
        return in_clause[-1].quantity
    if not pats.yoy_lead.fullmatch(text[clause:start]):
        return _ELSEWHERE
    before = [mn for mn in mentions if mn.end <= start]
    return before[-1].quantity if before else subject


def _change_after(text: str, pos: int, pats: Patterns) -> dict[str, Any] | None:
    """The amount of a change written right after its word: 增加12.3万元, 下降5%."""
    m = pats.number.match(text, pos)
    unit_match = pats.unit.match(text, m.end()) if m else None
    if not m or not unit_match:
        return None
    fields: dict[str, Any] = {"span": m.span(), "number_text": m.group(), "unit": unit_match.group()}
    return fields | _read_number(m, pats.unit_family[unit_match.group()])


def _label_before(prefix: str, allowed: dict[str, Quantity]) -> tuple[Quantity, tuple[int, int]] | None:
    """The quantity whose label (and filler) ends the text before a number; the longest wins."""
    best: tuple[Quantity, tuple[int, int]] | None = None
    for quantity in allowed.values():
        if quantity.kind == "grade":
            continue
        m = quantity.before.search(prefix)
        if m and (best is None or m.start() < best[1][0]):
            best = (quantity, (m.start(), m.end()))
    return best


def _label_after(text: str, pos: int, allowed: dict[str, Quantity]) -> tuple[Quantity, tuple[int, int]] | None:
    best: tuple[Quantity, tuple[int, int]] | None = None
    for quantity in allowed.values():
        m = quantity.after.match(text, pos) if quantity.after else None
        if m and (best is None or m.end() > best[1][1]):
            best = (quantity, m.span())
    return best


def _number_claim(quantity: Quantity, m: re.Match[str], unit: str | None, before_label: str,
                  pats: Patterns) -> dict[str, Any]:
    fields: dict[str, Any] = {"kind": quantity.kind, "quantity": quantity.key, "number_text": m.group(), "unit": unit}
    if quantity.kind == "money":
        fields["fund"] = next((fund for fund, p in pats.funds.items() if p.search(before_label)), None)
    if pats.unit_family.get(unit) not in _FAMILIES[quantity.kind]:
        reason = "未写单位" if unit is None else f"单位“{unit}”不是{quantity.name}的单位"
        return fields | {"understood": False, "reason": reason}
    return fields | _read_number(m, quantity.kind)


def _read_number(m: re.Match[str], family: str) -> dict[str, Any]:
    """A matched number → its value and printed decimals, or why it cannot be read."""
    if m["arabic"]:
        value, decimals = numbers.arabic(m["arabic"])
        return {"value": value, "decimals": decimals}
    if family == "money":
        return {"understood": False, "reason": "金额用汉字书写"}
    count = numbers.chinese(m["chinese"])
    if count is None:
        return {"understood": False, "reason": f"“{m.group()}”不是可读的数字"}
    return {"value": Decimal(count)}


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)
