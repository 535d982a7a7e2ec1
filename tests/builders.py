"""Small real workbooks written by the tests (the demo generator covers every layout family)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl


def seed_like_workbook(path: Path, *, other_income="6.63", dept_line="部门：常德市鼎城区行政审批服务局",
                       year_line="2023年度") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入支出决算总表"
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = dept_line
    ws["D2"] = "单位：万元"
    ws["A3"] = year_line
    ws.append(["项目", "决算数", "项目", "决算数"])
    for row in [("一、一般公共预算财政拨款收入", 1123.72, "一、一般公共服务支出", 1130.35),
                ("八、其他收入", other_income, "本年支出合计", 1130.35),
                ("本年收入合计", 1130.35, "年末结转和结余", 0),
                ("年初结转和结余", 0, "总计", 1130.35),
                ("总计", 1130.35, None, None)]:
        ws.append(list(row))
    t3 = wb.create_sheet("支出决算表")
    t3["A1"] = "支出决算表"
    t3["A2"] = dept_line
    t3["E2"] = "单位：万元"
    t3.append(["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"])
    t3.append(["合计", None, 1130.35, 286.95, 843.40])
    t3.append(["201", "一般公共服务支出", 1130.35, 286.95, 843.40])
    t3.append(["20103", "政府办公厅（室）及相关机构事务", 1130.35, 286.95, 843.40])
    t3.append(["2010301", "行政运行", 286.95, 286.95, None])
    t3.append(["2010302", "一般行政管理事务", 843.40, None, 843.40])
    wb.save(path)
    return path


def broken_files(folder: Path) -> dict[str, Path]:
    """One file per kind of unreadable input, with what its finding must mention."""
    folder.mkdir(parents=True, exist_ok=True)
    good = seed_like_workbook(folder / "good_for_truncation.tmp")
    data = good.read_bytes()
    good.unlink()
    files = {
        "zero": folder / "空文件.xlsx",
        "truncated": folder / "截断.xlsx",
        "csv": folder / "其实是CSV.xlsx",
        "encrypted": folder / "加密.xlsx",
        "no_table": folder / "只有说明.xlsx",
    }
    files["zero"].write_bytes(b"")
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["csv"].write_text("部门,金额\n行政审批服务局,1130.35\n", encoding="utf-8")
    files["encrypted"].write_bytes(_encrypted(data))
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active["A1"] = "请按财政部统一格式填报。"
    wb.save(files["no_table"])
    return files


def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def is_zip(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))
