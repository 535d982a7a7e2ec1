"""expectations/narrative_patterns.yaml, compiled once: the vocabulary of reports as data."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from ..recognise.templates import by_kind
from ..recognise.text import norm

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Source:
    """Where a quantity's table figure is: one row of a fact table, one value column."""
    table: str
    where: tuple[tuple[str, Any], ...]
    value: str
    cell: str
    band: str | None = None


@dataclass(frozen=True)
class Quantity:
    key: str
    name: str
    kind: str  # money | count | score | grade
    before: re.Pattern[str]  # labels and filler, anchored at the end of the text before the number
    after: re.Pattern[str] | None  # labels right after number and unit
    anywhere: re.Pattern[str]  # the labels wherever they stand (mentions, yoy objects)
    sections: frozenset[str] | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    name: str
    aliases: tuple[str, ...]  # normalised


@dataclass(frozen=True)
class PartWhole:
    whole: str
    parts: tuple[str, ...]
    fund: str | None


@dataclass(frozen=True)
class Patterns:
    formats: dict[str, str]  # suffix → txt | docx | pdf | legacy
    text_encodings: tuple[str, ...]
    pdf_min_chars_per_page: int
    report_markers: tuple[str, ...]
    min_sections: int
    title_lines: int
    year: re.Pattern[str]
    min_alias_chars: int
    max_heading_chars: int
    slack_chars: int
    top_numbering: re.Pattern[str]
    sub_numbering: re.Pattern[str]
    front_key: str
    other_key: str
    sections: tuple[SectionSpec, ...]
    sentence_end: re.Pattern[str]
    clause_end: re.Pattern[str]
    number: re.Pattern[str]  # groups: arabic | chinese
    not_quantity: re.Pattern[str]
    unit: re.Pattern[str]
    unit_family: dict[str, str]  # unit as written → money | count | score | percent
    funds: dict[str, re.Pattern[str]]
    kind_rules: dict[str, str]
    quantities: dict[str, Quantity]
    grade: re.Pattern[str]  # label, filler, then group `word`
    grade_bands: dict[str, str]  # normalised word → 优 | 良 | 中 | 差
    yoy: re.Pattern[str]
    yoy_lead: re.Pattern[str]  # words a clause may open with before its change word
    directions: dict[str, str]  # word → up | down | flat
    part_whole: tuple[PartWhole, ...]


def _alternation(words: list[str]) -> str:
    """Longest first, so that 万元 is tried before 元 and 不合格 before 合格."""
    return "|".join(sorted(words, key=len, reverse=True))


def _identifier(name: str) -> str:
    # Table and column names become SQL identifiers: only plain names are allowed.
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"narrative_patterns.yaml: {name!r} is not a plain table or column name")
    return name


def _source(raw: dict[str, Any]) -> Source:
    return Source(
        table=_identifier(raw["table"]),
        where=tuple((_identifier(k), v) for k, v in (raw.get("where") or {}).items()),
        value=_identifier(raw["value"]),
        cell=_identifier(raw["cell"]),
        band=_identifier(raw["band"]) if raw.get("band") else None,
    )


def _quantity(key: str, raw: dict[str, Any], filler: str) -> Quantity:
    labels = "|".join(raw["labels"])
    return Quantity(
        key=key, name=raw["name"], kind=raw["kind"],
        before=re.compile(f"(?:{labels}){filler}$"),
        after=re.compile(f"(?:{'|'.join(raw['after'])})") if raw.get("after") else None,
        anywhere=re.compile(f"(?:{labels})"),
        sections=frozenset(raw["sections"]) if raw.get("sections") else None,
        sources=tuple(_source(s) for s in raw["source"]),
    )


def compile_patterns(raw: dict[str, Any]) -> Patterns:
    units = raw["units"]
    numbers = raw["numbers"]
    sections = raw["sections"]
    quantities = {key: _quantity(key, spec, raw["filler"]) for key, spec in raw["quantities"].items()}
    grade_labels = "|".join(raw["quantities"]["grade"]["labels"])
    bands = by_kind()["T11"].aliases("grade_bands")
    directions = {w: d for d, words in raw["yoy"]["directions"].items() for w in words}
    return Patterns(
        formats={suffix: fmt for fmt, suffixes in raw["formats"].items() for suffix in suffixes},
        text_encodings=tuple(raw["text_encodings"]),
        pdf_min_chars_per_page=int(raw["pdf_min_chars_per_page"]),
        report_markers=tuple(norm(m) for m in raw["report_markers"]),
        min_sections=int(raw["min_sections"]),
        title_lines=int(raw["identify"]["title_lines"]),
        year=re.compile(raw["identify"]["year_pattern"]),
        min_alias_chars=int(raw["identify"]["min_alias_chars"]),
        max_heading_chars=int(sections["max_heading_chars"]),
        slack_chars=int(sections["slack_chars"]),
        top_numbering=re.compile(sections["top_numbering"]),
        sub_numbering=re.compile(sections["sub_numbering"]),
        front_key=sections["front"],
        other_key=sections["other"],
        sections=tuple(SectionSpec(k, v["name"], tuple(norm(a) for a in v["aliases"]))
                       for k, v in sections["keys"].items()),
        sentence_end=re.compile(raw["sentence_end"]),
        clause_end=re.compile(raw["clause_end"]),
        number=re.compile(f"(?P<arabic>{numbers['arabic']})|(?P<chinese>{numbers['chinese']})"),
        not_quantity=re.compile(numbers["not_quantities"]),
        unit=re.compile(f"(?:{_alternation([re.escape(u) for f in units.values() for u in f])})"),
        unit_family={u: family for family, words in units.items() for u in words},
        funds={fund: re.compile(p) for fund, p in raw["funds"].items()},
        kind_rules={kind: spec["rule"] for kind, spec in raw["kinds"].items()},
        quantities=quantities,
        grade=re.compile(f"(?:{grade_labels}){raw['filler']}(?P<word>{_alternation(list(bands))})"),
        grade_bands=bands,
        yoy=re.compile(raw["yoy"]["pattern"].replace("DIRECTIONS", _alternation(list(directions)))),
        yoy_lead=re.compile(f"{raw['yoy']['lead_words']}$"),
        directions=directions,
        part_whole=tuple(PartWhole(p["whole"], tuple(p["parts"]), p.get("fund")) for p in raw["part_whole"]),
    )


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    text = files("juesuan.expectations").joinpath("narrative_patterns.yaml").read_text("utf-8")
    return compile_patterns(yaml.safe_load(text))
