"""Reading reports: .txt in UTF-8 and GB18030, .docx, .pdf with a text layer; what cannot be read."""
from __future__ import annotations

import codecs
import io

import docx
import pytest

from juesuan.narrative.patterns import patterns
from juesuan.narrative.read import ReportProblem, join_wrapped, read_report

from .narrative_fixtures import REPORT_2023
from .narrative_fixtures.pdf import write_image_pdf, write_text_pdf

PATS = patterns()
TEXT = REPORT_2023.read_text("utf-8")
LINES = [ln.strip() for ln in TEXT.splitlines() if ln.strip()]


def problem(path) -> ReportProblem:
    with pytest.raises(ReportProblem) as caught:
        read_report(str(path), PATS)
    return caught.value


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("gb18030"), "gb18030"),
])
def test_text_in_utf8_and_gb18030_reads_the_same(tmp_path, data, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes(data)
    text = read_report(str(path), PATS)
    assert (text.fmt, text.encoding) == ("txt", encoding)
    assert [ln.text for ln in text.lines] == LINES


def test_text_in_another_encoding_is_reported_not_guessed(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    found = problem(path)
    assert found.rule_id == "N-001"
    assert "UTF-8" in found.reason and "GB18030" in found.reason


def test_binary_bytes_named_txt_are_not_text(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(b"PK\x03\x04\x00\x01\x02binary")
    assert problem(path).rule_id == "N-001"


def test_empty_file(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(b"")
    assert "0 字节" in problem(path).reason


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("鼎城区行政审批服务局2023年度部门整体支出绩效自评报告", level=0)
    document.add_heading("部门概况", level=1)
    document.add_paragraph("本局行政编制8人，事业编制15名。")
    document.add_heading("年度绩效目标", level=2)  # a sub-heading, although it names a section
    document.add_paragraph("全年上线主题式服务场景10个以上。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额（万元）"
    table.cell(1, 0).text, table.cell(1, 1).text = "基本支出", "286.95"
    document.add_paragraph("　")  # an empty paragraph of a full-width space
    document.add_heading("部门财务情况", level=1)
    document.add_paragraph("公共预算财政拨款基本支出共计286.95万元。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_tables_and_heading_styles(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(_docx_bytes())
    text = read_report(str(path), PATS)
    assert text.fmt == "docx" and text.encoding is None
    assert [(ln.text, ln.heading_level) for ln in text.lines] == [
        ("鼎城区行政审批服务局2023年度部门整体支出绩效自评报告", 1),
        ("部门概况", 1),
        ("本局行政编制8人，事业编制15名。", None),
        ("年度绩效目标", 2),
        ("全年上线主题式服务场景10个以上。", None),
        ("项目\t金额（万元）", None),
        ("基本支出\t286.95", None),
        ("部门财务情况", 1),
        ("公共预算财政拨款基本支出共计286.95万元。", None),
    ]


def test_truncated_docx(tmp_path):
    path = tmp_path / "报告.docx"
    data = _docx_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert problem(path).rule_id == "N-001"


def test_password_protected_docx(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_docx_bytes())).encrypt("secret", out)
    path = tmp_path / "报告.docx"
    path.write_bytes(out.getvalue())
    found = problem(path)
    assert (found.rule_id, found.reason) == ("N-001", "文件设有密码（已加密）")


@pytest.mark.parametrize("name", ["报告.doc", "报告.wps", "其实是doc.docx"])
def test_legacy_word_files_ask_for_a_text_version(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"))
    found = problem(path)
    assert found.rule_id == "N-002" and ".doc" in found.reason


def test_pdf_with_a_text_layer(tmp_path):
    wrapped = "公共预算财政拨款基本支出286.95万元，按经济分类，人员经费为265.55万元、日常公用经费为21.4元。"
    path = write_text_pdf(tmp_path / "报告.pdf", [
        ["鼎城区行政审批服务局2023年度部门整体支出绩效自评报告", "一、部门概况", "本局行政编制8人，事业编制15名，在职人数18人。"],
        ["二、部门财务情况", wrapped[:24], wrapped[24:], "三、部门绩效目标"],
    ])
    text = read_report(str(path), PATS)
    assert text.fmt == "pdf"
    assert [ln.text for ln in text.lines] == [
        "鼎城区行政审批服务局2023年度部门整体支出绩效自评报告", "一、部门概况", "本局行政编制8人，事业编制15名，在职人数18人。",
        "二、部门财务情况", wrapped, "三、部门绩效目标",
    ]


def test_scanned_pdf_asks_for_a_text_version(tmp_path):
    found = problem(write_image_pdf(tmp_path / "报告.pdf"))
    assert found.rule_id == "N-002" and "扫描件" in found.reason


def test_a_pdf_that_is_not_one(tmp_path):
    path = tmp_path / "报告.pdf"
    path.write_text("这其实是一段文字", encoding="utf-8")
    assert problem(path).rule_id == "N-001"


def test_wrapped_lines_join_until_a_sentence_ends():
    lines = ["标题比较短", "这一行被排版折断了，所以没有句号而且很长很长很长", "下一行接着写完。", "（一）下一项"]
    assert join_wrapped(lines) == ["标题比较短", "这一行被排版折断了，所以没有句号而且很长很长很长下一行接着写完。", "（一）下一项"]
