"""Tables found by title and header text on a hand-built sheet (two lanes, split codes, merges)."""
from decimal import Decimal

import openpyxl

from juesuan.model import ParsedWorkbook
from juesuan.normalise.workbook import parse_workbook
from juesuan.read.workbook import read_workbook
from juesuan.refdata import load_reference


def _rows(facts, table):
    cols = facts[table]
    n = len(next(iter(cols.values())))
    return [{k: v[i] for k, v in cols.items()} for i in range(n)]


def _write(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"  # the title is only in the first rows
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:F1")
    ws["A2"] = "部门：常德市鼎城区行政审批服务局"
    ws["F2"] = "金额单位：万元"
    ws["A3"] = "2023年度"
    ws.append(["收入", None, None, "支出", None, None])
    ws.merge_cells("A4:C4")
    ws.merge_cells("D4:F4")
    ws.append(["项目", "行次", "金额", "项目(按功能分类)", "行次", "金额"])
    ws.append(["栏次", None, 1, "栏次", None, 2])
    for row in [("一、一般公共预算财政拨款收入", 1, 1123.72, "一、一般公共服务支出", 31, 1130.35),
                ("二、政府性基金预算财政拨款收入", 2, "-", "本年支出合计", 32, "1,130.35"),
                ("八、其他收入", 8, " 6.63 ", "结余分配", 33, None),
                ("本年收入合计", 27, 1130.35, "年末结转和结余", 34, 0),
                ("使用非财政拨款结余", 28, None, "总计", 35, 1130.35),
                ("年初结转和结余", 29, 0, None, None, None),
                ("总计", 30, 1130.35, None, None, None)]:
        ws.append(list(row))
    t3 = wb.create_sheet("支出决算表")
    t3["A1"] = "支出决算表"
    t3["A2"] = "编制单位：鼎城区行政审批局"
    t3["G2"] = "单位：万元"
    t3.append(["项目", None, None, None, "本年支出合计", "基本支出", "项目支出"])
    t3.append(["支出功能分类科目编码", None, None, "科目名称", None, None, None])
    t3.append(["类", "款", "项", None, None, None, None])
    for rng in ("A3:D3", "A4:C4", "D4:D5", "E3:E5", "F3:F5", "G3:G5"):
        t3.merge_cells(rng)
    t3.append(["合计", None, None, None, 1130.35, 286.95, 843.40])
    t3.append([201, None, None, "一般公共服务支出", 1130.35, 286.95, 843.40])
    t3.append([201, "03", None, "政府办公厅（室）及相关机构\n事务", 1130.35, 286.95, 843.40])
    t3.append([201, "03", "01", "行政运行", 286.95, 286.95, None])
    t3.append([None, "03", 2, "一般行政管理事务", 843.40, None, 843.40])
    t3.append(["注：本表反映部门本年度各项支出情况。"])
    wb.save(path)


def test_two_lane_summary_and_split_codes(tmp_path):
    path = tmp_path / "x.xlsx"
    _write(path)
    wb = parse_workbook(read_workbook(str(path)), ParsedWorkbook(str(path), "0" * 64, 1, 0.0), load_reference())
    assert not wb.rejected
    assert wb.department.dept_code == "430703126" and wb.fiscal_year == 2023
    summary = {(r["side"], r["line_key"]): r for r in _rows(wb.facts, "fct_summary")}
    assert summary[("income", "fiscal_general")]["amount"] == Decimal("11237200.00")
    assert summary[("income", "fiscal_general")]["src_cell"] == "C7"
    assert summary[("income", "fiscal_general")]["line_no"] == 1
    assert summary[("income", "fiscal_gov_fund")]["is_blank"] is True
    assert summary[("income", "other")]["amount"] == Decimal("66300.00")
    assert summary[("expenditure", "class")]["func_code"] == "201"
    assert summary[("expenditure", "total_expenditure")]["src_cell"] == "F8"
    exp = {(r["func_code"], r["kind"]): r for r in _rows(wb.facts, "fct_expenditure")}
    assert exp[(None, "total")]["level"] == 0 and exp[(None, "total")]["src_cell"] == "E6"
    assert exp[("20103", "basic")]["func_name"] == "政府办公厅（室）及相关机构事务"
    assert exp[("2010302", "project")]["amount"] == Decimal("8434000.00")
    assert exp[("2010302", "basic")]["is_blank"] is True
    assert {s.table_kind for s in wb.sheets} == {"T1", "T3"}
