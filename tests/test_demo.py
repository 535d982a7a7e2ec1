"""The demo generator: exact identities in the figures and in the written cells, the seed
department's real figures and inconsistency, and an inbox that covers every layout option."""
from __future__ import annotations

import os
import random
import re
import time
import zipfile
from collections import Counter
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
import xlrd

from juesuan.demo import Style, sample_workbooks, write_demo_inbox, write_workbook
from juesuan.demo import catalog, vocab
from juesuan.demo.faults import FAULTS, apply_fault
from juesuan.demo.figures import (
    SEED_UNIT_CODES, make_figures, seed_figures_2023, seed_figures_2023_corrected,
    unit_figures_2023,
)
from juesuan.demo.style import AXES, MONEY

D = Decimal
ZERO = D(0)
FULLWIDTH_BACK = str.maketrans("０１２３４５６７８９，．－％", "0123456789,.-%")
ORDINAL_LINE = re.compile(r"^[一二三四五六七八九十]+、(.+)$")
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def total(values):
    return sum(values, ZERO)


# --- identities on the figures object (domain.md §2.2–2.3) --------------------------------

def broken_identities(f, t5=True) -> list[str]:
    """Every identity of domain.md §2.2–2.3 that the figures break (empty when consistent)."""
    bad = []

    def eq(a, b, what):
        if a != b:
            bad.append(f"{what}: {a} != {b}")

    inc, spent = f.t1.income, f.t1.expenditure
    eq(inc["income_total"], total(inc[k] for k, _ in vocab.T1_INCOME), "T1.a")
    eq(spent["expenditure_total"], total(r.values["amount"] for r in f.t1.classes), "T1.b")
    eq(inc["grand_total"], inc["income_total"] + inc["use_nonfiscal_surplus"]
       + inc["opening_balance"], "T1.c")
    eq(spent["grand_total"], spent["expenditure_total"] + spent["surplus_distribution"]
       + spent["closing_balance"], "T1.d")
    eq(inc["grand_total"], spent["grand_total"], "T1.e")
    tables = [("T2", f.t2), ("T3", f.t3)] + ([("T5", f.t5)] if t5 else [])
    tables += [(n, t) for n, t in (("T8", f.t8), ("T9", f.t9)) if t is not None]
    for name, t in tables:
        for c in t.columns:
            eq(t.total.values[c], total(r.values[c] for r in t.body if r.level == 1), f"{name} 合计 {c}")
            for r in t.body:
                kids = [k for k in t.body if k.level == r.level + 1 and k.code.startswith(r.code)]
                if kids:
                    eq(r.values[c], total(k.values[c] for k in kids), f"{name} {r.code} {c}")
    for r in f.t2.rows:
        eq(r.values["total"], total(r.values[k] for k in f.t2.columns[1:]), f"T2.a {r.code}")
    for r in f.t3.rows:
        eq(r.values["total"], total(r.values[k] for k in f.t3.columns[1:]), f"T3.a {r.code}")
    if t5:
        for r in f.t5.rows:
            eq(r.values["total"], r.values["basic"] + r.values["project"], f"T5.a {r.code}")
    eq(inc["income_total"], f.t2.total.values["total"], "X1")
    eq(spent["expenditure_total"], f.t3.total.values["total"], "X2")
    eq(total(inc[k] for k in vocab.FUNDS), f.t2.total.values["fiscal_appropriation"], "X3")
    for k in ("superior_subsidy", "business", "operating", "affiliated_remit", "other"):
        eq(inc[k], f.t2.total.values[k], f"X3 {k}")
    t3_classes = {r.code: r.values["total"] for r in f.t3.body if r.level == 1}
    for r in f.t1.classes:
        eq(r.values["amount"], t3_classes[r.code], f"X4 {r.code}")
    t4 = f.t4
    eq(f.t2.total.values["fiscal_appropriation"], t4.income["income_total"], "X5")
    for fund in vocab.FUNDS:
        eq(inc[fund], t4.income[fund], f"X6 {fund}")
        eq(t4.closing[fund], t4.income[f"opening_{fund}"] + t4.income[fund]
           - t4.expenditure_total[fund], f"T4.f {fund}")
    eq(t4.income["income_total"], total(t4.income[k] for k in vocab.FUNDS), "T4.b")
    eq(t4.income["grand_total"], t4.income["income_total"] + t4.income["opening_total"], "T4.c")
    eq(t4.income["grand_total"], t4.grand_total["total"], "T4.e")
    for c in ("total", *vocab.FUNDS):
        eq(t4.grand_total[c], t4.expenditure_total[c] + t4.closing[c], f"T4.d {c}")
        eq(t4.expenditure_total[c], total(r.values[c] for r in t4.classes), f"T4 类 {c}")
    for r in t4.classes:
        eq(r.values["total"], total(r.values[k] for k in vocab.FUNDS), f"T4.a {r.code}")
    if t5:
        eq(t4.expenditure_total["general_budget"], f.t5.total.values["total"], "X7")
        t5_classes = {r.code: r.values["total"] for r in f.t5.body if r.level == 1}
        for r in t4.classes:
            if r.values["general_budget"]:
                eq(r.values["general_budget"], t5_classes[r.code], f"X8 {r.code}")
    eq(f.t5.total.values["basic"], f.t6.personnel_total + f.t6.running_total, "X9")
    for rows, what in ((f.t6.personnel, "人员"), (f.t6.running, "公用")):
        for r in rows:
            if r.level == 1:
                eq(r.values["amount"], total(k.values["amount"] for k in rows
                                             if k.level == 2 and k.code.startswith(r.code)), f"T6.a {r.code}")
    eq(f.t6.personnel_total, total(r.values["amount"] for r in f.t6.personnel
                                   if r.code in vocab.PERSONNEL_CLASSES), "T6.b")
    eq(f.t6.running_total, total(r.values["amount"] for r in f.t6.running
                                 if r.code in vocab.RUNNING_CLASSES), "T6.c")
    for side in (f.t7.budget, f.t7.actual):
        eq(side["total"], side["outbound_travel"] + side["vehicle_total"] + side["reception"], "T7.a")
        eq(side["vehicle_total"], side["vehicle_purchase"] + side["vehicle_operation"], "T7.b")
    econ = {r.code: r.values["amount"] for r in f.t6.personnel + f.t6.running}
    for item, code in vocab.THREE_PUBLIC_ECON.items():
        if econ.get(code, ZERO) > f.t7.actual[item]:
            bad.append(f"X14 {code}")
    for t, fund in ((f.t8, "gov_fund"), (f.t9, "state_capital")):
        if t is None:
            eq((t4.income[fund], t4.expenditure_total[fund]), (ZERO, ZERO), f"X11 {fund}")
            continue
        for r in t.rows:
            v = r.values
            eq(v["closing_balance"], v["opening_balance"] + v["income"] - v["total"], f"T8.a {r.code}")
            eq(v["total"], v["basic"] + v["project"], f"T8.b {r.code}")
        v = t.total.values
        eq((v["opening_balance"], v["income"], v["total"], v["closing_balance"]),
           (t4.income[f"opening_{fund}"], t4.income[fund], t4.expenditure_total[fund],
            t4.closing[fund]), f"X10 {fund}")
    ev = f.evaluation
    eq(ev.total_score, ev.execution[0].score + total(i.score for i in ev.indicators), "T11 总分")
    eq(ev.total_weight, 100, "T11 分值")
    for key in ("initial_budget", "full_year_budget", "executed"):
        eq(getattr(ev.execution[0], key), getattr(ev.execution[1], key)
           + getattr(ev.execution[2], key), f"T11 {key}")
    return bad


