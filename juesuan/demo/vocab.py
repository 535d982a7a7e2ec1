"""Every printed word of the demo workbooks: titles, headers, line labels and their variants.

Kept in one place so that the variants a parser must accept can be read side by side. Keys
(the left-hand strings) are the canonical names the figures use; values are what is printed.
"""
from __future__ import annotations

TABLES = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11")

TITLES = {
    "T1": "收入支出决算总表",
    "T2": "收入决算表",
    "T3": "支出决算表",
    "T4": "财政拨款收入支出决算总表",
    "T5": "一般公共预算财政拨款支出决算表",
    "T6": "一般公共预算财政拨款基本支出决算表",
    "T7": "一般公共预算财政拨款{q0}三公{q1}经费支出决算表",
    "T8": "政府性基金预算财政拨款收入支出决算表",
    "T9": "国有资本经营预算财政拨款收入支出决算表",
    "T10": "部门基本情况",
    "T11": "部门整体支出绩效自评表",
}
T7_TITLE_FISCAL = "财政拨款{q0}三公{q1}经费支出决算表"  # Shanghai wording
T9_TITLE_EXPENDITURE_ONLY = "国有资本经营预算财政拨款支出决算表"
T10_TITLE_STAFF = "机构人员情况"
QUOTES = {"curly": ("“", "”"), "straight": ('"', '"')}

PUBLIC_CODES = {f"T{i}": f"公开{i:02d}表" for i in range(1, 10)}
NUMBERED_SHEET = "附表{n} {title}"
# Sheet names of the final-account software's internal forms; the public layouts sit under them.
INTERNAL_SHEETS = {
    "T1": "Z01 收入支出决算总表(财决01表)",
    "T2": "Z03 收入决算表(财决03表)",
    "T3": "Z04 支出决算表(财决04表)",
    "T4": "Z06 财政拨款收入支出决算总表(财决06表)",
    "T5": "Z07 一般公共预算财政拨款支出决算表(财决07表)",
    "T6": "Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-1表)",
    "T7": "F01 一般公共预算财政拨款三公经费支出决算表(财决附01表)",
    "T8": "Z09 政府性基金预算财政拨款收入支出决算表(财决09表)",
    "T9": "Z10 国有资本经营预算财政拨款收入支出决算表(财决10表)",
    "T10": "F03 机构人员情况表(财决附03表)",
    "T11": "JX01 部门整体支出绩效自评表",
}
SHEET_NAME_MAX = 31  # Excel's limit; longer names are cut, as the software does

# --- title block ---------------------------------------------------------------------------
YEAR_TITLE = "{year}年度"
ENTITY_LABELS = ("部门", "编制单位", "单位名称")
UNIT_LABELS = ("单位", "金额单位")
UNITS = ("万元", "元")
COLON = "："

# --- T1 收入支出决算总表 -----------------------------------------------------------------------
T1_INCOME = (
    ("general_budget", "一、一般公共预算财政拨款收入"),
    ("gov_fund", "二、政府性基金预算财政拨款收入"),
    ("state_capital", "三、国有资本经营预算财政拨款收入"),
    ("superior_subsidy", "四、上级补助收入"),
    ("business", "五、事业收入"),
    ("operating", "六、经营收入"),
    ("affiliated_remit", "七、附属单位上缴收入"),
    ("other", "八、其他收入"),
)
T1_INCOME_TOTALS = (
    ("income_total", "本年收入合计"),
    ("use_nonfiscal_surplus", "使用非财政拨款结余"),
    ("opening_balance", "年初结转和结余"),
    ("grand_total", "总计"),
)
T1_SURPLUS_SPECIAL = "使用非财政拨款结余（含专用结余）"
T1_EXPENDITURE_TOTALS = (
    ("expenditure_total", "本年支出合计"),
    ("surplus_distribution", "结余分配"),
    ("closing_balance", "年末结转和结余"),
    ("grand_total", "总计"),
)
SIDE_INCOME, SIDE_EXPENDITURE = "收入", "支出"
ITEM, LINE_NO, COLUMN_NO = "项目", "行次", "栏次"
ITEM_BY_FUNCTION = "项目（按功能分类）"
AMOUNT_NATIONAL, AMOUNT_SHANGHAI = "金额", "决算数"
# First line number of the expenditure side in the national 公开01表: class i prints as 30 + i.
T1_EXPENDITURE_LINE_BASE = 30

