"""The catalogue is whole and consistent: ids, fields, queries, suites, the checks of domain.md,
and every rule id the code can put in a finding."""
from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from juesuan.validate import catalogue
from juesuan.validate.catalogue import sql_text

ROOT = Path(__file__).resolve().parents[1]
RULE_ID = re.compile(r"^(F|C|T(?:[1-9]|1[01])|X|Y|P)-\d{3}$")
# The checks research/domain.md lists in §2.2, §2.3, §2.5 and §3.3 (worked examples excluded).
DOMAIN_CHECKS = (
    [f"T1.{c}" for c in "abcdefg"] + ["T2.a", "T2.b", "T2.c", "T3.a", "T3.b"]
    + [f"T4.{c}" for c in "abcdef"] + ["T5.a", "T5.b", "T5.c"] + [f"T6.{c}" for c in "abcd"]
    + [f"T7.{c}" for c in "abcde"] + ["T8.a", "T8.b", "T8.c"] + [f"X{i}" for i in range(1, 17)]
    + ["§2.5"] + [f"§3.3 check {i}" for i in range(1, 9)]
)


def _mentions(text: str, check: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(check)}(?![\w]|\.\w)", text) is not None


def test_ids_and_fields():
    rules = catalogue().rules
    assert len({r.id for r in rules}) == len(rules)
    for r in rules:
        assert RULE_ID.match(r.id), r.id
        assert r.severity in ("error", "warning", "info"), r.id
        assert r.scope in ("file", "cell", "row", "table", "cross-table", "cross-year", "self-evaluation"), r.id
        assert r.tolerance in ("envelope", "exact", "none"), r.id
        assert r.quantity in ("money", "score", "rate", "text"), r.id
        assert r.unreadable in ("row", "column", "none"), r.id
        assert r.message_zh and r.description_en and r.implements, r.id
        assert all(re.fullmatch(r"T(?:[1-9]|1[01])", t) for t in r.tables), r.id


def test_every_validated_rule_has_its_query_and_expectation():
    suites = {}
    for entry in files("juesuan.expectations").joinpath("suites").iterdir():
        if entry.name.endswith(".json"):
            suite = json.loads(entry.read_text("utf-8"))
            suites[suite["name"]] = {e["meta"]["check"] for e in suite["expectations"]}
    for r in catalogue().rules:
        if r.stage == "parse":
            assert r.where and not r.sql, r.id
            continue
        assert sql_text(r.sql), r.id
        assert r.expectation in suites[r.suite], r.id
        if r.suite == "identities":
            relations = {run.relation or r.relation for run in r.runs}
            assert relations <= {"=", "≤", "≥", "≠"} and None not in relations, r.id


def test_suites_load_into_great_expectations_whole():
    from juesuan.validate.expectations import _gx
    for name, suite in _gx().suites.items():
        raw = json.loads(files("juesuan.expectations").joinpath("suites", f"{name}.json").read_text("utf-8"))
        assert len(suite.expectations) == len(raw["expectations"]), name


def test_every_check_of_domain_md_is_implemented_or_said_why_not():
    covered = [r.implements for r in catalogue().rules] + [g["implements"] for g in catalogue().not_covered]
    missing = [c for c in DOMAIN_CHECKS if not any(_mentions(text, c) for text in covered)]
    assert missing == []


def test_every_rule_id_the_code_emits_is_in_the_catalogue():
    known = {r.id for r in catalogue().rules}
    emitted = set()
    for path in (ROOT / "juesuan").rglob("*.py"):
        if "demo" in path.parts or "narrative" in path.parts:
            continue
        emitted |= set(re.findall(r"[\"']([FC]-\d{3})[\"']", path.read_text("utf-8")))
    assert emitted and emitted <= known, emitted - known


@pytest.mark.parametrize("rule_id", [r.id for r in catalogue().rules if r.stage == "parse"])
def test_every_parse_rule_is_made_somewhere(rule_id):
    where = catalogue().rule(rule_id).where
    texts = [(ROOT / p.strip()).read_text("utf-8") for p in where.split(",")]
    assert any(rule_id in t for t in texts), (rule_id, where)


def test_great_expectations_is_set_up_once_per_process():
    from juesuan.validate import prepare
    from juesuan.validate.expectations import _gx
    prepare()
    prepare()
    assert _gx() is _gx()