def on_grid(f) -> bool:
    """Every amount is a whole multiple of the figures' quantum."""
    amounts = [*f.t1.income.values(), *f.t1.expenditure.values()]
    for t in (f.t2, f.t3, f.t5, f.t8, f.t9):
        if t is not None:
            amounts += [v for r in t.rows for v in r.values.values()]
    amounts += [r.values["amount"] for r in f.t6.personnel + f.t6.running]
    return all(a.scaleb(f.decimals) == a.scaleb(f.decimals).to_integral_value() for a in amounts)


# --- reading the written cells ---------------------------------------------------------------

def read_book(path: Path) -> dict[str, tuple[list[list], bool]]:
    """sheet name → (rows of cell values, hidden)."""
    if path.suffix == ".xls":
        book = xlrd.open_workbook(path)
        return {s.name: ([[None if v == "" else v for v in s.row_values(r)] for r in range(s.nrows)],
                         bool(s.visibility)) for s in book.sheets()}
    book = openpyxl.load_workbook(path)
    return {ws.title: ([list(r) for r in ws.iter_rows(values_only=True)], ws.sheet_state != "visible")
            for ws in book.worksheets}


def amount(value) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, float):
        return D(repr(value))  # the shortest representation, never float arithmetic
    text = str(value).translate(FULLWIDTH_BACK).strip().replace(",", "")
    return ZERO if text in ("", "-", "—") else D(text)


