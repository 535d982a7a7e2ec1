"""§6 Input text built to become a formula, a link or markup in what juesuan writes."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from . import base

# A department that is not in departments.csv: its name comes from the workbook.
DEPT_CODE = "430703990"
DEPT_NAME = "<script>alert(1)</script>局"
SHEET_NAME = "<svg onload=alert(1)>"  # an extra sheet: ignored, and named in a finding
LABELS = (  # unknown 收入支出决算总表 lines: each becomes a finding quoting it
    '=HYPERLINK("http://evil.example/","点此")',
    '+cmd|"/C calc"!A0',
    "-2+3",
    "@SUM(1,2)",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[点此](http://evil.example/)",
    '<a href="http://evil.example/">点此</a>',
    "https://evil.example/path",
    "| 伪造 | 表格 |",
)
AMOUNT = "=1+2"  # text in the 支出决算表's total: a C-001 finding quoting it
FORMULA_STARTS = ("=", "+", "-", "@")


def hostile_workbook(path: Path) -> Path:
    profile = {"单位名称": DEPT_NAME, "单位编码": DEPT_CODE, "行政区划代码": "430703", "行政区划名称": "鼎城区",
               "决算年度": 2023, "在职人数": 30}
    cells = {(base.T1, f"A{9 + i}"): label for i, label in enumerate(LABELS)}
    cells.update({(base.T1, f"B{9 + i}"): 1 for i in range(len(LABELS))})
    cells[(base.T3, base.T3_TOTAL_CELL)] = AMOUNT
    base.write(path, None, profile=profile, cells=cells)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet(SHEET_NAME)["A1"] = "说明"
    wb.save(path)
    return path
