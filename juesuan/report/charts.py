"""The report's charts: matplotlib figures written as inline SVG.

Text stays text in the SVG (svg.fonttype none), so the reader's browser draws the Chinese labels
with its own CJK font (the font list below); nothing is fetched and no font is embedded. Values
reach matplotlib as floats for drawing only: the numbers printed in the report come from the
Decimals, never from a chart.
"""
from __future__ import annotations

import io
import re
import warnings
from collections import defaultdict
from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .labels import label

PALETTE = ["#2f6db5", "#e07b39", "#3a9d5d", "#c9453f", "#8465b8", "#8c6d4f", "#d4a017", "#4fa3a5"]
POSITIVE, NEGATIVE, OUTLIER, MUTED = "#2f6db5", "#e07b39", "#c9453f", "#9aa5b1"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "juesuan",  # stable element ids: the same data gives the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei",
                        "WenQuanYi Micro Hei", "DejaVu Sans"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
}
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
TOP_CLASSES = 6


def yoy_bars(departments: list[dict]) -> str:
    """Each department's total expenditure change on the year before, in %."""
    rows = sorted(((d["dept_name"], d["total_expenditure_change_pct"]) for d in departments
                   if d["total_expenditure_change_pct"] is not None), key=lambda r: r[1])
    fig, ax = _figure(len(rows))
    if not rows:
        return _empty(fig, ax, "本年没有可与上年比较的部门")
    values = [_pct(v) for _, v in rows]
    _names(ax, [n for n, _ in rows])
    ax.barh(range(len(rows)), values, color=[POSITIVE if v >= 0 else NEGATIVE for v in values])
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_xlabel("本年支出合计增减率（%）")
    _label_bars(ax, values, "{:+.1f}%")
    return _svg(fig)


def class_composition(dept_classes: list[dict], departments: list[dict]) -> str:
    """Each department's spending by 类 as shares of its total: the district's largest 类, the rest as 其他."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for row in dept_classes:
        totals[row["func_code"]] += row["amount"]
        names[row["func_code"]] = row["func_name"]
    top = [code for code, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:TOP_CLASSES]]
    by_dept: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in dept_classes:
        by_dept[row["dept_code"]][row["func_code"] if row["func_code"] in top else "其他"] += row["amount"]
    order = [d for d in reversed(departments) if sum(by_dept.get(d["dept_code"], {}).values())]
    fig, ax = _figure(len(order), extra=0.9)
    if not order:
        return _empty(fig, ax, "本年没有按功能分类的支出数据")
    _names(ax, [d["dept_name"] for d in order])
    left = [0.0] * len(order)
    keys = top + (["其他"] if any("其他" in v for v in by_dept.values()) else [])
    for i, key in enumerate(keys):
        shares = [float(by_dept[d["dept_code"]].get(key, 0) / sum(by_dept[d["dept_code"]].values())) * 100
                  for d in order]
        color = PALETTE[i % len(PALETTE)] if key != "其他" else MUTED
        ax.barh(range(len(order)), shares, left=left, color=color, label=_plain(names.get(key, key)))
        left = [a + b for a, b in zip(left, shares)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("占本单位支出合计的比重（%）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / max(len(order), 1) - 0.08), ncol=3, frameon=False)
    return _svg(fig)


def ratio_ranking(departments: list[dict], metric: str, unit: str, scale: Decimal = Decimal(1)) -> str:
    """One ratio across departments, highest first; a flagged outlier drawn in red."""
    rows = sorted(((d["dept_name"], d[metric], metric in d["outlier_metrics"]) for d in departments
                   if d[metric] is not None), key=lambda r: r[1])
    fig, ax = _figure(len(rows))
    if not rows:
        return _empty(fig, ax, f"本年没有{label(metric)}数据")
    values = [float(v * scale) for _, v, _ in rows]
    _names(ax, [n for n, _, _ in rows])
    ax.barh(range(len(rows)), values, color=[OUTLIER if o else POSITIVE for _, _, o in rows])
    ax.set_xlabel(f"{label(metric)}（{unit}）")
    _label_bars(ax, values, "{:,.1f}")
    return _svg(fig)


def indicator_completion(indicators: list[dict]) -> str:
    """Per department: indicators met, missed, and those that cannot be compared by number."""
    rows = list(reversed(indicators))
    fig, ax = _figure(len(rows))
    if not rows:
        return _empty(fig, ax, "本年没有绩效自评指标")
    _names(ax, [r["dept_name"] for r in rows])
    positions = range(len(rows))
    met = [r["indicators_met"] for r in rows]
    missed = [r["indicators_numeric"] - r["indicators_met"] for r in rows]
    other = [r["indicators_total"] - r["indicators_numeric"] for r in rows]
    ax.barh(positions, met, color=PALETTE[2], label="达标")
    ax.barh(positions, missed, left=met, color=PALETTE[3], label="未达标")
    ax.barh(positions, other, left=[a + b for a, b in zip(met, missed)], color=MUTED, label="文字描述或单位不一，未比较")
    ax.set_xlabel("指标个数")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", frameon=False)
    return _svg(fig)


def _figure(rows: int, extra: float = 0.0) -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 1.2 + 0.32 * max(rows, 2) + extra), layout="constrained")
        ax = fig.add_subplot()
    return fig, ax


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # Without a CJK font installed here matplotlib measures Chinese with a fallback font and
        # warns; the browser draws the text with the reader's font, so the warning is noise.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _METADATA.sub("", _PROLOGUE.sub("", out.getvalue(), count=1), count=1)


def _names(ax, names: list[str]) -> None:
    # Bars sit at positions, named by tick labels: two departments of the same name stay two bars.
    ax.set_yticks(range(len(names)), [_plain(n) for n in short_names(names)])
    ax.set_ylim(-0.6, len(names) - 0.4)


def short_names(names: list[str]) -> list[str]:
    """Drop the longest prefix that most names share (常德市鼎城区…): the axis shows what differs."""
    best = ""
    if len(names) < 3:
        return names
    for size in range(2, min(len(n) for n in names)):
        counts: dict[str, int] = defaultdict(int)
        for name in names:
            counts[name[:size]] += 1
        prefix, count = max(counts.items(), key=lambda kv: kv[1])
        if count * 2 <= len(names):
            break
        best = prefix
    return [n[len(best):] if best and n.startswith(best) and len(n) > len(best) else n for n in names]


def _empty(fig: Figure, ax, message: str) -> str:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#555")
    return _svg(fig)


def _label_bars(ax, values: list[float], fmt: str) -> None:
    for container in ax.containers:
        ax.bar_label(container, labels=[fmt.format(v) for v in values], padding=3, fontsize=8)


def _pct(value: Decimal) -> float:
    return float(value * 100)


def _plain(text: str) -> str:
    """Department and class names as literal text: matplotlib would read $…$ as mathematics."""
    return (text or "").replace("$", r"\$")
