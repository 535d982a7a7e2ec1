"""The demo inbox end to end: consistent workbooks yield no error, each deliberately broken one
yields the finding it was broken for, the unreadable ones are rejected before validation."""
from __future__ import annotations

import pytest

from juesuan.demo.inbox import write_demo_inbox
from juesuan.pipeline import check

# fault → the rule that must report it (juesuan/demo/faults.py, seed.py)
INTENDED = {
    "seed_t5_total": "T5-001",
    "t3_total_off": "T3-002",
    "t1_unbalanced": "T1-005",
    "yuan_slip": "T6-001",
    "t7_total_mismatch": "T7-001",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's workbooks (its narrative reports are another stage's) and what check made of them."""
    folder = tmp_path_factory.mktemp("demo_inbox")
    files = [f for f in write_demo_inbox(folder, departments=8, years=(2022, 2024), seed=3)
             if f.path.suffix.lower() in (".xls", ".xlsx")]
    _, parsed, *_ = check([str(folder)], workers=0)
    return files, {wb.path: wb for wb in parsed}


def test_the_demo_has_broken_workbooks(demo):
    files, _ = demo
    assert {f.fault for f in files if f.expect == "flagged"} == set(INTENDED)


def test_consistent_workbooks_yield_no_error(demo):
    files, parsed = demo
    for f in files:
        if f.expect == "load":
            wb = parsed[str(f.path)]
            errors = [(x.rule_id, x.sheet, x.cell, x.message) for x in wb.findings
                      if x.outcome == "fail" and x.severity == "error"]
            assert errors == [], (f.path.name, f.style_summary)


def test_each_broken_workbook_yields_its_finding(demo):
    files, parsed = demo
    for f in files:
        if f.expect == "flagged":
            wb = parsed[str(f.path)]
            rules = {x.rule_id for x in wb.findings if x.outcome == "fail" and x.severity == "error"}
            assert INTENDED[f.fault] in rules, (f.path.name, f.fault, rules)


def test_unreadable_files_are_rejected_without_validation(demo):
    files, parsed = demo
    for f in files:
        if f.expect == "rejected" and str(f.path) in parsed:
            wb = parsed[str(f.path)]
            assert wb.rejected and all(x.rule_id.startswith("F-") for x in wb.findings), f.path.name
