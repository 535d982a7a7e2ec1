"""Values that flow between the stages: files → cells → tables → facts → findings.

Everything here is plain data (frozen where it can be) so that it pickles cheaply between the
parse worker processes and the single writer, and so that each stage can be tested alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

Coord = tuple[int, int]  # (row, col), 0-based, absolute from A1


def column_letters(col: int) -> str:
    """0-based column → 'A', 'B', … 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTERS = [column_letters(c) for c in range(256)]  # a fact's cell is named on the hot path


def a1(row: int, col: int) -> str:
    """0-based (row, col) → Excel A1 notation."""
    return f"{_LETTERS[col] if col < 256 else column_letters(col)}{row + 1}"


# --- read: what a reader returns (cells only; it knows nothing about tables) ---------------

@dataclass(frozen=True)
class RawSheet:
    name: str
    visible: bool
    # rows[r][c] is the cell at absolute (r, c): None for empty, else str / float / int /
    # bool / datetime exactly as the reader returned it (floats are NOT converted here).
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1) inclusive
    errors: dict[Coord, str] = field(default_factory=dict)  # cached error values, e.g. '#REF!'
    uncached_formulas: frozenset[Coord] = frozenset()  # formula cells with no cached value
    number_formats: dict[Coord, str] = field(default_factory=dict)  # where the reader gives them


@dataclass(frozen=True)
class RawWorkbook:
    fmt: str  # 'xlsx' | 'xls'
    sheets: list[RawSheet]


# --- findings ----------------------------------------------------------------------------

@dataclass
class Finding:
    rule_id: str
    severity: str  # 'error' | 'warning' | 'info'
    message: str
    file: str = ""
    outcome: str = "fail"  # 'fail' | 'not_evaluated'
    sheet: str | None = None
    cell: str | None = None
    expected: str | None = None
    actual: str | None = None
    root_cell: str | None = None
    report_section: str | None = None
    sentence: str | None = None
    sha256: str | None = None  # which workbook; mapped to submission_id at load

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "rule_id": self.rule_id, "outcome": self.outcome,
            "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
            "message": self.message, "expected": self.expected, "actual": self.actual,
            "root_cell": self.root_cell, "report_section": self.report_section,
            "sentence": self.sentence,
        }


# --- recognise: a table located on a sheet -------------------------------------------------

@dataclass(frozen=True)
class SheetUnit:
    unit: str  # '元' | '千元' | '万元' | '亿元'
    decimals: int  # decimals of the printed figures (2 or 4 for 万元, 2 for 元)
    cell: str | None  # where the unit was read


# --- discover / parse / load -------------------------------------------------------------

@dataclass(frozen=True)
class InboxEntry:
    """One path seen in the inbox, before it is read."""
    path: str
    size: int
    mtime: float
    sha256: str | None  # None for entries that are ignored without reading
    status: str  # 'candidate' | 'ignored' | 'rejected'
    reason: str = ""


@dataclass
class Department:
    dept_code: str
    dept_name: str
    region_code: str = ""
    region_name: str = ""
    unit_kind: str = "部门"
    parent_dept_code: str | None = None


@dataclass
class SheetInfo:
    sheet: str
    table_kind: str
    unit: str | None
    decimals: int | None
    title_cell: str | None


@dataclass
class ParsedWorkbook:
    """Everything one workbook yields: identity, facts (column lists per table) and findings.

    `facts[table]` maps column name → list of values; every list has the same length. Money
    columns hold Decimal yuan quantised to 0.01. Identity columns (submission_id, dept_code,
    fiscal_year) are added at load time.
    """
    path: str
    sha256: str
    size: int
    mtime: float
    fmt: str | None = None
    department: Department | None = None
    fiscal_year: int | None = None
    sheets: list[SheetInfo] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    facts: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rejected: bool = False
    reject_reason: str = ""

    @property
    def table_kinds(self) -> list[str]:
        return [s.table_kind for s in self.sheets]


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    files_seen: int = 0
    loaded: int = 0
    flagged: int = 0
    quarantined: int = 0
    rejected: int = 0
    unchanged: int = 0
    ignored: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    not_evaluated: int = 0
    rounding_differences: int = 0
    findings: list[Finding] = field(default_factory=list)
    ignored_paths: list[tuple[str, str]] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def exit_status(self) -> int:
        bad = self.rejected or self.quarantined or self.errors
        return 1 if bad else 0


Money = Decimal
