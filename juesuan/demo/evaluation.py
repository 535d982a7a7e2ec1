"""The 部门整体支出绩效自评表 (T11): budget execution, indicators with free-text values, grade.

Scores follow the national template: 预算执行率 10 points (score = 10 × rate, capped), 产出 50,
效益 30, 满意度 10; 总分 = Σ 得分; the grade band follows the total.
"""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from . import vocab
from .accounts import ExecutionLine, Indicator, SelfEvaluation
from .money import round_to, share, split, total

PERF_DECIMALS = 2  # the form prints 万元 with two decimals whatever the tables use

# (一级, 二级, 三级, generator, parameters); generators are in _values below.
POOL = (
    ("产出指标", "数量指标", "重点工作任务完成数", "count", ("项", 8, 30)),
    ("产出指标", "数量指标", "组织业务培训", "count", ("期", 3, 20)),
    ("产出指标", "数量指标", "开展政策宣传活动", "count", ("场", 5, 40)),
    ("产出指标", "数量指标", "监督检查覆盖单位", "count", ("家", 10, 200)),
    ("产出指标", "数量指标", "财政供养人员控制率", "pct_max", (100,)),
    ("产出指标", "质量指标", "重点工作完成率", "pct_min", (95,)),
    ("产出指标", "质量指标", "资金使用合规率", "pct_full", ()),
    ("产出指标", "质量指标", "政府采购执行率", "pct_full", ()),
    ("产出指标", "质量指标", "项目验收合格率", "pct_min", (95,)),
    ("产出指标", "时效指标", "资金拨付及时性", "timely", ()),
    ("产出指标", "时效指标", "事项办结时限", "days", (3, 10)),
    ("产出指标", "时效指标", "工作任务完成及时率", "pct_full", ()),
    ("产出指标", "成本指标", "“三公”经费控制", "cost", ()),
    ("产出指标", "成本指标", "公用经费控制率", "pct_max", (100,)),
    ("效益指标", "社会效益指标", "服务群众人次", "wan", ("人次", 2, 30)),
    ("效益指标", "社会效益指标", "政务信息公开率", "pct_full", ()),
    ("效益指标", "社会效益指标", "群众诉求办结率", "pct_above", (90,)),
    ("效益指标", "经济效益指标", "带动社会投资", "wan", ("元", 100, 900)),
    ("效益指标", "生态效益指标", "生态环境质量", "qual", ("持续改善", "持续改善", "改善不明显")),
    ("效益指标", "可持续影响指标", "长效管理机制", "qual", ("建立健全", "已建立并运行", "尚待完善")),
    ("效益指标", "可持续影响指标", "信息化管理水平", "qual", ("有效提升", "有效提升", "提升有限")),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "pct_above", (85,)),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "pct_min", (90,)),
)
DEVIATIONS = (
    "受项目进度影响部分任务延后，下一年度加强统筹调度。",
    "年中任务调整导致未完全达标，将完善目标设定的科学性。",
    "部分工作依赖上级平台对接，进度滞后，下一步加强沟通协调。",
    "资金到位较晚影响执行进度，将提前谋划、加快支出。",
)
GOALS = (
    "围绕{dept}年度重点工作，保障机构正常运转，规范预算资金管理，提高资金使用效益，"
    "全面完成年度各项工作任务。",
    "履行部门职责，落实年度工作计划，严格执行预算，确保各项业务工作有序开展、取得实效。",
)
ACHIEVEMENTS = (
    "{year}年度支出{spent}万元，预算执行率{rate}，年度重点工作任务按期完成，各项绩效指标基本达成。",
    "全年完成预算支出{spent}万元，机构运转正常，重点项目有序推进，服务对象满意度较高。",
)
LEVEL2_ORDER = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                "生态效益指标", "可持续影响指标", "服务对象满意度指标")


def band(score: Decimal) -> str:
    return next(b for low, b in vocab.GRADE_BANDS if score >= low)


def rate_of(executed: Decimal, budget: Decimal) -> Decimal:
    if not budget:
        return Decimal(1) if not executed else Decimal(0)
    return (executed / budget).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def execution(initial: dict[str, Decimal], full_year: dict[str, Decimal],
              executed: dict[str, Decimal]) -> tuple[ExecutionLine, ...]:
    """Rows 年度资金总额 / 基本支出 / 项目支出; the total row is the exact sum of the two."""
    parts = ("basic", "project")
    sums = [{k: d[k] for k in parts} | {"total": total(d[k] for k in parts)}
            for d in (initial, full_year, executed)]
    lines = []
    for key in ("total", *parts):
        rate = rate_of(sums[2][key], sums[1][key])
        weight = vocab.EXECUTION_WEIGHT if key == "total" else None
        score = (None if weight is None else
                 min(Decimal(weight), round_to(weight * rate, PERF_DECIMALS)))
        lines.append(ExecutionLine(key, sums[0][key], sums[1][key], sums[2][key], rate,
                                   weight, score))
    return tuple(lines)


