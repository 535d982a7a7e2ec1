"""write_demo_inbox: a realistic inbox of a district's final-account workbooks over several years.

Every department of departments.csv for every year it exists, in layouts spread so that every
style option occurs several times in both formats; the seed department's first submission and
its later correction; two subordinate units; a few workbooks that break an identity; broken
files that must be rejected and files that must be ignored. Deterministic from `seed`.
"""
from __future__ import annotations

import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

from juesuan.model import Department

from . import broken, catalog
from .faults import apply_fault
from .figures import (
    SEED_DEPT_CODE, SEED_UNIT_CODES, SEED_YEAR, figures_for, make_figures,
    seed_figures_2023_corrected,
)
from .layout import write_workbook
from .style import AXES, MONEY, Style

# The seed department's software: the same layout for the first submission and its correction.
SEED_STYLE = Style(fmt="xlsx", sheet_naming="title", title_dept=True, code_layout="split",
                   code_header="merged", column_numbers=True, amounts="number")
UNIT_STYLE = Style(fmt="xls", sheet_naming="code", profile="pairs2", code_as="number")
FLAGGED = ("t3_total_off", "t1_unbalanced", "yuan_slip", "t7_total_mismatch")
FAULT_EVERY = 5  # at most one faulty workbook per this many ordinary ones
CORRECTED = "（更正）"  # how a resubmission's file name says what it is
NAME_PATTERNS = (
    ("{year}年度{name}部门决算.{ext}", 5),
    ("{short}{year}年部门决算公开表.{ext}", 3),
    ("{name}{year}年度决算报表.{ext}", 2),
    ("决算报表({n}).{ext}", 1),
    ("{year}年{short}决算（公开）.{ext}", 2),
    ("{code}_{year}_部门决算.{ext}", 1),
)


@dataclass(frozen=True)
class DemoFile:
    path: Path
    dept_code: str | None
    fiscal_year: int | None
    expect: str  # load | flagged | rejected | ignored
    fault: str | None = None
    style: Style | None = field(default=None, compare=False)

    @property
    def style_summary(self) -> str:
        return self.style.summary() if self.style else ""


def spread_styles(n: int, rng: random.Random) -> list[tuple[Style, int]]:
    """n styles (with the figures' decimals) alternating format; within each format every
    value of every option is used about equally often, in shuffled combinations."""
    fmts = [AXES["fmt"][i % 2] for i in range(n)]
    picks: list[dict] = [{"fmt": f} for f in fmts]
    for fmt in AXES["fmt"]:
        slots = [i for i, f in enumerate(fmts) if f == fmt]
        for axis, values in [*AXES.items(), ("money", MONEY)]:
            if axis == "fmt":
                continue
            cycle = [values[k % len(values)] for k in range(len(slots))]
            rng.shuffle(cycle)
            for i, value in zip(slots, cycle):
                picks[i][axis] = value
    out = []
    for pick in picks:
        unit, decimals = pick.pop("money")
        out.append((Style(unit=unit, **pick), decimals))
    return out


def _select(departments: int | Iterable[str] | None) -> list[Department]:
    every = list(catalog.departments())
    heads = [d for d in every if d.unit_kind == "部门"]
    if departments is None:
        chosen = heads
    elif isinstance(departments, int):
        chosen = heads[:departments]
        seed_dept = next(d for d in heads if d.dept_code == SEED_DEPT_CODE)
        if seed_dept not in chosen and chosen:
            chosen[-1] = seed_dept
    else:
        codes = set(departments)
        chosen = [d for d in heads if d.dept_code in codes]
    codes = {d.dept_code for d in chosen}
    return chosen + [d for d in every if d.unit_kind == "单位" and d.parent_dept_code in codes]


