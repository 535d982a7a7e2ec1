"""Which department and year a report is about: from its own title first, then its file name."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Department
from ..recognise.text import norm
from ..refdata import Reference
from .patterns import Patterns


@dataclass(frozen=True)
class Identity:
    department: Department | None
    fiscal_year: int | None
    # (what, in the text, in the file name) where the two disagree; the text is followed
    conflicts: tuple[tuple[str, str, str], ...] = field(default=())


def find_department(text: str, ref: Reference, min_chars: int) -> Department | None:
    """The department whose name or alias the text contains; the longest name wins."""
    key = norm(text)
    exact = ref.find_department(text)
    if exact:
        return exact
    hits = [(len(alias), code) for alias, code in ref.dept_by_name.items() if len(alias) >= min_chars and alias in key]
    return ref.departments[max(hits)[1]] if hits else None


def find_year(text: str, pats: Patterns) -> int | None:
    m = pats.year.search(norm(text))
    return int(m.group(1)) if m else None


def identify(title_lines: list[str], path: str, ref: Reference, pats: Patterns) -> Identity:
    title = "".join(title_lines)
    name = PurePath(path).stem
    dept_text = find_department(title, ref, pats.min_alias_chars) if title else None
    dept_name = find_department(name, ref, pats.min_alias_chars)
    year_text = find_year(title, pats) if title else None
    year_name = find_year(name, pats)
    conflicts = []
    if dept_text and dept_name and dept_text.dept_code != dept_name.dept_code:
        conflicts.append(("部门", dept_text.dept_name, dept_name.dept_name))
    if year_text and year_name and year_text != year_name:
        conflicts.append(("年度", f"{year_text}年度", f"{year_name}年度"))
    return Identity(dept_text or dept_name, year_text or year_name, tuple(conflicts))
