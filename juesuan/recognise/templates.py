"""Table templates: the YAML files of schemas/templates, compiled for matching.

All aliases are normalised once here (see text.norm) so matching is a dict lookup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from .text import norm


@dataclass(frozen=True)
class Dim:
    name: str
    aliases: dict[str, str]  # normalised alias → value
    default: str | None


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    titles: tuple[str, ...]  # normalised
    title_excludes: tuple[str, ...]
    sheet_hints: tuple[str, ...]
    layout: str
    fact_table: str
    required: bool
    roles: dict[str, str]  # normalised alias → role
    dims: tuple[Dim, ...]
    raw: dict[str, Any] = field(repr=False)

    def aliases(self, key: str) -> dict[str, str]:
        """A {value: [aliases]} mapping of the raw template, inverted and normalised."""
        return _invert(self.raw.get(key) or {})


@dataclass(frozen=True)
class Common:
    unit_pattern: re.Pattern[str]
    unit_in_header_pattern: re.Pattern[str]
    entity_pattern: re.Pattern[str]
    year_pattern: re.Pattern[str]
    total_labels: frozenset[str]
    note_prefixes: tuple[str, ...]
    empty_table_markers: tuple[str, ...]
    title_scan_rows: int


def _invert(mapping: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, aliases in mapping.items():
        for alias in aliases:
            out.setdefault(norm(str(alias)), value)
    return out


def _compile(raw: dict[str, Any]) -> Template:
    roles = _invert(raw.get("roles") or {})
    dims = tuple(
        Dim(name, _invert(spec["values"]), spec.get("default"))
        for name, spec in (raw.get("dims") or {}).items()
    )
    return Template(
        kind=raw["kind"],
        title=raw["title"],
        titles=tuple(norm(t) for t in raw["titles"]),
        title_excludes=tuple(norm(t) for t in raw.get("title_excludes") or ()),
        sheet_hints=tuple(norm(t) for t in raw.get("sheet_hints") or ()),
        layout=raw["layout"],
        fact_table=raw["fact_table"],
        required=bool(raw.get("required")),
        roles=roles,
        dims=dims,
        raw=raw,
    )


def _read_yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load(files("juesuan.schemas").joinpath("templates", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    names = sorted(
        p.name for p in files("juesuan.schemas").joinpath("templates").iterdir()
        if p.name.endswith(".yaml") and not p.name.startswith("_")
    )
    return tuple(_compile(_read_yaml(n)) for n in names)


@lru_cache(maxsize=1)
def common() -> Common:
    raw = _read_yaml("_common.yaml")
    return Common(
        unit_pattern=re.compile(raw["unit_pattern"]),
        unit_in_header_pattern=re.compile(raw["unit_in_header_pattern"]),
        entity_pattern=re.compile(raw["entity_pattern"]),
        year_pattern=re.compile(raw["year_pattern"]),
        total_labels=frozenset(norm(t) for t in raw["total_labels"]),
        note_prefixes=tuple(raw["note_prefixes"]),
        empty_table_markers=tuple(raw["empty_table_markers"]),
        title_scan_rows=int(raw["title_scan_rows"]),
    )


def by_kind() -> dict[str, Template]:
    return {t.kind: t for t in templates()}