def assemble(lines: tuple[ExecutionLine, ...], goal: str, achievement: str,
             indicators: tuple[Indicator, ...]) -> SelfEvaluation:
    score = lines[0].score + total(i.score for i in indicators)
    weight = vocab.EXECUTION_WEIGHT + sum(i.weight for i in indicators)
    return SelfEvaluation(lines, goal, achievement, indicators, weight, score, band(score))


def _values(rng: random.Random, kind: str, params: tuple, met: bool) -> tuple[str, str]:
    """(年度指标值, 实际完成值) as people type them."""
    if kind == "count":
        unit, lo, hi = params
        n = rng.randint(lo, hi)
        got = rng.randint(n, n + max(1, n // 4)) if met else rng.randint(n * 6 // 10, n - 1)
        return f"≥{n}{unit}", f"{got}{unit}"
    if kind == "wan":
        unit, lo, hi = params
        n = rng.randint(lo, hi)
        tenths = rng.randint(n * 10, n * 13) if met else rng.randint(n * 6, n * 10 - 1)
        return f"≥{n}万{unit}", f"{Decimal(tenths).scaleb(-1)}万{unit}"
    if kind in ("pct_min", "pct_above", "pct_max"):
        (p,) = params
        if kind == "pct_max":
            got = rng.randint(90, 100) if met else rng.randint(101, 106)
            return f"≤{p}%", f"{got}%"
        tenths = rng.randint(p * 10, 1000) if met else rng.randint(p * 10 - 80, p * 10 - 1)
        got = Decimal(tenths).scaleb(-1).normalize()
        return (f"≥{p}%" if kind == "pct_min" else f"{p}%以上"), f"{got:f}%"
    if kind == "pct_full":
        return "100%", "100%" if met else f"{Decimal(rng.randint(900, 995)).scaleb(-1)}%"
    if kind == "timely":
        return "按时完成", "按时完成" if met else "部分延期完成"
    if kind == "days":
        lo, hi = params
        n = rng.randint(lo, hi)
        return f"≤{n}个工作日", f"{rng.randint(1, n) if met else n + rng.randint(1, 3)}个工作日"
    if kind == "cost":
        return "≤预算数", "未超预算" if met else f"超预算{Decimal(rng.randint(11, 60)).scaleb(-1)}%"
    target, hit, miss = params
    return target, hit if met else miss


def _weights(rng: random.Random, points: int, n: int) -> list[int]:
    parts = split(Decimal(points - 2 * n), [rng.randint(2, 5) for _ in range(n)], 0)
    return [int(p) + 2 for p in parts]


def draw_indicators(rng: random.Random, miss_pct: int) -> tuple[Indicator, ...]:
    n = rng.randint(6, 12)
    n_sat = 2 if n >= 9 else 1
    n_ben = rng.randint(2, min(4, n - n_sat - 3))  # at least three 产出 indicators
    counts = {"产出指标": n - n_sat - n_ben, "效益指标": n_ben, "满意度指标": n_sat}
    chosen = []
    for level1, count in counts.items():
        pool = [p for p in POOL if p[0] == level1]
        picks = rng.sample(pool, min(count, len(pool)))
        picks.sort(key=lambda p: LEVEL2_ORDER.index(p[1]))
        for p, weight in zip(picks, _weights(rng, vocab.LEVEL1_WEIGHTS[level1], len(picks))):
            chosen.append((p, weight))
    out = []
    for (level1, level2, name, kind, params), weight in chosen:
        met = rng.randint(1, 100) > miss_pct
        target, actual = _values(rng, kind, params, met)
        score = Decimal(weight) if met else Decimal(weight * rng.randint(5, 9)).scaleb(-1)
        out.append(Indicator(level1, level2, name, target, actual, weight, score,
                             "" if met else rng.choice(DEVIATIONS)))
    return tuple(out)


def make_evaluation(rng: random.Random, dept_name: str, year: int, basic: Decimal,
                    project: Decimal) -> SelfEvaluation:
    """A plausible self-evaluation of a department that spent `basic` + `project` 万元."""
    quality = rng.choices(("good", "fair", "poor"), weights=(80, 15, 5))[0]
    miss_pct, low_rate = {"good": (8, 95), "fair": (35, 85), "poor": (65, 60)}[quality]
    executed = {"basic": round_to(basic, PERF_DECIMALS), "project": round_to(project, PERF_DECIMALS)}
    full_year = {}
    for key, spent in executed.items():
        bp = rng.randint(low_rate * 100, 10000) if key == "project" else rng.randint(9700, 10000)
        full_year[key] = round_to(spent * 10000 / bp, PERF_DECIMALS)
    initial = {k: full_year[k] - share(rng, full_year[k], 0, 25, PERF_DECIMALS) for k in full_year}
    lines = execution(initial, full_year, executed)
    goal = rng.choice(GOALS).format(dept=dept_name)
    achievement = rng.choice(ACHIEVEMENTS).format(
        year=year, spent=f"{lines[0].executed}", rate=f"{lines[0].rate * 100:.2f}%")
    return assemble(lines, goal, achievement, draw_indicators(rng, miss_pct))
