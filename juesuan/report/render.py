"""render_report: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import duckdb
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from . import charts
from .data import ReportData, latest_year, read_report_data
from .formats import number, pct, wan, yuan
from .labels import label

REGION_FIGURES = ("total_income", "total_expenditure", "basic_expenditure", "project_expenditure",
                  "personnel_expenditure", "running_expenditure", "three_public_actual", "three_public_budget",
                  "staff_in_service")
STATUS_LABEL = {"error": "错误", "warning": "警告", "info": "提示", "not_evaluated": "未能校验"}


@dataclass(frozen=True)
class Chart:
    id: str
    caption: str
    svg: Markup


def render_report(con: duckdb.DuckDBPyConnection, year: int | None, out_path: str | Path) -> Path:
    """Write the report of `year` (default: the latest year in the store) to `out_path`."""
    data = read_report_data(con, year if year is not None else latest_year(con))
    html = render_html(data, generated=datetime.now())
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def render_html(data: ReportData, generated: datetime) -> str:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["label"] = label
    template = env.from_string(files("juesuan.report").joinpath("template.html.j2").read_text("utf-8"))
    region = data.regions[0]["region_name"] if len(data.regions) == 1 else "各地区"
    return template.render(
        title=f"{region} {data.year} 年度部门决算分析报告",
        generated=generated.strftime("%Y-%m-%d %H:%M"),
        year=data.year,
        regions=data.regions,
        region_figures=REGION_FIGURES,
        departments=data.departments,
        charts=_charts(data),
        score_disagreements=data.score_disagreements,
        findings_by_rule=data.findings_by_rule,
        findings_by_department=data.findings_by_department,
        report_claims=data.report_claims,
        status_label=STATUS_LABEL,
        label=label, wan=wan, yuan=yuan, pct=pct, number=number, rank=_rank,
    )


def _charts(data: ReportData) -> list[Chart]:
    # The SVG is matplotlib's output, which escapes the names it draws; it is inserted as markup.
    made = [
        ("chart-yoy", "图 1 各单位本年支出合计同比增减率", charts.yoy_bars(data.departments)),
        ("chart-composition", "图 2 各部门支出功能分类（类）构成",
         charts.class_composition(data.dept_classes, [d for d in data.departments if d["counts_in_region"]])),
        ("chart-per-staff", "图 3 人均支出排名（红色为离群）",
         charts.ratio_ranking(data.departments, "expenditure_per_staff", "万元", Decimal("0.0001"))),
        ("chart-three-public", "图 4 人均“三公”经费排名（红色为离群）",
         charts.ratio_ranking(data.departments, "three_public_per_staff", "元")),
        ("chart-indicators", "图 5 绩效指标完成情况", charts.indicator_completion(data.indicators)),
    ]
    return [Chart(id_, caption, Markup(svg)) for id_, caption, svg in made]


def _rank(value: int | None) -> Markup:
    return Markup("") if value is None else Markup('<span class="rank">（{}）</span>').format(value)
