"""Property: any amount written into a workbook of any layout family comes out of the fct_
tables unchanged to the fen, with the right source cell.

The writer here is independent of juesuan.demo on purpose, so the parser is not only tested
against the generator that shares its assumptions.
"""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.demo.grid import new_book
from juesuan.discover import sha256_of
from juesuan.model import InboxEntry, a1
from juesuan.normalise.amount import UNIT_FACTORS
from juesuan.parse import parse_one
from juesuan.store.connect import open_working
from juesuan.store.load import load_batch

FACT_TABLES = ("fct_summary", "fct_expenditure", "fct_basic_by_econ")


def _text(value: Decimal, style: str) -> object:
    if style == "number":
        return float(value)  # Excel stores doubles: the writer edge is the only place a float exists
    grouped = f"{value:,}"
    if style == "text_spaces":
        return f"  {value}  "
    if style == "fullwidth":
        return grouped.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    return grouped


class Filler:
    """Writes drawn amounts into cells and remembers what each cell must load as (yuan)."""

    def __init__(self, amounts: list[Decimal], unit: str, style: str):
        self.amounts, self.unit, self.style = iter(amounts), unit, style
        self.expected: dict[tuple[str, str], Decimal] = {}

    def put(self, sheet, name: str, r: int, c: int) -> None:
        value = next(self.amounts)
        sheet.put(r, c, _text(value, self.style))
        self.expected[(name, a1(r, c))] = (value * UNIT_FACTORS[self.unit]).quantize(Decimal("0.01"))


def _heading(sheet, title: str, unit: str, width: int) -> None:
    sheet.merge(0, 0, 0, width - 1, title)
    sheet.put(1, 0, "部门：常德市鼎城区行政审批服务局")
    sheet.put(1, width - 1, f"单位：{unit}")
    sheet.put(2, 0, "2023年度")


def write_t1(book, fill: Filler, line_no: bool) -> None:
    name = "收入支出决算总表"
    s = book.sheet(name)
    w = 6 if line_no else 4
    _heading(s, name, fill.unit, w)
    half = w // 2
    s.merge(3, 0, 3, half - 1, "收入")
    s.merge(3, half, 3, w - 1, "支出")
    heads = ["项目", "行次", "金额"] if line_no else ["项目", "决算数"]
    for i, h in enumerate(heads + ["项目(按功能分类)"] + heads[1:]):
        s.put(4, i, h)
    income = ["一、一般公共预算财政拨款收入", "五、事业收入", "八、其他收入", "本年收入合计", "年初结转和结余", "总计"]
    spend = ["一、一般公共服务支出", "二、教育支出", "九、卫生健康支出", "本年支出合计", "年末结转和结余", "总计"]
    for i, (left, right) in enumerate(zip(income, spend)):
        r = 5 + i
        s.put(r, 0, left)
        s.put(r, half, right)
        if line_no:
            s.put(r, 1, i + 1)
            s.put(r, half + 1, 30 + i + 1)
        fill.put(s, name, r, half - 1)
        fill.put(s, name, r, w - 1)


