"""Reference lists shipped in data/: code lists by year and the analysts' department list.

Loaded once at the edge of a run and passed into the pure stages as a value.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from .model import Department
from .recognise.text import norm, strip_ordinal


@dataclass(frozen=True)
class Reference:
    # (year, code) → name, for 支出功能分类 and 经济分类
    func_names: dict[tuple[int, str], str]
    econ_names: dict[tuple[int, str], str]
    # normalised 类 name (or alias) → 3-digit code, any year
    class_by_name: dict[str, str]
    departments: dict[str, Department]
    # normalised name or alias → dept_code
    dept_by_name: dict[str, str] = field(default_factory=dict)

    def class_code(self, label_key: str) -> str | None:
        return self.class_by_name.get(label_key)

    def find_department(self, name: str) -> Department | None:
        code = self.dept_by_name.get(norm(name))
        return self.departments.get(code) if code else None


def _rows(name: str) -> list[dict[str, str]]:
    path = files("juesuan.data").joinpath(*name.split("/"))
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def build_reference(func: list[dict[str, str]], econ: list[dict[str, str]],
                    aliases: list[dict[str, str]], depts: list[dict[str, str]]) -> Reference:
    func_names = {(int(r["fiscal_year"]), r["func_code"]): r["func_name"] for r in func}
    econ_names = {(int(r["fiscal_year"]), r["econ_code"]): r["econ_name"] for r in econ}
    class_by_name = {strip_ordinal(norm(name)): code for (_, code), name in func_names.items() if len(code) == 3}
    for r in aliases:
        if len(r["func_code"]) == 3:
            class_by_name.setdefault(strip_ordinal(norm(r["alias"])), r["func_code"])
    departments: dict[str, Department] = {}
    dept_by_name: dict[str, str] = {}
    for r in depts:
        d = Department(r["dept_code"], r["dept_name"], r.get("region_code", ""), r.get("region_name", ""),
                       r.get("unit_kind") or "部门", r.get("parent_dept_code") or None)
        departments[d.dept_code] = d
        for name in [d.dept_name, *filter(None, (r.get("aliases") or "").split("|"))]:
            dept_by_name.setdefault(norm(name), d.dept_code)
    return Reference(func_names, econ_names, class_by_name, departments, dept_by_name)


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    return build_reference(_rows("ref/function_class.csv"), _rows("ref/economic_class.csv"),
                           _rows("ref/function_class_aliases.csv"), _rows("departments.csv"))
