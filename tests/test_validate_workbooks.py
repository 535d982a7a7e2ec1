"""Workbooks for the validation tests, and the base cases: consistent workbooks yield no error.

The other test_validate_* modules import the helpers below. Workbooks come from the demo's
consistent figures (juesuan.demo) and are parsed once per session; a failing case is a copy of
a parsed workbook with one fact changed (a fact fragment), so every rule is tested on the cells
the parser really produced.
"""
from __future__ import annotations

import copy
import hashlib
import random
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.demo import catalog
from juesuan.demo.figures import make_figures, seed_figures_2023, seed_figures_2023_corrected
from juesuan.demo.layout import write_workbook
from juesuan.demo.style import Style
from juesuan.model import Finding, InboxEntry, ParsedWorkbook
from juesuan.parse import parse_one
from juesuan.validate import validate

WAN = Decimal(10000)
GOV_FUND_DEPT = "430703113"  # 民政局: government-fund money (T8 full)
STATE_CAPITAL_DEPT = "430703115"  # 财政局: state-capital money (T9 full)


def parse(path: Path) -> ParsedWorkbook:
    data = path.read_bytes()
    return parse_one(InboxEntry(str(path), len(data), path.stat().st_mtime, hashlib.sha256(data).hexdigest(),
                                "candidate"))


def department(code: str):
    return next(d for d in catalog.departments() if d.dept_code == code)


def write(folder: Path, name: str, figures, style: Style = Style()) -> Path:
    path = folder / name
    write_workbook(figures, style, path)
    return path


def copy_of(wb: ParsedWorkbook, tag: str) -> ParsedWorkbook:
    """An independent copy with its own identity (validation keys workbooks by sha256)."""
    twin = copy.deepcopy(wb)
    twin.sha256 = hashlib.sha256(f"{wb.sha256}-{tag}".encode()).hexdigest()
    twin.path = f"{wb.path}#{tag}"
    for f in twin.findings:
        f.sha256, f.file = twin.sha256, twin.path
    return twin


def rows(wb: ParsedWorkbook, table: str, **where) -> list[int]:
    """Indexes of the fact rows of `table` whose columns equal `where`."""
    cols = wb.facts[table]
    n = len(next(iter(cols.values())))
    return [i for i in range(n) if all(cols[k][i] == v for k, v in where.items())]


_SRC = {"amount": "src_cell", "budget": "budget_src_cell", "actual": "actual_src_cell",
        "grade_band": "grade_src_cell", "note": "actual_src_cell"}


def _cell(cols: dict, i: int, column: str) -> tuple[str, str]:
    return cols["src_sheet"][i], cols[_SRC.get(column, f"{column}_src_cell")][i]


def cell_of(wb: ParsedWorkbook, table: str, column: str = "amount", **where) -> tuple[str, str]:
    """(sheet, cell) of the first fact matching `where`; `column` names which of its cells."""
    return _cell(wb.facts[table], rows(wb, table, **where)[0], column)


def change(wb: ParsedWorkbook, table: str, column: str = "amount", *, by=None, to=None,
           **where) -> tuple[str, str]:
    """Change one fact (the first matching `where`) by or to a value; returns its (sheet, cell)."""
    i = rows(wb, table, **where)[0]
    cols = wb.facts[table]
    cols[column][i] = cols[column][i] + by if by is not None else to
    return _cell(cols, i, column)


def add_fact(wb: ParsedWorkbook, table: str, **values) -> None:
    cols = wb.facts.setdefault(table, {})
    n = len(next(iter(cols.values()))) if cols else 0
    for name in set(cols) | set(values):
        cols.setdefault(name, [None] * n).append(values.get(name))


def findings(wb: ParsedWorkbook, rule_id: str, outcome: str = "fail") -> list[Finding]:
    return [f for f in wb.findings if f.rule_id == rule_id and f.outcome == outcome]


def errors(wb: ParsedWorkbook) -> list[Finding]:
    return [f for f in wb.findings if f.outcome == "fail" and f.severity == "error"]


def run(*workbooks: ParsedWorkbook, store=None):
    return validate(list(workbooks), store)


_BUILT: dict[str, ParsedWorkbook] = {}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, ParsedWorkbook]:
    """The parsed base workbooks, once per session however many modules use the fixture."""
    if not _BUILT:
        _BUILT.update(_build(tmp_path_factory.mktemp("validate_books")))
    return _BUILT


def _build(folder: Path) -> dict[str, ParsedWorkbook]:
    gov = make_figures(department(GOV_FUND_DEPT), 2023, random.Random(5), 2)
    capital = make_figures(department(STATE_CAPITAL_DEPT), 2023, random.Random(5), 2)
    yuan = make_figures(department(GOV_FUND_DEPT), 2023, random.Random(7), 6)
    four = make_figures(department(STATE_CAPITAL_DEPT), 2023, random.Random(9), 4)
    return {
        "gov": parse(write(folder, "gov_2023.xlsx", gov)),
        "capital": parse(write(folder, "capital_2023.xls", capital, Style(fmt="xls", t6_layout="three"))),
        "yuan": parse(write(folder, "yuan_2023.xlsx", yuan, Style(unit="元"))),
        "four": parse(write(folder, "four_2023.xlsx", four)),
        "seed": parse(write(folder, "seed_2023.xlsx", seed_figures_2023())),
        "seed_corrected": parse(write(folder, "seed_2023_corrected.xlsx", seed_figures_2023_corrected())),
    }


@pytest.fixture()
def books(built) -> dict[str, ParsedWorkbook]:
    """Fresh copies for one test: validation appends findings."""
    return {name: copy_of(wb, "t") for name, wb in built.items()}


def test_bases_parse_cleanly(built):
    for name, wb in built.items():
        assert not wb.rejected, name
        assert not [f for f in wb.findings if f.severity == "error"], (name, wb.findings)


def test_consistent_workbooks_yield_no_error(books):
    consistent = [wb for name, wb in books.items() if name != "seed"]
    run(*consistent)
    for wb in consistent:
        assert errors(wb) == [], (wb.path, [(f.rule_id, f.sheet, f.cell, f.message) for f in errors(wb)])
        # only the year before is missing: cross-year rules cannot run, nothing else is skipped
        skipped = {f.rule_id for f in wb.findings if f.outcome == "not_evaluated"}
        assert skipped <= {"Y-001", "Y-002", "T8-001", "T8-002", "T8-003", "X-010", "X-012",
                           "T9-001", "T9-002", "T9-003", "X-011", "X-013"}, skipped


def test_demo_figures_are_what_the_tests_assume(built):
    assert rows(built["gov"], "fct_fiscal_expenditure", source_table="T8", level=0, measure="closing_balance")
    assert rows(built["capital"], "fct_fiscal_expenditure", source_table="T9", level=0, measure="closing_balance")
    assert [s.decimals for s in built["four"].sheets if s.table_kind == "T1"] == [4]
    assert [s.unit for s in built["yuan"].sheets if s.table_kind == "T1"] == ["元"]