def write_t3(book, fill: Filler, codes: str, total_first: bool) -> None:
    name = "支出决算表"
    s = book.sheet(name)
    split = codes == "split"
    label_w = 4 if split else 2
    _heading(s, name, fill.unit, label_w + 3)
    if split:
        s.merge(3, 0, 3, 2, "支出功能分类科目编码")
        for i, h in enumerate(("类", "款", "项")):
            s.put(4, i, h)
        s.merge(3, 3, 4, 3, "科目名称")
    else:
        s.merge(3, 0, 4, 0, "科目编码")
        s.merge(3, 1, 4, 1, "科目名称")
    for i, h in enumerate(("本年支出合计", "基本支出", "项目支出")):
        s.merge(3, label_w + i, 4, label_w + i, h)
    body = [("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
            ("205", "教育支出"), ("20502", "普通教育"), ("2050201", "学前教育")]
    rows = [("合计", None)] + body if total_first else body + [("合计", None)]
    for i, (code, label) in enumerate(rows):
        r = 5 + i
        if code == "合计":
            s.put(r, 0, "合计")
        elif split:
            s.put(r, 0, int(code[:3]) if len(code) == 3 else code[:3])
            if len(code) >= 5:
                s.put(r, 1, code[3:5])
            if len(code) == 7:
                s.put(r, 2, int(code[5:7]))
            s.put(r, 3, label)
        else:
            s.put(r, 0, int(code) if codes == "single_number" else code)
            s.put(r, 1, label)
        for j in range(3):
            fill.put(s, name, r, label_w + j)


def write_t6(book, fill: Filler, lanes: int) -> None:
    name = "一般公共预算财政拨款基本支出决算表"
    s = book.sheet(name)
    groups = [[("301", "工资福利支出"), ("30101", "基本工资"), ("303", "对个人和家庭的补助"), ("30302", "退休费")],
              [("302", "商品和服务支出"), ("30201", "办公费"), ("30211", "差旅费")],
              [("310", "资本性支出"), ("31002", "办公设备购置")]]
    if lanes == 2:
        groups = [groups[0], groups[1] + groups[2]]
    _heading(s, name, fill.unit, 3 * lanes)
    for g in range(lanes):
        for j, h in enumerate(("科目编码", "科目名称", "决算数")):
            s.put(3, 3 * g + j, h)
    for g, items in enumerate(groups):
        for i, (code, label) in enumerate(items):
            s.put(4 + i, 3 * g, code)
            s.put(4 + i, 3 * g + 1, label)
            fill.put(s, name, 4 + i, 3 * g + 2)
    last = 4 + max(len(items) for items in groups)
    s.put(last, 0, "人员经费合计")
    fill.put(s, name, last, 2)
    s.put(last, 3, "公用经费合计")
    fill.put(s, name, last, 5)


T7_ITEMS = [("合计", None), ("因公出国（境）费", None), ("公务用车购置及运行费", ("小计", "公务用车购置费", "公务用车运行费")),
            ("公务接待费", None)]
T7_ROWS = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行维护费", "其中：公务用车运行维护费", "公务用车购置费"]


def write_t7(book, fill: Filler, wide: bool) -> None:
    name = "一般公共预算财政拨款“三公”经费支出决算表"
    s = book.sheet(name)
    if not wide:
        _heading(s, name, fill.unit, 3)
        for j, h in enumerate(("项目", "预算数", "决算数")):
            s.put(3, j, h)
        for i, label in enumerate(T7_ROWS):
            s.put(4 + i, 0, label)
            fill.put(s, name, 4 + i, 1)
            fill.put(s, name, 4 + i, 2)
        return
    _heading(s, name, fill.unit, 12)
    s.merge(3, 0, 3, 11, "财政拨款“三公”经费")
    c = 0
    for label, subs in T7_ITEMS:
        if subs is None:
            s.merge(4, c, 5, c + 1, label)
            leaves = [(c, None)]
        else:
            s.merge(4, c, 4, c + 5, label)
            leaves = [(c + 2 * k, sub) for k, sub in enumerate(subs)]
        for col, sub in leaves:
            if sub:
                s.merge(5, col, 5, col + 1, sub)
            s.put(6, col, "预算数")
            s.put(6, col + 1, "决算数")
            fill.put(s, name, 7, col)
            fill.put(s, name, 7, col + 1)
        c += 2 * len(leaves)


def write_workbook(path: Path, fmt: str, fill: Filler, layout: dict) -> None:
    book = new_book(fmt)
    write_t1(book, fill, layout["line_no"])
    write_t3(book, fill, layout["codes"], layout["total_first"])
    write_t6(book, fill, layout["lanes"])
    write_t7(book, fill, layout["t7_wide"])
    book.save(path)


N_AMOUNTS = 12 * 2 + 7 * 3 + 10 + 2 + 12


def _amounts(decimals: int):
    return st.lists(st.decimals(min_value=0, max_value=Decimal("99999999"), places=decimals,
                                allow_nan=False, allow_infinity=False),
                    min_size=N_AMOUNTS, max_size=N_AMOUNTS)


@st.composite
def cases(draw):
    unit, decimals = draw(st.sampled_from([("万元", 2), ("万元", 4), ("元", 2)]))
    return dict(
        fmt=draw(st.sampled_from(["xlsx", "xls"])), unit=unit,
        style=draw(st.sampled_from(["number", "text_thousands", "text_spaces", "fullwidth"])),
        layout=dict(line_no=draw(st.booleans()), codes=draw(st.sampled_from(["single_text", "single_number", "split"])),
                    total_first=draw(st.booleans()), lanes=draw(st.sampled_from([2, 3])),
                    t7_wide=draw(st.booleans())),
        amounts=draw(_amounts(decimals)),
    )


@settings(max_examples=int(os.environ.get("JUESUAN_PROPERTY_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=cases())
def test_amounts_round_trip_to_the_fen_with_their_source_cell(case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rt")
    path = folder / f"2023年度行政审批服务局.{case['fmt']}"
    fill = Filler(case["amounts"], case["unit"], case["style"])
    write_workbook(path, case["fmt"], fill, case["layout"])
    st_ = path.stat()
    wb = parse_one(InboxEntry(str(path), st_.st_size, st_.st_mtime, sha256_of(str(path)), "candidate"))
    assert not wb.rejected, wb.reject_reason
    con = open_working(folder / "wh.duckdb")
    try:
        assert load_batch(con, "run", [wb])[0][1] in ("loaded", "flagged")
        got: dict[tuple[str, str], Decimal] = {}
        for table in FACT_TABLES:
            for sheet, cell, amount in con.execute(f"SELECT src_sheet, src_cell, amount FROM {table}").fetchall():
                got[(sheet, cell)] = amount
        for sheet, b_cell, budget, a_cell, actual in con.execute(
                "SELECT src_sheet, budget_src_cell, budget, actual_src_cell, actual FROM fct_three_public").fetchall():
            got[(sheet, b_cell)] = budget
            got[(sheet, a_cell)] = actual
    finally:
        con.close()
    assert {k: got.get(k) for k in fill.expected} == fill.expected