class _Names:
    """Realistic, unique file names per folder."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[Path] = set()
        self.generic = 0

    def pick(self, folder: Path, dept: Department, year: int, ext: str, pattern: str | None = None) -> Path:
        if pattern is None:
            patterns, weights = zip(*NAME_PATTERNS)
            pattern = self.rng.choices(patterns, weights=weights)[0]
        self.generic += "{n}" in pattern
        short = (catalog.aliases().get(dept.dept_code) or (dept.dept_name,))[0]
        path = folder / pattern.format(year=year, name=dept.dept_name, short=short, n=self.generic,
                                       code=dept.dept_code, ext=ext)
        while path in self.used:
            path = path.with_name(f"{path.stem}(2){path.suffix}")
        self.used.add(path)
        return path


def write_demo_inbox(out_dir: str | os.PathLike, departments: int | Iterable[str] | None = None,
                     years: tuple[int, int] = (2022, 2024), seed: int = 20231) -> list[DemoFile]:
    """Write the demo inbox under out_dir/<year>/ and say what each file is expected to do."""
    out = Path(out_dir)
    rng = random.Random(seed)
    year_list = list(range(years[0], years[1] + 1))
    chosen = _select(departments)
    jobs = [(d, y) for y in year_list for d in chosen
            if d.unit_kind == "部门" and catalog.exists_in(d.dept_code, y)
            and (d.dept_code, y) != (SEED_DEPT_CODE, SEED_YEAR)]
    styles = spread_styles(len(jobs), rng)
    faulty = _fault_slots(jobs, styles, year_list, rng)
    names = _Names(rng)
    files: list[DemoFile] = []

    def emit(path: Path, dept: Department | None, year: int | None, expect: str,
             fault: str | None = None, style: Style | None = None) -> None:
        files.append(DemoFile(path, dept.dept_code if dept else None, year, expect, fault, style))

    for y in year_list:
        (out / str(y)).mkdir(parents=True, exist_ok=True)
    for i, ((dept, year), (style, decimals)) in enumerate(zip(jobs, styles)):
        fig = figures_for(dept, year, random.Random(f"{seed}-{dept.dept_code}-{year}"), decimals)
        fault = faulty.get(i)
        if fault:
            fig = apply_fault(fig, fault)
        path = names.pick(out / str(year), dept, year, style.fmt)
        write_workbook(fig, style, path)
        emit(path, dept, year, "flagged" if fault else "load", fault, style)
    if SEED_YEAR in year_list:
        _seed_files(out / str(SEED_YEAR), chosen, names, emit, seed)
    _odd_files(out, year_list, chosen, names, emit, seed)
    _set_times(files)
    return files


def sample_workbooks(out_dir: str | os.PathLike, n: int, seed: int = 7,
                     years: tuple[int, int] = (2022, 2024)) -> list[Path]:
    """n consistent workbooks in every layout, cycling through departments and years (a
    department-year repeats, as a resubmission would, once n exceeds them): bench material."""
    out = Path(out_dir)
    rng = random.Random(seed)
    heads = [d for d in catalog.departments() if d.unit_kind == "部门"]
    pairs = [(d, y) for y in range(years[0], years[1] + 1) for d in heads
             if catalog.exists_in(d.dept_code, y)]
    paths = []
    for i, (style, decimals) in enumerate(spread_styles(n, rng)):
        dept, year = pairs[i % len(pairs)]
        fig = make_figures(dept, year, random.Random(f"{seed}-{i}"), decimals)
        path = out / str(year) / f"{year}年度{dept.dept_name}部门决算_{i:05d}.{style.fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(fig, style, path)
        paths.append(path)
    return paths


def _fault_slots(jobs: list, styles: list[tuple[Style, int]], year_list: list[int],
                 rng: random.Random) -> dict[int, str]:
    """Which jobs get which identity fault: 万元 workbooks, spread over the years, and few
    enough that most of a small inbox still loads cleanly."""
    eligible = [i for i, (style, _) in enumerate(styles) if style.unit == "万元"]
    slots: dict[int, str] = {}
    for k, fault in enumerate(FLAGGED[: len(jobs) // FAULT_EVERY]):
        year = year_list[k % len(year_list)]
        pool = [i for i in eligible if jobs[i][1] == year and i not in slots] or \
               [i for i in eligible if i not in slots]
        if pool:
            slots[rng.choice(pool)] = fault
    return slots


def _seed_files(folder: Path, chosen: list[Department], names: _Names, emit, seed: int) -> None:
    by_code = {d.dept_code: d for d in chosen}
    dept = by_code.get(SEED_DEPT_CODE)
    if dept is None:
        return
    first = names.pick(folder, dept, SEED_YEAR, "xlsx", NAME_PATTERNS[0][0])
    write_workbook(figures_for(dept, SEED_YEAR, random.Random(seed)), SEED_STYLE, first)
    emit(first, dept, SEED_YEAR, "flagged", "seed_t5_total", SEED_STYLE)
    corrected = first.with_name(f"{first.stem}{CORRECTED}{first.suffix}")
    write_workbook(seed_figures_2023_corrected(), SEED_STYLE, corrected)
    emit(corrected, dept, SEED_YEAR, "load", None, SEED_STYLE)
    # The department's self-evaluation report, in the seed's words' style: its unit slip,
    # its general-budget part/whole mix-up and its "三公 fell" claim are for the narrative rules.
    report = folder / f"{SEED_YEAR}年度{dept.dept_name}部门整体支出绩效自评报告.txt"
    report.write_bytes(files("juesuan.demo").joinpath("seed_report_2023.txt").read_bytes())
    emit(report, dept, SEED_YEAR, "flagged", "seed_report", None)
    for code in SEED_UNIT_CODES:
        unit = by_code.get(code)
        if unit is not None:
            path = folder / f"{SEED_YEAR}年度{unit.dept_name}单位决算.{UNIT_STYLE.fmt}"
            write_workbook(figures_for(unit, SEED_YEAR, random.Random(seed)), UNIT_STYLE, path)
            emit(path, unit, SEED_YEAR, "load", None, UNIT_STYLE)


def _odd_files(out: Path, year_list: list[int], chosen: list[Department], names: _Names, emit,
               seed: int) -> None:
    """Rejected and ignored files, spread over the year folders."""
    heads = [d for d in chosen if d.unit_kind == "部门"] or chosen
    rng = random.Random(f"{seed}-odd")
    style = Style()
    for k, kind in enumerate(("truncated", "empty", "csv_renamed", "encrypted", "no_known_table")):
        year = year_list[k % len(year_list)]
        dept = rng.choice([d for d in heads if catalog.exists_in(d.dept_code, year)] or heads)
        folder = out / str(year)
        fig = figures_for(dept, year, random.Random(f"{seed}-{kind}"))
        if kind == "truncated":
            path = names.pick(folder, dept, year, "xlsx", "决算报表({n}).{ext}")
            broken.truncated(path, fig, style)
        elif kind == "empty":
            path = folder / "新建 Microsoft Excel 工作表.xlsx"
            broken.empty(path)
        elif kind == "csv_renamed":
            path = names.pick(folder, dept, year, "xlsx", "{short}{year}决算导出.{ext}")
            broken.csv_renamed(path, fig)
        elif kind == "encrypted":
            path = names.pick(folder, dept, year, "xlsx", "{year}年度{name}部门决算（加密）.{ext}")
            broken.encrypted(path, fig, style)
        else:
            path = names.pick(folder, dept, year, "xls", "{year}年度{short}决算填报说明.{ext}")
            broken.no_known_table(path, "xls")
        emit(path, dept if kind != "empty" else None, year if kind != "empty" else None,
             "rejected", kind)
    year = year_list[-1]
    target = next(iter(sorted((out / str(year)).glob("*.xlsx"))), None)
    lock = out / str(year) / f"~${target.name if target else f'{year}年度部门决算.xlsx'}"
    broken.lock_file(lock)
    emit(lock, None, None, "ignored", "lock_file")
    broken.readme(out / "说明.txt")
    emit(out / "说明.txt", None, None, "ignored", "not_a_workbook")


def _set_times(files: list[DemoFile]) -> None:
    """Plausible submission times: the spring after the fiscal year, minutes apart; the
    correction of the seed's workbook a month after the first submission."""
    latest = max((f.fiscal_year for f in files if f.fiscal_year), default=SEED_YEAR)
    for i, f in enumerate(files):
        year = f.fiscal_year or latest
        when = datetime(year + 1, 3, 10, 9, 0) + timedelta(minutes=7 * i)
        if f.path.stem.endswith(CORRECTED):
            when += timedelta(days=30)
        stamp = when.timestamp()
        os.utime(f.path, (stamp, stamp))