# The class lines of T1/T4 in the template's order (not code order). Up to 2023 the template
# stops at 其他支出 + 抗疫特别国债; 2024 files add the two debt lines.
CLASS_TEMPLATE = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"),
    ("204", "公共安全支出"), ("205", "教育支出"), ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"), ("210", "卫生健康支出"),
    ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"),
    ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"),
    ("217", "金融支出"), ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"), ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"), ("229", "其他支出"), ("231", "债务还本支出"),
    ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
)
DEBT_CLASSES_FROM_YEAR = 2024
DEBT_CLASSES = ("231", "232")

# --- T2/T3/T5/T8/T9: tables by function code ------------------------------------------------
# Value columns as (key, header); a tuple (group header, [columns]) is a merged group.
T2_COLUMNS = (
    ("total", "本年收入合计"), ("fiscal_appropriation", "财政拨款收入"),
    ("superior_subsidy", "上级补助收入"), ("business", "事业收入"), ("operating", "经营收入"),
    ("affiliated_remit", "附属单位上缴收入"), ("other", "其他收入"),
)
T3_COLUMNS = (
    ("total", "本年支出合计"), ("basic", "基本支出"), ("project", "项目支出"),
    ("remit_superior", "上缴上级支出"), ("operating", "经营支出"),
    ("affiliated_subsidy", "对附属单位补助支出"),
)
T5_COLUMNS = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))
EXPENDITURE_GROUP = "本年支出"
FUND_COLUMNS = (
    ("opening_balance", "年初结转和结余"), ("income", "本年收入"),
    (EXPENDITURE_GROUP, (("total", "{subtotal}"), ("basic", "基本支出"), ("project", "项目支出"))),
    ("closing_balance", "年末结转和结余"),
)
SUBTOTAL_LABELS = ("合计", "小计")
CODE, CODE_NAME = "科目编码", "科目名称"
FUNC_CODE = "支出功能分类科目编码"
CLASS, SECTION, ITEM_PART = "类", "款", "项"
TOTAL = "合计"
WRAP_AT = 12  # long names are soft-wrapped after this many characters

# --- T4 财政拨款收入支出决算总表 -----------------------------------------------------------------
FUNDS = ("general_budget", "gov_fund", "state_capital")
T4_INCOME = (
    ("general_budget", "一、一般公共预算财政拨款"),
    ("gov_fund", "二、政府性基金预算财政拨款"),
    ("state_capital", "三、国有资本经营预算财政拨款"),
)
T4_INCOME_TOTAL = "本年收入合计"
T4_OPENING = "年初财政拨款结转和结余"
T4_SUBLINES = (
    ("general_budget", "一般公共预算财政拨款"),
    ("gov_fund", "政府性基金预算财政拨款"),
    ("state_capital", "国有资本经营预算财政拨款"),
)
T4_EXPENDITURE_COLUMNS = (
    ("total", "合计"), ("general_budget", "一般公共预算财政拨款"),
    ("gov_fund", "政府性基金预算财政拨款"), ("state_capital", "国有资本经营预算财政拨款"),
)
T4_EXPENDITURE_TOTAL = "本年支出合计"
T4_CLOSING = "年末财政拨款结转和结余"
GRAND_TOTAL = "总计"

# --- T6 基本支出 by economic class ----------------------------------------------------------------
PERSONNEL_CLASSES = ("301", "303")  # 人员经费 = 301 + 303
RUNNING_CLASSES = ("302", "310")    # 公用经费 = 302 + 310
PERSONNEL, RUNNING = "人员经费", "公用经费"
PERSONNEL_TOTAL, RUNNING_TOTAL = "人员经费合计", "公用经费合计"
ECON_CODE = "经济分类科目编码"
ACTUAL = "决算数"
# 三公 items of the economic classification, matched to T7 items (each ≤ the T7 决算数).
THREE_PUBLIC_ECON = {
    "outbound_travel": "30212", "reception": "30217",
    "vehicle_operation": "30231", "vehicle_purchase": "31013",
}

# --- T7 三公 --------------------------------------------------------------------------------------
THREE_PUBLIC_ITEMS = (
    "total", "outbound_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation",
    "reception",
)
T7_SUPER = "财政拨款{q0}三公{q1}经费"
T7_WIDE = {
    "total": "合计", "outbound_travel": "因公出国（境）费", "vehicle_group": "公务用车购置及{run}",
    "vehicle_total": "小计", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车{run}", "reception": "公务接待费",
}
T7_TRANSPOSED = (
    ("total", "合计"), ("outbound_travel", "因公出国(境)费"), ("reception", "公务接待费"),
    ("vehicle_total", "公务用车购置及{run}"), ("vehicle_operation", "其中：公务用车{run}"),
    ("vehicle_purchase", "公务用车购置费"),
)
VEHICLE_RUN = ("运行费", "运行维护费")
BUDGET, FINAL = "预算数", "决算数"

