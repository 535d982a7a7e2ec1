"""The rule catalogue (expectations/rules.yaml) as values: rules, their runs and their SQL.

Everything a rule does is data in the catalogue; this module only reads it and fills defaults.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

_PARAM = re.compile(r"\$([a-z_]+)")
# Suites whose rows name their rule (identities and text rules, one row per workbook and
# identity); the other suites check cells, and their expectation names the rule.
ROW_SUITES = ("identities", "labels")
_SELECTOR_FIELDS = ("tbl", "part", "key", "level", "code")


@dataclass(frozen=True)
class Run:
    """One execution of a rule's query: its parameters, and the relation when a run overrides it."""
    params: dict[str, Any]
    relation: str | None


@dataclass(frozen=True)
class Rule:
    id: str
    implements: str
    severity: str
    scope: str
    tables: tuple[str, ...]
    message_zh: str
    description_en: str
    tolerance: str
    relation: str | None
    quantity: str
    unreadable: str
    unreadable_cell: bool
    stage: str  # 'parse' | 'validate'
    where: str | None  # parse-time rules: the module that makes the finding
    sql: str | None
    suite: str | None
    expectation: str | None
    runs: tuple[Run, ...] = field(default=())

    @property
    def label_rule(self) -> bool:
        return self.suite == "labels"

    @property
    def identity_rule(self) -> bool:
        return self.suite in ROW_SUITES


@dataclass
class Catalogue:
    rules: tuple[Rule, ...]
    not_covered: tuple[dict[str, str], ...]
    default_unit: tuple[str, int]
    score_decimals: int
    rate_decimals: int
    by_id: dict[str, Rule] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.rules}

    def rule(self, rule_id: str) -> Rule:
        return self.by_id[rule_id]

    def by_check(self, suite: str, check: str) -> Rule:
        """The one rule a (suite, expectation) pair judges, for suites whose rows name no rule."""
        return next(r for r in self.rules if r.suite == suite and r.expectation == check)


def _selector(raw: dict[str, Any], *, required_default: bool) -> dict[str, Any]:
    """A selector with every field present (DuckDB binds structs by their fields)."""
    out = {k: raw.get(k) for k in _SELECTOR_FIELDS}
    out["level"] = int(out["level"]) if out["level"] is not None else None
    out["label"] = raw.get("label", "")
    out["sign"] = int(raw.get("sign", 1))
    out["required"] = bool(raw.get("required", required_default))
    return out


def _params(raw: dict[str, Any]) -> dict[str, Any]:
    params = dict(raw)
    for name in ("anchor", "prior"):
        if name in params:
            params[name] = _selector(params[name], required_default=True)
    for name in ("left", "right"):
        if name in params:
            params[name] = _selector(params[name], required_default=False)
    if "terms" in params and params["terms"] and "tbl" in params["terms"][0]:
        params["terms"] = [_selector(t, required_default=False) for t in params["terms"]]
    elif "terms" in params:  # row_sum terms: {part, key, sign}
        params["terms"] = [{"part": t.get("part"), "key": t["key"], "sign": int(t.get("sign", 1))}
                           for t in params["terms"]]
    if "anchor" in params and "terms" in params:
        params.setdefault("min_terms", 0)
    return params


def _runs(evaluation: dict[str, Any]) -> tuple[Run, ...]:
    raw = evaluation.get("params", {})
    runs = raw if isinstance(raw, list) else [raw]
    out = []
    for params in runs:
        params = dict(params)
        relation = params.pop("relation", None)
        out.append(Run(_params(params), relation))
    return tuple(out)


def _rule(raw: dict[str, Any]) -> Rule:
    ev = raw.get("evaluation", {})
    stage = ev.get("stage", "validate")
    return Rule(
        id=raw["id"], implements=str(raw["implements"]), severity=raw["severity"], scope=raw["scope"],
        tables=tuple(raw.get("tables", ())), message_zh=raw["message_zh"],
        description_en=raw["description_en"], tolerance=raw.get("tolerance", "none"),
        relation=raw.get("relation"), quantity=raw.get("quantity", "money"),
        unreadable=raw.get("unreadable", "none"), unreadable_cell=bool(raw.get("unreadable_cell")),
        stage=stage, where=ev.get("where"), sql=ev.get("sql"), suite=ev.get("suite"),
        expectation=ev.get("expectation"), runs=_runs(ev) if stage != "parse" else (),
    )


def load_catalogue(text: str) -> Catalogue:
    raw = yaml.safe_load(text)
    unit = raw["default_unit"]
    return Catalogue(
        rules=tuple(_rule(r) for r in raw["rules"]),
        not_covered=tuple(raw.get("not_covered", ())),
        default_unit=(unit["unit"], int(unit["decimals"])),
        score_decimals=int(raw["score_decimals"]),
        rate_decimals=int(raw["rate_decimals"]),
    )


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(files("juesuan.expectations").joinpath("rules.yaml").read_text("utf-8"))


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    return files("juesuan.expectations").joinpath("sql", name).read_text("utf-8")


def bound(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a query names ($name), and only those: DuckDB refuses unused ones."""
    names = set(_PARAM.findall(sql))
    missing = names - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {k: params[k] for k in names}


def half_unit(decimals: int) -> Decimal:
    """Half a unit of the last printed decimal: 2 → 0.005."""
    return Decimal(5).scaleb(-(decimals + 1))
