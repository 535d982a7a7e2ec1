"""§5 Identity confusion: workbooks that name two departments or two years."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from . import base

AUDIT = ("430703128", "常德市鼎城区审计局")
POLICE = ("430703112", "常德市鼎城区公安局")
EDUCATION = ("430703109", "常德市鼎城区教育局")
DEPARTMENTS = ("常德市鼎城区审计局", "常德市鼎城区公安局", "常德市鼎城区教育局", "常德市鼎城区统计局",
               "常德市鼎城区林业局", "常德市鼎城区信访局")


def profile(code: str, name: str, year: int = 2023, staff: int = 40) -> dict[str, object]:
    return {"单位名称": name, "单位编码": code, "决算年度": year, "在职人数": staff, "离退休人数": 12}


def two_departments(path: Path) -> Path:
    """The 收入支出决算总表 of the 审计局 and the 支出决算表 of the 公安局 in one workbook."""
    return base.write(path, AUDIT[1], t3_dept=POLICE[1])


def same_table_twice(path: Path) -> Path:
    base.write(path, AUDIT[1])
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb[base.T3]).title = "支出决算表（修改后）"
    wb.save(path)
    return path


def year_between_sheets(path: Path) -> Path:
    return base.write(path, AUDIT[1], t3_year=2022)


def profile_year(path: Path) -> Path:
    """The 部门基本情况 says 2022; every table title says 2023."""
    return base.write(path, AUDIT[1], profile=profile(*AUDIT, year=2022))


def profile_vs_lines(path: Path) -> Path:
    """The 部门基本情况 is the 公安局's; every table's department line names the 审计局."""
    return base.write(path, AUDIT[1], profile=profile(*POLICE))


def profile_code_vs_name(path: Path) -> Path:
    """Code of the 公安局, name of the 审计局, and no department line on the tables."""
    return base.write(path, None, profile=profile(POLICE[0], AUDIT[1]))


def consistent_profile(path: Path, staff: int = 40) -> Path:
    """Code, name and lines agree (the 单位名称 written shorter than in departments.csv);
    `staff` makes otherwise equal files differ."""
    return base.write(path, AUDIT[1], profile=profile(AUDIT[0], "鼎城区审计局", staff=staff))