# --- T10 部门基本情况 -------------------------------------------------------------------------------
PROFILE_LABELS = {
    "name": "单位名称", "code": ("单位编码", "预算单位编码"), "region_code": "行政区划代码",
    "region_name": "行政区划名称", "unit_nature": "单位性质", "report_kind": "报表类型",
    "parent_code": "上级单位编码", "year": "决算年度", "admin_posts": "行政编制",
    "institution_posts": "事业编制", "staff_in_service": "在职人数", "retirees": "离退休人数",
    "internal_units": "内设机构数", "subordinate_units": "下属单位数",
    "internal_unit_names": "内设机构名称",
}
REPORT_KIND = {"部门": "部门决算", "单位": "单位决算"}
UNIT_NATURE = {"部门": "行政单位", "单位": "事业单位"}  # by unit_kind
NAME_SEPARATOR = "、"

# --- T11 部门整体支出绩效自评表 ---------------------------------------------------------------------
T11_COMPETENT = "主管部门"
T11_EXECUTION_BLOCK = "年度预算执行情况（万元）"
T11_EXECUTION_HEADER = ("资金类别", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
T11_EXECUTION_LINES = {"total": "年度资金总额", "basic": "其中：基本支出", "project": "项目支出"}
T11_GOAL, T11_ACHIEVED = "年度总体目标", "实际完成情况"
T11_INDICATOR_HEADER = (
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
)
T11_TOTAL, T11_GRADE = "总分", "自评等级"
NOT_SCORED = "—"
EXECUTION_WEIGHT = 10
LEVEL1_WEIGHTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
# Grade bands (lower bound of the score) with the two label sets in use.
GRADE_BANDS = ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
GRADE_LABELS = {
    "long": {"优": "优秀", "良": "良好", "中": "合格", "差": "不合格"},
    "short": {"优": "优", "良": "良", "中": "中", "差": "差"},
}

# --- notes under the tables ---------------------------------------------------------------------
NOTES = {
    "T1": "注：本表反映部门本年度的总收支和年末结转结余情况。",
    "T2": "注：本表反映部门本年度取得的各项收入情况。",
    "T3": "注：本表反映部门本年度各项支出情况。",
    "T4": "注：本表反映部门本年度财政拨款总收支和结转结余情况。",
    "T5": "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "T6": "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "T7": "注：本表反映部门本年度“三公”经费支出预决算情况。",
    "T8": "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    "T9": "注：本表反映部门本年度国有资本经营预算财政拨款收入、支出及结转和结余情况。",
}
EMPTY_NOTES = {
    "T8": (
        "本单位无政府性基金预算财政拨款收入、支出和结转结余，故本表为空表。",
        "注：{dept}{year}年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
    ),
    "T9": (
        "本单位无国有资本经营预算财政拨款收入、支出和结转结余，故本表为空表。",
        "注：{dept}{year}年度没有国有资本经营预算财政拨款支出，故本表无数据。",
    ),
}

# --- sheets that are not tables --------------------------------------------------------------------
EXTRA_SHEETS = ("封面", "目录", "填表说明")
COVER, CONTENTS, INSTRUCTIONS_SHEET = EXTRA_SHEETS
COVER_LINES = ("{dept}", "{year}年度部门决算", "（公开表）", "编制日期：{next_year}年3月")
INSTRUCTIONS = (
    "填表说明",
    "1. 本套报表依据财政部部门决算公开模板编制，金额单位以各表标注为准。",
    "2. 收入支出决算总表中“本年收入合计”应与收入决算表“合计”行一致。",
    "3. 无政府性基金、国有资本经营预算财政拨款的单位保留空表并加以说明。",
    "4. 本表由单位财务人员填报，经单位负责人审核后报送。",
)

CHINESE_DIGITS = "零一二三四五六七八九"
FULLWIDTH = str.maketrans("0123456789,.-%", "０１２３４５６７８９，．－％")


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (the class-line ordinals of T1/T4)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[ones] if ones else "")
