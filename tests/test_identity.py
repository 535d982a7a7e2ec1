"""Identity confusion (issue 7 §5): a workbook that names two departments or two years gets a
finding that says which, never a silent mix. F-012 and F-013 reject (the workbook cannot be
attributed); F-009, F-010 and F-014 load it flagged, by what its content says."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from juesuan.model import ParsedWorkbook
from juesuan.parse import parse_one

from .hostile import base, identity
from .hostile.identity import AUDIT, EDUCATION, POLICE
from .hostile.isolated import entry

UNIT = ("430703126001", "常德市鼎城区政务服务中心")  # a 单位 of the 行政审批服务局
PARENT = ("430703126", "常德市鼎城区行政审批服务局")


def parsed(path: Path) -> ParsedWorkbook:
    return parse_one(entry(path))


def errors(wb: ParsedWorkbook, rule: str) -> list[str]:
    return [f.message for f in wb.findings if f.rule_id == rule and f.severity == "error"]


def test_tables_of_two_departments_are_rejected_saying_which(tmp_path):
    wb = parsed(identity.two_departments(tmp_path / "a.xlsx"))
    assert wb.rejected and wb.department is None
    (message,) = errors(wb, "F-012")
    assert "「收入支出决算总表」表头为“常德市鼎城区审计局”" in message and "「支出决算表」表头为“常德市鼎城区公安局”" in message


def test_a_second_copy_of_a_table_still_names_its_department(tmp_path):
    path = identity.same_table_twice(tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    book["支出决算表（修改后）"]["A2"] = f"部门：{POLICE[1]}"
    book.save(path)
    wb = parsed(path)
    assert wb.rejected and errors(wb, "F-009") and POLICE[1] in errors(wb, "F-012")[0]


@pytest.mark.parametrize("t3_dept", ["鼎城区审计局", "区审计局", "审计局"])
def test_the_same_department_written_shorter_is_no_conflict(tmp_path, t3_dept):
    wb = parsed(base.write(tmp_path / "a.xlsx", AUDIT[1], t3_dept=t3_dept))
    assert not wb.rejected and wb.department.dept_code == AUDIT[0]


def test_a_unit_and_its_own_department_are_no_conflict(tmp_path):
    """A 单位's 自评表 names its 主管部门: the unit's workbook stays the unit's."""
    wb = parsed(base.write(tmp_path / "a.xlsx", UNIT[1], t3_dept=PARENT[1]))
    assert not wb.rejected and wb.department.dept_code == UNIT[0]


def test_a_profile_naming_another_department_than_the_tables_is_rejected(tmp_path):
    wb = parsed(identity.profile_vs_lines(tmp_path / "a.xlsx"))
    assert wb.rejected
    (message,) = errors(wb, "F-013")
    assert f"单位编码为“{POLICE[0]}（{POLICE[1]}）”" in message and f"表头为“{AUDIT[1]}”" in message


def test_a_profile_whose_code_and_name_disagree_is_rejected(tmp_path):
    wb = parsed(identity.profile_code_vs_name(tmp_path / "a.xlsx"))
    assert wb.rejected
    (message,) = errors(wb, "F-013")
    assert POLICE[0] in message and f"单位名称为“{AUDIT[1]}”" in message


def test_a_new_department_is_named_by_its_profile_and_lines(tmp_path):
    """A code not in departments.csv: the lines must name the profile's department, not another."""
    new = identity.profile("430703977", "常德市鼎城区新设局")
    ok = parsed(base.write(tmp_path / "ok.xlsx", "常德市鼎城区新设局", profile=new))
    assert not ok.rejected and (ok.department.dept_code, ok.department.dept_name) == ("430703977", "常德市鼎城区新设局")
    mixed = parsed(base.write(tmp_path / "mixed.xlsx", EDUCATION[1], profile=new))
    assert mixed.rejected and EDUCATION[1] in errors(mixed, "F-013")[0]


def test_years_that_disagree_between_sheets_say_which_sheet_says_which(tmp_path):
    wb = parsed(identity.year_between_sheets(tmp_path / "a.xlsx"))
    assert not wb.rejected and wb.fiscal_year == 2023
    (message,) = errors(wb, "F-010")
    assert "「收入支出决算总表」2023年，「支出决算表」2022年" in message


def test_a_profile_year_disagreeing_with_the_tables_is_a_finding(tmp_path):
    wb = parsed(identity.profile_year(tmp_path / "a.xlsx"))
    (message,) = errors(wb, "F-010")
    assert "「部门基本情况」的决算年度2022年" in message and wb.fiscal_year == 2022


@pytest.mark.parametrize("name, says", [
    (f"2023年度{EDUCATION[1]}部门决算.xlsx", EDUCATION[1]),
    (f"{POLICE[0]}_2023_部门决算.xlsx", POLICE[1]),
    ("2022年度鼎城区审计局决算.xlsx", "年度 2022"),
])
def test_a_file_name_naming_another_department_or_year_is_a_finding(tmp_path, name, says):
    wb = parsed(identity.consistent_profile(tmp_path / name))
    assert not wb.rejected and wb.department.dept_code == AUDIT[0] and wb.fiscal_year == 2023
    (message,) = errors(wb, "F-014")
    assert says in message


@pytest.mark.parametrize("name", [
    "2023年度鼎城区审计局部门决算.xlsx",  # itself
    f"2023年度{PARENT[1]}单位决算.xlsx",  # a unit's file filed under its department
    "决算报表(3).xlsx", "审计局决算20240315.xlsx", "2024年3月报送.xlsx",  # no department, date stamps
])
def test_file_names_that_agree_or_say_nothing_are_no_finding(tmp_path, name):
    dept = UNIT[1] if PARENT[1] in name else AUDIT[1]
    wb = parsed(base.write(tmp_path / name, dept))
    assert not wb.rejected and not errors(wb, "F-014")
