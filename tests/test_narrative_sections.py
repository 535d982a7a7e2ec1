"""Sections by their headings, however numbered; which department and year a report is about."""
from __future__ import annotations

import pytest

from juesuan.narrative.model import Line
from juesuan.narrative.parse import parse_report
from juesuan.narrative.patterns import patterns
from juesuan.narrative.rules import rules
from juesuan.narrative.sections import heading_key, split_sections
from juesuan.refdata import load_reference

from .narrative_fixtures import REPORT_2023, entry

PATS = patterns()


def parse(path):
    return parse_report(entry(path), load_reference(), PATS, rules())


@pytest.mark.parametrize(("line", "key"), [
    ("一、部门概况", "overview"),
    ("部门概况", "overview"),                          # numbering lost with a .docx's list style
    ("第二部分 部门财务情况", "finance"),
    ("三、部门绩效目标", "performance_goals"),
    ("四、绩效评价工作开展情况", "evaluation_work"),
    ("综合评价结论：", "evaluation_result"),
    ("六、部门整体支出绩效目标完成情况", "overall_performance"),  # the longer alias wins
    ("存在的问题", "problems"),
    ("八、下一步改进措施", "suggestions"),
    ("九、其他需要说明的事项", "other"),               # numbered, no alias: a section of its own
    ("（二）年度绩效目标", None),              # a lower level
    ("1、绩效目标", None),
    ("部门绩效总目标", None),
    ("鼎城区行政审批服务局2023年度部门整体支出绩效自评报告", None),  # a title, too long for a heading
    ("存在的主要问题是平台建设滞后。", None),           # a sentence
])
def test_heading_variants(line, key):
    assert heading_key(Line(line), PATS) == key


def test_a_docx_sub_heading_is_not_a_section():
    assert heading_key(Line("年度绩效目标", heading_level=2), PATS) is None
    assert heading_key(Line("部门职责", heading_level=1), PATS) == "other"


def test_sections_in_order_with_their_text():
    lines = tuple(Line(t) for t in [
        "附件1：", "2023年度某局整体支出绩效自评报告", "一、部门概况", "（一）人员", "行政编制8人。",
        "部门绩效目标", "（一）总目标", "提升服务。", "（二）年度绩效目标", "上线场景10个。",
        "部门概况", "又一段概况。",
    ])
    sections = split_sections(lines, PATS)
    assert [(s.key, s.heading, s.ordinal) for s in sections] == [
        ("preamble", None, 0), ("overview", "一、部门概况", 1), ("performance_goals", "部门绩效目标", 2),
    ]
    # a heading of a section already seen stays in the text where it stands
    assert sections[2].text == "（一）总目标\n提升服务。\n（二）年度绩效目标\n上线场景10个。\n部门概况\n又一段概况。"


def test_the_report_is_matched_to_its_department_and_year():
    report = parse(REPORT_2023)
    assert report.status == "parsed"
    assert (report.department.dept_code, report.fiscal_year) == ("430703126", 2023)
    assert report.title == "鼎城区行政审批服务局2023年度部门整体支出绩效自评报告"
    assert [s.key for s in report.sections] == [
        "preamble", "overview", "finance", "performance_goals", "evaluation_work", "evaluation_result",
        "overall_performance", "problems", "suggestions"]
    assert report.findings == []


def test_the_file_name_names_the_department_when_the_title_does_not(tmp_path):
    body = REPORT_2023.read_text("utf-8").replace("鼎城区行政审批服务局2023年度", "2023年度本局")
    path = tmp_path / "区行政审批服务局绩效自评.txt"
    path.write_text(body, encoding="gb18030")
    report = parse(path)
    assert (report.department.dept_code, report.fiscal_year, report.encoding) == ("430703126", 2023, "gb18030")


def test_text_and_file_name_disagree(tmp_path):
    path = tmp_path / "2022年度区审计局自评报告.txt"
    path.write_text(REPORT_2023.read_text("utf-8"), encoding="utf-8")
    report = parse(path)
    assert (report.department.dept_code, report.fiscal_year) == ("430703126", 2023)
    assert [(f.rule_id, f.severity, f.message) for f in report.findings] == [
        ("N-004", "warning", "报告正文写的是部门“常德市鼎城区行政审批服务局”，文件名写的是“常德市鼎城区审计局”；按正文处理"),
        ("N-004", "warning", "报告正文写的是年度“2023年度”，文件名写的是“2022年度”；按正文处理"),
    ]
    assert all(f.file == str(path) and f.sha256 == report.sha256 for f in report.findings)


def test_no_department_to_be_found(tmp_path):
    body = REPORT_2023.read_text("utf-8").replace("鼎城区行政审批服务局2023年度", "某某局2023年度")
    path = tmp_path / "自评报告.txt"
    path.write_text(body, encoding="utf-8")
    report = parse(path)
    assert report.status == "rejected"
    assert [(f.rule_id, f.severity, f.message) for f in report.findings] == [
        ("N-003", "error", "报告中和文件名中都找不到部门名称，无法与决算表对应")]


def test_a_text_file_that_is_no_report_is_passed_over(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("请各部门于3月31日前报送决算报表。\n联系人：张三\n", encoding="utf-8")
    report = parse(path)
    assert (report.status, report.findings) == ("ignored", [])
    assert "未识别为绩效自评报告" in report.reason


def test_an_unreadable_report_is_rejected_with_one_finding(tmp_path):
    path = tmp_path / "2023年度区审计局自评报告.pdf"
    path.write_bytes(b"%PDF-1.7\n garbage")
    report = parse(path)
    assert report.status == "rejected"
    assert [f.rule_id for f in report.findings] == ["N-001"]
    assert report.findings[0].message.startswith("无法读取绩效自评报告：")