def bare_title(rows: list[list]) -> str:
    title = next(v for v in rows[0] if v)
    return re.sub(r"^.*\d{4}年度", "", title)


def table(book: dict, title: str) -> list[list]:
    return next(rows for rows, _ in book.values() if rows and bare_title(rows) == title)


def cell(rows, r, c):
    return rows[r][c] if c < len(rows[r]) else None


def read_t1(rows: list[list]) -> tuple[dict[str, Decimal], list[tuple[str, Decimal]], dict[str, Decimal]]:
    """(income lines, expenditure class lines, expenditure totals) of a T1 sheet."""
    h = next(i for i, row in enumerate(rows) if vocab.ITEM in row)
    numbered = vocab.LINE_NO in rows[h]
    right = next(c for c, v in enumerate(rows[h]) if c and isinstance(v, str) and v.startswith(vocab.ITEM))
    step = 2 if numbered else 1
    income, classes, totals = {}, [], {}
    for r in range(h + 1, len(rows)):
        label = cell(rows, r, 0)
        if isinstance(label, str) and label not in (vocab.COLUMN_NO,) and not label.startswith("注"):
            income[label] = amount(cell(rows, r, step))
        label = cell(rows, r, right)
        if isinstance(label, str) and label != vocab.COLUMN_NO:
            value = amount(cell(rows, r, right + step))
            match = ORDINAL_LINE.match(label)
            if match:
                classes.append((match.group(1), value))
            else:
                totals[label] = value
    return income, classes, totals


def read_codes(rows: list[list], first_value: str) -> tuple[dict[str, dict], dict[str, Decimal]]:
    """(code → {header: amount}, 合计 row) of a T2/T3/T5 sheet, single or split codes."""
    h = next(i for i, row in enumerate(rows) if first_value in row)
    headers = {c: v for c, v in enumerate(rows[h]) if isinstance(v, str) and c >= rows[h].index(first_value)}
    split = any(vocab.CLASS in row for row in rows[h:h + 3])
    by_code, total_row, cls = {}, None, None
    for row in rows[h + 1:]:
        padded = row + [None] * 8
        if vocab.TOTAL in padded[:4]:
            total_row = {name: amount(padded[c]) for c, name in headers.items()}
            continue
        if split:
            parts = [None if v is None else str(v).strip() for v in padded[:3]]
            if not any(p and p.isdigit() for p in parts):
                continue
            cls = parts[0] or cls
            code = cls + (parts[1] or "") + (parts[2] or "")
        else:
            raw = padded[0]
            code = str(int(raw)) if isinstance(raw, float) else str(raw or "").strip()
            if not CODE.match(code):
                continue
        by_code[code] = {name: amount(padded[c]) for c, name in headers.items()}
    return by_code, total_row


