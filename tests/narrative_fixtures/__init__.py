"""Reports written for the tests, in the seed report's style (our own text), and their helpers."""
from __future__ import annotations

from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from juesuan.discover import sha256_of
from juesuan.model import InboxEntry
from juesuan.narrative import Figure, YearFigures

HERE = Path(__file__).parent
# The seed's figures in our words; the demo inbox ships the same report beside its workbook.
REPORT_2023 = Path(str(files("juesuan.demo").joinpath("seed_report_2023.txt")))
CLAIMS_REPORT = HERE / "claims_2023.txt"  # every kind of claim, another department

T1, T3, T4 = "收入支出决算总表", "支出决算表", "财政拨款收入支出决算总表"
T6, T7 = "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表"
T10, T11 = "部门基本情况", "部门整体支出绩效自评表"


def entry(path: Path) -> InboxEntry:
    st = path.stat()
    return InboxEntry(str(path), st.st_size, st.st_mtime, sha256_of(str(path)), "candidate")


def _money(wan: str, sheet: str, cell: str) -> Figure:
    return Figure(Decimal(wan) * 10000, sheet, cell, "万元", 2)


def seed_tables(year: int = 2023, three_public: str = "0.00") -> YearFigures:
    """The figures of the seed department's 2023 tables, at the cells its workbook holds them."""
    values = {
        "total_income": _money("1130.35", T1, "B13"),
        "general_budget_income": _money("1123.72", T1, "B5"),
        "other_income": _money("6.63", T1, "B12"),
        "total_expenditure": _money("1130.35", T1, "D13"),
        "general_budget_expenditure": _money("1123.72", T4, "E9"),
        "basic": _money("286.95", T3, "D5"),
        "project": _money("843.40", T3, "E5"),
        "personnel": _money("265.55", T6, "C19"),
        "running": _money("21.40", T6, "F19"),
        "three_public_total": _money(three_public, T7, "B7"),
        "three_public_outbound_travel": _money(three_public, T7, "D7"),
        "three_public_vehicle_total": _money(three_public, T7, "F7"),
        "three_public_vehicle_purchase": _money(three_public, T7, "H7"),
        "three_public_vehicle_operation": _money(three_public, T7, "J7"),
        "three_public_reception": _money(three_public, T7, "L7"),
        "admin_posts": Figure(Decimal(8), T10, "B9", decimals=0),
        "institution_posts": Figure(Decimal(15), T10, "B10", decimals=0),
        "staff_in_service": Figure(Decimal(18), T10, "B11", decimals=0),
        "retirees": Figure(Decimal(5), T10, "B12", decimals=0),
        "internal_units": Figure(Decimal(3), T10, "B13", decimals=0),
        "subordinate_units": Figure(Decimal(2), T10, "B14", decimals=0),
        "self_score": Figure(Decimal("98.00"), T11, "G23"),
        "grade": Figure(None, T11, "F24", text="优秀", band="优"),
    }
    return YearFigures(year, f"inbox/{year}/行政审批服务局.xlsx", values)
