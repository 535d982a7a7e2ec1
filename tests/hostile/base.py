"""Clean workbooks: the good file of every corpus run, and the base hostile files are cut from.

Two tables (T1 收入支出决算总表, T3 支出决算表) and optionally T10 部门基本情况, written with
openpyxl from yuan figures in any unit, so that what the store must hold is known exactly.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import openpyxl
import xlwt

UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


class Figures(NamedTuple):
    """Yuan. fiscal + other = basic + project: the workbook balances."""
    fiscal: Decimal
    other: Decimal
    basic: Decimal
    project: Decimal

    @property
    def total(self) -> Decimal:
        return self.fiscal + self.other


# The seed's figures (whole 百元: 千元 sheets print them with one decimal) and a coarser set in
# whole 万元 that 亿元 sheets print within their four decimals.
SEED = Figures(Decimal(11237200), Decimal(66300), Decimal(2869500), Decimal(8434000))
COARSE = Figures(Decimal(11230000), Decimal(70000), Decimal(2870000), Decimal(8430000))
T1 = "收入支出决算总表"
T3 = "支出决算表"
T10 = "部门基本情况"
T3_TOTAL_CELL = "C4"  # T3 合计 本年支出合计: the cell the cell-lie cases overwrite


def write(path: Path, dept: str | None, *, year: int = 2023, unit: str | None = "万元", t3_dept: str | None = None,
          t3_year: int | None = None, profile: dict[str, object] | None = None,
          cells: dict[tuple[str, str], object] | None = None, figures: Figures = SEED) -> Path:
    """A balanced workbook of `dept`; `cells` overwrites (sheet, A1) cells after the figures
    (a str is text, even when it starts with '='; '#REF!' and the like are cached errors).

    dept=None and unit=None leave the department and unit lines out; t3_dept / t3_year put another
    department or year on the 支出决算表's lines; `profile` adds a 部门基本情况 sheet of label →
    value pairs.
    """
    money, f = _printer(unit or "万元"), figures
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = T1
    _head(ws, f"{year}年度{T1}", dept, unit, "D2")
    ws.append(["项目", "决算数", "项目", "决算数"])
    for row in [("一、一般公共预算财政拨款收入", f.fiscal, "一、一般公共服务支出", f.total),
                ("八、其他收入", f.other, "本年支出合计", f.total),
                ("本年收入合计", f.total, "年末结转和结余", 0),
                ("年初结转和结余", 0, "总计", f.total),
                ("总计", f.total, None, None)]:
        ws.append([money(v) if isinstance(v, (int, Decimal)) else v for v in row])
    t3 = wb.create_sheet(T3)
    _head(t3, f"{t3_year or year}年度{T3}", t3_dept or dept, unit, "E2")
    t3.append(["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"])
    for code, name, basic, project in [("合计", None, f.basic, f.project), ("201", "一般公共服务支出", f.basic, f.project),
                                       ("20103", "政府办公厅（室）及相关机构事务", f.basic, f.project),
                                       ("2010301", "行政运行", f.basic, None),
                                       ("2010302", "一般行政管理事务", None, f.project)]:
        t3.append([code, name, money((basic or 0) + (project or 0)), money(basic), money(project)])
    if profile is not None:
        sheet = wb.create_sheet(T10)
        sheet["A1"] = T10
        for label, value in profile.items():
            sheet.append([label, value])
    for (sheet, ref), value in (cells or {}).items():
        cell = wb[sheet][ref]
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text as a department typed it; openpyxl would make it a formula
    wb.save(path)
    return path


def _head(ws, title: str, dept: str | None, unit: str | None, unit_cell: str) -> None:
    ws["A1"] = title
    if dept:
        ws["A2"] = f"部门：{dept}"
    if unit:
        ws[unit_cell] = f"单位：{unit}"


def _printer(unit: str):
    factor = UNIT_FACTORS[unit]

    def money(yuan: Decimal | int | None) -> Decimal | None:
        return None if yuan is None else (Decimal(yuan) / factor).normalize() + 0
    return money


def write_xls(path: Path, dept: str) -> Path:
    """The same two tables as a BIFF8 .xls (the seed's figures in 万元), whatever `path` is named."""
    money = _printer("万元")
    f = SEED
    line = f"部门：{dept}"
    t1 = [[f"2023年度{T1}"], [line, None, None, "单位：万元"], ["项目", "决算数", "项目", "决算数"],
          ["一、一般公共预算财政拨款收入", f.fiscal, "一、一般公共服务支出", f.total],
          ["八、其他收入", f.other, "本年支出合计", f.total], ["本年收入合计", f.total, "年末结转和结余", 0],
          ["年初结转和结余", 0, "总计", f.total], ["总计", f.total]]
    t3 = [[f"2023年度{T3}"], [line, None, None, None, "单位：万元"],
          ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
          ["合计", None, f.total, f.basic, f.project], ["201", "一般公共服务支出", f.total, f.basic, f.project],
          ["20103", "政府办公厅（室）及相关机构事务", f.total, f.basic, f.project],
          ["2010301", "行政运行", f.basic, f.basic], ["2010302", "一般行政管理事务", f.project, None, f.project]]
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in ((T1, t1), (T3, t3)):
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, (int, Decimal)):
                    sheet.write(r, c, float(money(value)))  # .xls holds doubles
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path
