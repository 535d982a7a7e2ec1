"""Package data the demo draws on: departments, their changes, and the yearly code lists.

The only module of the demo that reads files (the package's own data/, cached once).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from juesuan.model import Department


def _read(name: str) -> str:
    try:
        return resources.files("juesuan.data").joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:  # a source checkout run without installing: data/ is beside juesuan/
        return (Path(__file__).resolve().parents[2] / "data" / name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read(name))))


@dataclass(frozen=True)
class DepartmentChange:
    old_dept_code: str
    new_dept_code: str
    from_year: int


@cache
def departments() -> tuple[Department, ...]:
    return tuple(
        Department(r["dept_code"], r["dept_name"], r["region_code"], r["region_name"],
                   r["unit_kind"], r["parent_dept_code"] or None)
        for r in _rows("departments.csv"))


@cache
def aliases() -> dict[str, tuple[str, ...]]:
    """dept_code → short names kept by the analysts (区教育局 …)."""
    return {r["dept_code"]: tuple(a for a in r["aliases"].split("|") if a)
            for r in _rows("departments.csv")}


@cache
def department_changes() -> tuple[DepartmentChange, ...]:
    return tuple(DepartmentChange(r["old_dept_code"], r["new_dept_code"], int(r["from_year"]))
                 for r in _rows("department_changes.csv"))


def exists_in(dept_code: str, year: int) -> bool:
    """A department stops in the year its successor starts, and starts then too."""
    for change in department_changes():
        if dept_code == change.old_dept_code and year >= change.from_year:
            return False
        if dept_code == change.new_dept_code and year < change.from_year:
            return False
    return True


def _code_list(name: str, code_col: str, name_col: str) -> dict[int, dict[str, str]]:
    by_year: dict[int, dict[str, str]] = {}
    for r in _rows(name):
        by_year.setdefault(int(r["fiscal_year"]), {})[r[code_col]] = r[name_col]
    return by_year


@cache
def _function_classes() -> dict[int, dict[str, str]]:
    return _code_list("ref/function_class.csv", "func_code", "func_name")


@cache
def _economic_classes() -> dict[int, dict[str, str]]:
    return _code_list("ref/economic_class.csv", "econ_code", "econ_name")


def _nearest(by_year: dict[int, dict[str, str]], year: int) -> dict[str, str]:
    return by_year[min(by_year, key=lambda y: (abs(y - year), -y))]


def function_classes(year: int) -> dict[str, str]:
    """func_code → func_name of the year's list (the nearest year's when it has none)."""
    return _nearest(_function_classes(), year)


def economic_classes(year: int) -> dict[str, str]:
    return _nearest(_economic_classes(), year)
