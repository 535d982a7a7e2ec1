"""The seed department: 常德市鼎城区行政审批服务局, 2023, with the figures of its published
self-evaluation report, and its two subordinate units.

Leaf amounts are chosen so that the report's totals come out exactly: income 1130.35 =
general-budget appropriation 1123.72 + other income 6.63; expenditure 1130.35 = basic 286.95
(personnel 265.55 + running 21.40) + project 843.40, of which 6.63 is paid from other income.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from juesuan.model import Department

from . import vocab
from .accounts import CodeTable, DeptYearFigures, Indicator, Profile, Row
from .evaluation import assemble, execution, make_evaluation
from .ledger import THREE_PUBLIC_LEAVES, Leaf, Ledger, build, hierarchy
from .money import ZERO, from_units, split, total, units

D = Decimal
YEAR = 2023
DECIMALS = 2
# 项 → (general-budget basic, general-budget project, project paid from other income)
LEAVES = {
    "2010301": (D("118.62"), ZERO, ZERO),
    "2010302": (ZERO, D("612.40"), D("6.63")),
    "2010350": (D("96.87"), ZERO, ZERO),
    "2010399": (ZERO, D("224.37"), ZERO),
    "2080505": (D("28.46"), ZERO, ZERO),
    "2080506": (D("9.12"), ZERO, ZERO),
    "2101101": (D("7.35"), ZERO, ZERO),
    "2101102": (D("8.91"), ZERO, ZERO),
    "2210201": (D("17.62"), ZERO, ZERO),
}
PERSONNEL = {  # 265.55
    "30101": D("52.38"), "30102": D("41.26"), "30103": D("6.84"), "30107": D("48.20"),
    "30108": D("28.46"), "30109": D("9.12"), "30110": D("12.83"), "30112": D("1.22"),
    "30113": D("17.62"), "30199": D("19.36"), "30302": D("24.16"), "30305": D("4.10"),
}
RUNNING = {  # 21.40
    "30201": D("4.85"), "30205": D("0.62"), "30206": D("3.18"), "30207": D("1.74"),
    "30211": D("2.36"), "30216": D("0.48"), "30228": D("2.95"), "30229": D("1.80"),
    "30239": D("2.64"), "30299": D("0.78"),
}
PROFILE = Profile("行政单位", admin_posts=8, institution_posts=15, staff_in_service=18, retirees=5,
                  internal_units=3, subordinate_units=2,
                  internal_unit_names=("办公室", "行政审批改革管理股", "政务公开服务股"))
GOAL = ("深化“放管服”改革，推进“一件事一次办”和“一网通办”，提升政务大厅服务效能和"
        "“互联网+政务服务”水平，规范政务公开和政府网站管理，统筹全区信息化工程建设。")
ACHIEVEMENT = ("全年支出1130.35万元。完成下放事项“回头看”和告知承诺制事项梳理，“湘易办”推广注册"
               "用户29.2万，上线15个主题场景，审核验收信息化工程31个，政府网站和政务新媒体抽查"
               "合格率100%；线上线下平台融合和数据共享仍需加强。")
# 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因 — drawn from the seed report.
INDICATORS = (
    ("产出指标", "数量指标", "下放事项“放权赋能回头看”覆盖数", "≥136项", "136项", 8, 8, ""),
    ("产出指标", "数量指标", "告知承诺制事项梳理数", "≥100个", "128个", 8, 8, ""),
    ("产出指标", "数量指标", "信息化工程审核及验收数", "≥25个", "31个", 6, 6, ""),
    ("产出指标", "数量指标", "政府网站发布政务信息", "≥2000条", "2400余条", 6, 6, ""),
    ("产出指标", "质量指标", "政府网站及政务新媒体抽查合格率", "100%", "100%", 8, 8, ""),
    ("产出指标", "质量指标", "雪亮工程前端在线率", "≥85%", "85%以上", 6, 6, ""),
    ("产出指标", "时效指标", "依申请公开答复时限", "≤20个工作日", "按时完成", 8, 8, ""),
    ("效益指标", "社会效益指标", "“湘易办”新增注册用户", "≥25万", "29.2万", 8, 8, ""),
    ("效益指标", "社会效益指标", "“一件事一次办”主题场景上线数", "≥15个", "15个", 8, 8, ""),
    ("效益指标", "社会效益指标", "因政务公开引发的行政复议和诉讼", "0件", "0件", 6, 6, ""),
    ("效益指标", "可持续影响指标", "一体化平台与部门业务系统数据共享", "全面实现", "部分实现", 8, 6,
     "线上线下平台互联互通不足，下一年度推进一体化平台与部门系统对接共享。"),
    ("满意度指标", "服务对象满意度指标", "办事企业和群众满意度", "≥90%", "95%", 10, 10, ""),
)
EXECUTION = {  # 年初预算数, 全年预算数, 全年执行数 (万元)
    "basic": (D("286.10"), D("286.95"), D("286.95")),
    "project": (D("722.36"), D("843.40"), D("843.40")),
}
# Each unit takes a part of some of the department's items: code → percent.
UNIT_SHARES = {
    "430703126001": {"2010350": 60, "2010302": 45, "2080505": 30, "2101102": 55, "2210201": 25},
    "430703126002": {"2010350": 40, "2010399": 70, "2080505": 15, "2101102": 45, "2210201": 15},
}
UNIT_PROFILES = {
    "430703126001": Profile("事业单位", 0, 9, 8, 2, 2, 0, ("综合股", "窗口服务股")),
    "430703126002": Profile("事业单位", 0, 6, 4, 1, 2, 0, ("综合股", "数据管理股")),
}


def _ledger(dept: Department, funcs: Mapping[str, str], econs: Mapping[str, str]) -> Ledger:
    leaves = []
    for code, (basic, project, other) in LEAVES.items():
        leaf = Leaf(code)
        if basic:
            leaf.basic["general_budget"] = basic
        if project:
            leaf.project["general_budget"] = project
        if other:
            leaf.project["nonfiscal"] = other
            leaf.nonfiscal_income["other"] = other
        leaves.append(leaf)
    codes = {c[:n] for c in LEAVES for n in (3, 5, 7)}
    lines = execution(*({k: v[i] for k, v in EXECUTION.items()} for i in range(3)))
    indicators = tuple(Indicator(a, b, c, t, r, w, D(s), dev)
                       for a, b, c, t, r, w, s, dev in INDICATORS)
    zero = dict.fromkeys(THREE_PUBLIC_LEAVES, ZERO)
    return Ledger(
        dept=dept, fiscal_year=YEAR, decimals=DECIMALS,
        func_names={c: funcs[c] for c in codes}, econ_names=_econ_names(econs), leaves=leaves,
        personnel=dict(PERSONNEL), running=dict(RUNNING),
        three_public_budget=zero, three_public_actual=zero, profile=PROFILE,
        evaluation=assemble(lines, GOAL, ACHIEVEMENT, indicators),
    )


def _econ_names(econs: Mapping[str, str]) -> dict[str, str]:
    classes = vocab.PERSONNEL_CLASSES + vocab.RUNNING_CLASSES
    return {c: n for c, n in econs.items() if c[:3] in classes}


def corrected(dept: Department, funcs: Mapping[str, str], econs: Mapping[str, str]) -> DeptYearFigures:
    """The resubmission: every table consistent, T5 project 836.77."""
    return build(_ledger(dept, funcs, econs))


def as_filed(dept: Department, funcs: Mapping[str, str], econs: Mapping[str, str]) -> DeptYearFigures:
    """The first submission: T5 lists all expenditure by code (its rows add up to 1130.35,
    project 843.40) but its 合计 row prints the appropriation 1123.72 in the 合计 column."""
    fixed = corrected(dept, funcs, econs)
    columns = fixed.t5.columns
    by_code = {r.code: {c: r.values[c] for c in columns} for r in fixed.t3.body if len(r.code) == 7}
    listed = hierarchy(by_code, columns, {r.code: r.name for r in fixed.t3.body})
    total_row = Row("", vocab.TOTAL, {
        "total": fixed.t4.expenditure_total["general_budget"],
        "basic": listed.total.values["basic"], "project": listed.total.values["project"],
    })
    t5 = CodeTable(columns, (total_row, *listed.body))
    note = ("T5 合计 row: 合计 1123.72 (the appropriation) while 基本支出 286.95 + 项目支出 843.40 "
            "= 1130.35; the class rows carry the 6.63 paid from other income")
    return replace(fixed, t5=t5, notes=(note,))


def unit(dept: Department, funcs: Mapping[str, str], econs: Mapping[str, str]) -> DeptYearFigures:
    """A subordinate unit: a part of the department's items, consistent on its own."""
    shares = UNIT_SHARES[dept.dept_code]
    leaves = []
    for code, pct in shares.items():
        basic, project, _ = LEAVES[code]
        leaf = Leaf(code)
        for part, amount in (("basic", basic), ("project", project)):
            if amount:
                getattr(leaf, part)["general_budget"] = from_units(
                    units(amount, DECIMALS) * pct // 100, DECIMALS)
        leaves.append(leaf)
    basic_total = total(leaf.basic.get("general_budget", ZERO) for leaf in leaves)
    econ = {**PERSONNEL, **RUNNING}
    parts = dict(zip(econ, split(basic_total, [units(v, DECIMALS) for v in econ.values()],
                                 DECIMALS)))
    project_total = total(leaf.project.get("general_budget", ZERO) for leaf in leaves)
    zero = dict.fromkeys(THREE_PUBLIC_LEAVES, ZERO)
    rng = random.Random(f"{dept.dept_code}-{YEAR}")
    codes = {c[:n] for c in shares for n in (3, 5, 7)}
    return build(Ledger(
        dept=dept, fiscal_year=YEAR, decimals=DECIMALS,
        func_names={c: funcs[c] for c in codes}, econ_names=_econ_names(econs), leaves=leaves,
        personnel={c: v for c, v in parts.items() if c in PERSONNEL},
        running={c: v for c, v in parts.items() if c in RUNNING},
        three_public_budget=zero, three_public_actual=zero,
        profile=UNIT_PROFILES[dept.dept_code],
        evaluation=make_evaluation(rng, dept.dept_name, YEAR, basic_total, project_total),
    ))
