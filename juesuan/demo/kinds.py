"""What kind of department a name describes: its own function sections, size and money.

Matched by keyword on the department's name, so any department of departments.csv (or a
new one) gets a plausible shape; the first matching kind wins.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    keywords: tuple[str, ...]
    sections: tuple[str, ...]  # 款 codes of the department's own work, main one first
    scale: tuple[int, int]  # total expenditure, 万元
    gov_fund: tuple[str, ...] = ()  # 款 codes of government-fund money (T8)
    state_capital: tuple[str, ...] = ()  # 款 codes of state-capital money (T9)
    service_income: bool = False  # has 事业收入 (schools, hospitals, venues)
    institutions: tuple[int, int] = (0, 3)  # subordinate units


KINDS = (
    Kind(("区委办", "委办公室"), ("20131",), (700, 1600)),
    Kind(("人民代表大会",), ("20101",), (400, 900)),
    Kind(("人民政府办公室",), ("20103",), (900, 2200)),
    Kind(("政治协商会议",), ("20102",), (300, 800)),
    Kind(("纪律检查",), ("20111",), (900, 2200)),
    Kind(("组织部",), ("20132",), (500, 1500), institutions=(1, 2)),
    Kind(("宣传部",), ("20133", "20708"), (500, 1600), institutions=(1, 3)),
    Kind(("发展和改革",), ("20104",), (500, 1300)),
    Kind(("教育局",), ("20501", "20502", "20508"), (45000, 90000), service_income=True,
         institutions=(40, 70)),
    Kind(("科学技术",), ("20601", "20607"), (200, 700)),
    Kind(("工业和信息化",), ("21505", "21508"), (500, 1500)),
    Kind(("公安局",), ("20402",), (15000, 30000)),
    Kind(("民政局",), ("20802", "20810", "20819"), (6000, 15000), gov_fund=("22960",),
         institutions=(2, 5)),
    Kind(("司法局",), ("20406",), (800, 2000)),
    Kind(("财政局",), ("20106",), (1500, 4000), state_capital=("22301", "22302"),
         institutions=(1, 3)),
    Kind(("人力资源和社会保障",), ("20801", "20807"), (2000, 6000), institutions=(2, 4)),
    Kind(("自然资源",), ("22001",), (2000, 8000), gov_fund=("21208",), institutions=(1, 4)),
    Kind(("住房和城乡建设",), ("21201", "21203", "22101"), (3000, 12000), gov_fund=("21208",),
         institutions=(2, 4)),
    Kind(("交通运输",), ("21401",), (3000, 10000), institutions=(1, 3)),
    Kind(("水利局",), ("21303",), (3000, 10000), institutions=(2, 5)),
    Kind(("农业农村",), ("21301", "21305", "21307"), (5000, 15000), institutions=(2, 6)),
    Kind(("商务局",), ("21602", "20113"), (300, 900), state_capital=("22303",)),
    Kind(("文化旅游",), ("20701", "20702", "20703", "20708"), (1500, 4000),
         gov_fund=("22960",), service_income=True, institutions=(3, 6)),
    Kind(("卫生健康",), ("21001", "21004", "21007"), (6000, 20000), service_income=True,
         institutions=(5, 12)),
    Kind(("退役军人",), ("20828", "20808"), (1500, 4000), institutions=(1, 2)),
    Kind(("行政审批", "政务服务"), ("20103",), (800, 1600), institutions=(1, 2)),
    Kind(("应急管理",), ("22401", "22406"), (800, 2500), institutions=(1, 2)),
    Kind(("审计局",), ("20108",), (300, 800)),
    Kind(("市场监督管理",), ("20138",), (2000, 4500), institutions=(1, 3)),
    Kind(("统计局",), ("20105",), (200, 600)),
    Kind(("医疗保障",), ("21015", "21013"), (600, 3000), institutions=(1, 1)),
    Kind(("林业局",), ("21302",), (1000, 4000), institutions=(2, 4)),
    Kind(("城市管理",), ("21201", "21205"), (3000, 9000), gov_fund=("21208",),
         institutions=(1, 3)),
    Kind(("信访局",), ("20103",), (200, 600)),
    Kind(("大数据",), ("20103",), (150, 400), institutions=(0, 0)),
    Kind(("数据",), ("20103", "20137"), (800, 2000), institutions=(1, 2)),
)
DEFAULT_KIND = Kind((), ("20199",), (300, 1000))

INTERNAL_UNIT_NAMES = (  # every department has the first
    "办公室", "人事股", "财务股", "政策法规股", "综合股", "规划股", "监督股", "业务股",
    "行政审批股", "宣传教育股", "安全监管股", "信息化股", "党建工作股", "执法监督股",
    "项目管理股", "督查室", "审计股", "统计股",
)


def kind_of(dept_name: str) -> Kind:
    return next((k for k in KINDS if any(w in dept_name for w in k.keywords)), DEFAULT_KIND)
