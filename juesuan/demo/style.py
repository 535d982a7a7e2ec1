"""Layout options of a demo workbook: one frozen dataclass, every field a real-world variant.

The AXES table lists the values each option takes; inbox.py spreads them over the demo files
so that every value occurs several times in both formats.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from . import vocab


@dataclass(frozen=True)
class Style:
    fmt: str = "xlsx"                 # xlsx | xls
    sheet_naming: str = "title"       # title | code | numbered | generic | internal
    shuffle_sheets: int | None = None  # seed of a sheet-order shuffle; None keeps template order
    extra_sheets: tuple[str, ...] = ()  # some of 封面 目录 填表说明
    hidden_extra: bool = False        # the extra sheets are hidden
    unit: str = "万元"                 # 万元 | 元 (the figures' decimals give 2 or 4 places in 万元)
    unit_label: str = "单位"           # 单位 | 金额单位
    entity_label: str = "部门"         # 部门 | 编制单位 | 单位名称
    year_in: str = "title"            # title (…2023年度收入支出决算总表) | entity (2023年度 on that line)
    title_dept: bool = False          # the department's name opens the title
    code_line: bool = False           # the table code (公开01表) on its own line under the title
    notes: bool = True                # 注：… lines under the tables
    line_numbers: bool = False        # T1/T4 行次 columns and 栏次 row (national 公开01表)
    class_lines: str = "present"      # T1/T4 class lines: present (renumbered) | all (template)
    align_sides: bool = True          # T1/T4 totals on the same row on both sides
    surplus_label: str = "plain"      # plain 使用非财政拨款结余 | special …（含专用结余）
    code_layout: str = "single"       # single 科目编码 column | split 类|款|项
    code_as: str = "text"             # single codes as text | number | spaced (' 2010301 ')
    split_parent: str = "full"        # split codes: full (201|03|01) | no_class (类 empty below 类)
    code_header: str = "merged"       # merged (项目 over the code columns) | flat
    name_wrap: bool = False           # long 科目名称 soft-wrapped with a newline
    column_numbers: bool = False      # 栏次 row in T2/T3/T5/T8/T9
    total_row: str = "usual"          # usual (T5 last, others first) | first | last
    total_label: str = "merged"       # 合计 merged over code+name | in the name column
    amounts: str = "number"           # number | text_thousands | text_spaces | fullwidth
    zero: str = "0"                   # 0 | blank | - | —
    thousands: bool = True            # number format #,##0.00 rather than 0.00
    t6_layout: str = "two"            # two halves | three column groups
    t6_code: str = "single"           # single 经济分类科目编码 | split 类|款
    t6_rows: str = "nonzero"          # nonzero | all (the whole template, zeros included)
    t7_layout: str = "wide"           # wide (12 columns) | transposed (rows × 预算数/决算数)
    t7_title: str = "general"         # general 一般公共预算财政拨款… | fiscal 财政拨款…
    vehicle_wording: str = "运行费"    # 运行费 | 运行维护费
    quotes: str = "curly"             # curly “三公” | straight "三公"
    subtotal_label: str = "合计"       # T8/T9 本年支出 first column: 合计 | 小计
    t9_form: str = "full"             # full | expenditure_only
    empty_tables: str = "note"        # note (kept with the empty-table note) | omit
    empty_note: int = 0               # which wording of the empty-table note
    profile: str = "pairs1"           # T10: none | pairs1 | pairs2 (two label/value pairs a row)
    profile_title: str = "部门基本情况"  # 部门基本情况 | 机构人员情况
    code_label: str = "单位编码"       # 单位编码 | 预算单位编码
    evaluation: bool = True           # T11 present
    grade_labels: str = "long"        # long 优秀/良好/合格/不合格 | short 优/良/中/差
    rates: str = "text"               # T11 执行率: text 99.41% | number with a percent format

    def summary(self) -> str:
        """The options that differ from the defaults, e.g. 'fmt=xls sheet_naming=code'."""
        base = Style()
        return " ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self)
                        if getattr(self, f.name) != getattr(base, f.name))


# The values each option takes in the demo inbox (fmt first: the others are spread per format).
AXES: dict[str, tuple] = {
    "fmt": ("xlsx", "xls"),
    "sheet_naming": ("title", "code", "numbered", "generic", "internal"),
    "shuffle_sheets": (None, 1, 2),
    "extra_sheets": ((), ("封面",), ("目录", "填表说明"), ("封面", "目录", "填表说明")),
    "hidden_extra": (False, True),
    "unit_label": vocab.UNIT_LABELS,
    "entity_label": vocab.ENTITY_LABELS,
    "year_in": ("title", "entity"),
    "title_dept": (False, True),
    "code_line": (False, True),
    "notes": (True, False),
    "line_numbers": (False, True),
    "class_lines": ("present", "all"),
    "align_sides": (True, False),
    "surplus_label": ("plain", "special"),
    "code_layout": ("single", "split"),
    "code_as": ("text", "number", "spaced"),
    "split_parent": ("full", "no_class"),
    "code_header": ("merged", "flat"),
    "name_wrap": (False, True),
    "column_numbers": (False, True),
    "total_row": ("usual", "first", "last"),
    "total_label": ("merged", "name"),
    "amounts": ("number", "text_thousands", "text_spaces", "fullwidth"),
    "zero": ("0", "blank", "-", "—"),
    "thousands": (True, False),
    "t6_layout": ("two", "three"),
    "t6_code": ("single", "split"),
    "t6_rows": ("nonzero", "all"),
    "t7_layout": ("wide", "transposed"),
    "t7_title": ("general", "fiscal"),
    "vehicle_wording": vocab.VEHICLE_RUN,
    "quotes": ("curly", "straight"),
    "subtotal_label": vocab.SUBTOTAL_LABELS,
    "t9_form": ("full", "expenditure_only"),
    "empty_tables": ("note", "omit"),
    "empty_note": (0, 1),
    "profile": ("pairs1", "pairs2", "none"),
    "profile_title": (vocab.TITLES["T10"], vocab.T10_TITLE_STAFF),
    "code_label": vocab.PROFILE_LABELS["code"],
    "evaluation": (True, True, False),  # repeated values weigh the spread
    "grade_labels": ("long", "short"),
    "rates": ("text", "number"),
}
# Money precision: (unit, decimals of the figures in 万元). 元 workbooks print whole fen.
WAN, YUAN = vocab.UNITS
MONEY = ((WAN, 2), (WAN, 4), (YUAN, 6))