def written_identities(path: Path) -> tuple[list[str], dict]:
    """T1 and T3 identities recomputed from the cells of a written workbook."""
    book = read_book(path)
    bad = []
    income, classes, totals = read_t1(table(book, vocab.TITLES["T1"]))
    lines = [v for k, v in income.items() if ORDINAL_LINE.match(k)]
    grand = [v for k, v in income.items() if k == vocab.GRAND_TOTAL]
    surplus = next(v for k, v in income.items() if k.startswith("使用非财政拨款结余"))
    if income["本年收入合计"] != total(lines):
        bad.append("T1 本年收入合计")
    if grand[0] != income["本年收入合计"] + surplus + income["年初结转和结余"]:
        bad.append("T1 收入总计")
    if totals["本年支出合计"] != total(v for _, v in classes):
        bad.append("T1 本年支出合计")
    if totals["总计"] != totals["本年支出合计"] + totals["结余分配"] + totals["年末结转和结余"]:
        bad.append("T1 支出总计")
    if grand[0] != totals["总计"]:
        bad.append("T1 收支总计")
    t3, t3_total = read_codes(table(book, vocab.TITLES["T3"]), "本年支出合计")
    for name in t3_total:
        classes_sum = total(v[name] for c, v in t3.items() if len(c) == 3)
        if t3_total[name] != classes_sum:
            bad.append(f"T3 合计 {name}")
        for code, values in t3.items():
            kids = [v for c, v in t3.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if len(code) < 7 and kids and values[name] != total(k[name] for k in kids):
                bad.append(f"T3 {code} {name}")
    for code, values in t3.items():
        parts = [values[k] for k in list(values)[1:]]
        if values["本年支出合计"] != total(parts):
            bad.append(f"T3 row {code}")
    if totals["本年支出合计"] != t3_total["本年支出合计"]:
        bad.append("T1↔T3 本年支出合计")
    t3_classes = {code: v["本年支出合计"] for code, v in t3.items() if len(code) == 3}
    if sorted(v for _, v in classes if v) != sorted(t3_classes.values()):
        bad.append("T1↔T3 classes")
    return bad, {"income": income, "totals": totals, "t3_total": t3_total, "t3": t3, "book": book}


# --- tests ------------------------------------------------------------------------------------

def test_seed_figures_as_filed():
    f = seed_figures_2023()
    assert f.dept.dept_code == "430703126" and f.fiscal_year == 2023
    assert f.t1.income["income_total"] == f.t1.expenditure["expenditure_total"] == D("1130.35")
    assert f.t1.income["general_budget"] == D("1123.72")
    assert f.t1.income["other"] == D("6.63")
    assert f.t3.total.values["basic"] == D("286.95")
    assert f.t3.total.values["project"] == D("843.40")
    assert (f.t6.personnel_total, f.t6.running_total) == (D("265.55"), D("21.40"))
    assert f.t4.expenditure_total["general_budget"] == D("1123.72")
    t5 = f.t5.total.values
    assert (t5["total"], t5["basic"], t5["project"]) == (D("1123.72"), D("286.95"), D("843.40"))
    assert t5["basic"] + t5["project"] == D("1130.35")
    assert total(r.values["total"] for r in f.t5.body if r.level == 1) == D("1130.35")
    assert all(v == 0 for v in (*f.t7.budget.values(), *f.t7.actual.values()))
    p = f.profile
    assert (p.admin_posts, p.institution_posts, p.staff_in_service, p.retirees) == (8, 15, 18, 5)
    assert (p.internal_units, p.subordinate_units) == (3, 2)
    assert p.internal_unit_names == ("办公室", "行政审批改革管理股", "政务公开服务股")
    assert (f.evaluation.total_score, f.evaluation.band) == (D(98), "优")
    # The one real inconsistency, and nothing else.
    assert {b.split(":")[0] for b in broken_identities(f)} == {"T5 合计 total", "T5.a ", "X8 201"}


def test_seed_figures_corrected():
    f = seed_figures_2023_corrected()
    assert f.t5.total.values["project"] == D("836.77")
    assert f.t5.total.values["total"] == D("1123.72") == D("286.95") + D("836.77")
    assert broken_identities(f) == []
    first = seed_figures_2023()
    for name in ("t1", "t2", "t3", "t4", "t6", "t7", "profile", "evaluation"):
        assert getattr(f, name) == getattr(first, name)


def test_units_are_consistent_parts_of_the_department():
    seed = seed_figures_2023_corrected()
    for code in SEED_UNIT_CODES:
        f = unit_figures_2023(code)
        assert f.dept.unit_kind == "单位" and f.dept.parent_dept_code == "430703126"
        assert broken_identities(f) == []
        assert 0 < f.t3.total.values["total"] < seed.t3.total.values["total"]


@pytest.mark.parametrize("decimals", [2, 4, 6])
def test_generated_figures_satisfy_every_identity(decimals):
    for dept in catalog.departments():
        for year in (2022, 2023, 2024):
            f = make_figures(dept, year, random.Random(f"{dept.dept_code}{year}{decimals}"), decimals)
            assert broken_identities(f) == [], (dept.dept_name, year)
            assert on_grid(f)


def test_some_departments_have_fund_and_state_capital_money():
    figs = [make_figures(d, y, random.Random(f"{d.dept_code}{y}"), 2)
            for d in catalog.departments() for y in (2022, 2023, 2024)]
    with_fund = sum(f.t8 is not None for f in figs)
    with_capital = sum(f.t9 is not None for f in figs)
    assert 3 <= with_fund < len(figs) // 3
    assert 1 <= with_capital < with_fund
    assert any(f.t1.income["business"] for f in figs) and any(f.t1.income["other"] for f in figs)
    assert {f.evaluation.band for f in figs} >= {"优", "良"}


def test_faults_break_their_identity():
    f = make_figures(catalog.departments()[8], 2023, random.Random(1), 2)
    expected = {"t3_total_off": "X2", "t1_unbalanced": "T1.e", "yuan_slip": "T6.a 302",
                "t7_total_mismatch": "T7.a"}
    for key in FAULTS:
        broken = {b.split(":")[0] for b in broken_identities(apply_fault(f, key))}
        assert expected[key] in broken, key


WRITE_STYLES = [
    Style(),
    Style(fmt="xls", line_numbers=True, class_lines="all", code_layout="split",
          split_parent="no_class", total_row="last", amounts="text_thousands", zero="-"),
    Style(fmt="xlsx", unit="元", unit_label="金额单位", align_sides=False, code_as="number",
          amounts="fullwidth", zero="—", code_header="flat", column_numbers=True),
    Style(fmt="xls", sheet_naming="generic", amounts="text_spaces", zero="blank", code_as="spaced",
          total_label="name", name_wrap=True, year_in="entity", profile="none"),
]


@pytest.mark.parametrize("style", WRITE_STYLES, ids=lambda s: s.summary() or "default")
def test_written_cells_satisfy_t1_and_t3(tmp_path, style):
    for dept in catalog.departments()[::7]:
        decimals = 6 if style.unit == "元" else 4
        f = make_figures(dept, 2024, random.Random(dept.dept_code), decimals)
        path = tmp_path / f"{dept.dept_code}.{style.fmt}"
        write_workbook(f, style, path)
        bad, got = written_identities(path)
        assert bad == []
        factor = 10000 if style.unit == "元" else 1
        assert got["totals"]["本年支出合计"] == f.t3.total.values["total"] * factor
        assert got["income"]["本年收入合计"] == f.t1.income["income_total"] * factor
        assert got["t3_total"]["基本支出"] == f.t3.total.values["basic"] * factor


def test_xls_and_xlsx_hold_the_same_content(tmp_path):
    f = make_figures(catalog.departments()[16], 2023, random.Random(3), 2)
    for style in WRITE_STYLES:
        a, b = tmp_path / "a.xlsx", tmp_path / "b.xls"
        write_workbook(f, replace(style, fmt="xlsx"), a)
        write_workbook(f, replace(style, fmt="xls"), b)
        assert read_book(a) == read_book(b)


def test_sample_workbooks_are_consistent(tmp_path):
    paths = sample_workbooks(tmp_path, 12, seed=3)
    assert len(paths) == 12 and {p.suffix for p in paths} == {".xlsx", ".xls"}
    for path in paths:
        assert written_identities(path)[0] == []


# --- the demo inbox ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    out = tmp_path_factory.mktemp("inbox")
    started = time.perf_counter()
    files = write_demo_inbox(out)
    return out, files, time.perf_counter() - started


def test_inbox_is_written_fast(inbox):
    _, files, seconds = inbox
    assert len(files) >= 100 and seconds < 15


def test_every_department_every_year(inbox):
    _, files, _ = inbox
    books = [f for f in files if f.expect in ("load", "flagged")]
    per_year = Counter(f.fiscal_year for f in books)
    assert all(per_year[y] >= 30 for y in (2022, 2023, 2024))
    codes = {(f.dept_code, f.fiscal_year) for f in books}
    assert ("430703110", 2023) in codes and ("430703110", 2024) not in codes
    assert ("430703135", 2024) in codes and ("430703135", 2023) not in codes
    assert {("430703126001", 2023), ("430703126002", 2023)} <= codes
    for f in books:
        assert f.path.parent.name == str(f.fiscal_year) and f.path.exists()


def test_every_layout_option_occurs_in_both_formats(inbox):
    _, files, _ = inbox
    styles = [f.style for f in files if f.style is not None and f.expect in ("load", "flagged")]
    for field in fields(Style):
        values = AXES.get(field.name)
        if values is None or field.name == "fmt":
            continue
        for fmt in ("xlsx", "xls"):
            seen = Counter(getattr(s, field.name) for s in styles if s.fmt == fmt)
            for value in set(values):
                assert seen[value] >= 2, (field.name, value, fmt)
    money = Counter((s.fmt, s.unit) for s in styles)
    assert all(money[(fmt, unit)] >= 2 for fmt in ("xlsx", "xls") for unit, _ in MONEY)


def test_inbox_workbooks_read_back_consistent(inbox):
    _, files, _ = inbox
    for f in files:
        if f.expect == "load":
            bad, _ = written_identities(f.path)
            assert bad == [], f.path.name
    flagged = {f.fault: f for f in files if f.expect == "flagged"}
    assert set(flagged) == {"seed_t5_total", "seed_report", *FAULTS}
    assert "T1 收支总计" in written_identities(flagged["t1_unbalanced"].path)[0]
    assert "T1↔T3 本年支出合计" in written_identities(flagged["t3_total_off"].path)[0]


def test_hidden_extra_sheets_are_hidden(inbox):
    _, files, _ = inbox
    hidden = [f for f in files if f.style and f.style.hidden_extra and f.style.extra_sheets
              and f.expect == "load"]
    assert hidden
    for f in hidden[:4]:
        book = read_book(f.path)
        assert sum(h for _, h in book.values()) == len(f.style.extra_sheets)


def test_seed_workbook_and_its_correction(inbox):
    _, files, _ = inbox
    seed = [f for f in files if f.dept_code == "430703126" and f.fiscal_year == 2023]
    first, fixed, report = seed
    assert report.fault == "seed_report" and report.path.read_text("utf-8").count("21.4元") == 1
    assert (first.expect, first.fault) == ("flagged", "seed_t5_total")
    assert fixed.expect == "load" and "（更正）" in fixed.path.name
    assert os.stat(fixed.path).st_mtime > os.stat(first.path).st_mtime
    t5_first = read_codes(table(read_book(first.path), vocab.TITLES["T5"]), "合计")[1]
    assert (t5_first["合计"], t5_first["基本支出"], t5_first["项目支出"]) == (
        D("1123.72"), D("286.95"), D("843.40"))
    t5_fixed = read_codes(table(read_book(fixed.path), vocab.TITLES["T5"]), "合计")[1]
    assert (t5_fixed["合计"], t5_fixed["项目支出"]) == (D("1123.72"), D("836.77"))
    _, got = written_identities(first.path)
    assert got["totals"]["本年支出合计"] == D("1130.35")


def test_broken_and_ignored_files(inbox):
    out, files, _ = inbox
    odd = {f.fault: f for f in files if f.expect in ("rejected", "ignored")}
    assert set(odd) >= {"truncated", "empty", "csv_renamed", "encrypted", "no_known_table",
                        "lock_file", "not_a_workbook"}
    assert odd["empty"].path.stat().st_size == 0
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(odd["truncated"].path)
    assert odd["csv_renamed"].path.suffix == ".xlsx"
    assert odd["csv_renamed"].path.read_bytes().decode("utf-8-sig").startswith("项目,")
    with odd["encrypted"].path.open("rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()
    assert list(read_book(odd["no_known_table"].path)) == ["填表说明"]
    assert odd["lock_file"].path.name.startswith("~$")
    assert odd["not_a_workbook"].path == out / "说明.txt"
