"""Outputs are safe (issue 7 §6): text from a workbook built to become a formula, a link or markup
(a department named <script>…, lines starting with = + - @, javascript: and markdown links)
stays text in the HTML report, the Excel export, the Prefect markdown artifact and the annotated
workbook. The workbook goes through a real load first, so the text arrives as it would."""
from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt

from juesuan.cli import main

from .hostile import base, outputs
from .hostile.corpus import GOOD_DEPT, GOOD_NAME

HOSTILE_NAME = "危险.xlsx"
# What a GFM renderer (GitHub, the Prefect UI) links in markdown source without any markup.
_AUTOLINK = re.compile(r"https?://|www\.", re.I)


@pytest.fixture(scope="module")
def store(prefect_harness, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    inbox = folder / "inbox"
    inbox.mkdir()
    outputs.hostile_workbook(inbox / HOSTILE_NAME)
    base.write(inbox / GOOD_NAME, GOOD_DEPT)
    db = folder / "wh.duckdb"
    assert main(["load", str(inbox), "--db", str(db)]) == 1  # the hostile workbook loads flagged
    shutil.copy(inbox / HOSTILE_NAME, folder / HOSTILE_NAME)
    return db


class _Markup(HTMLParser):
    """Every element and attribute of an HTML document, and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _no_markup_from_input(html: str, allowed: set[str]) -> _Markup:
    doc = _Markup(html)
    assert {tag for tag, _ in doc.tags} <= allowed, {tag for tag, _ in doc.tags} - allowed
    for tag, attrs in doc.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any(v and re.match(r"\s*(javascript|https?):", v, re.I) for a, v in attrs.items()
                       if a in ("href", "src", "xlink:href")), (tag, attrs)
    return doc


def test_html_report_shows_input_as_text(store, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(store), "--out", str(out)]) == 0
    html = out.read_text("utf-8")
    doc = _no_markup_from_input(html, allowed={
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section", "table", "thead",
        "tbody", "tr", "th", "td", "span", "figure", "figcaption", "div", "ul", "li", "small", "strong", "em",
        # matplotlib's inline SVG charts
        "svg", "defs", "g", "path", "use", "text", "tspan", "clippath", "rect", "style", "line", "polyline"})
    text = "".join(doc.text)
    assert outputs.DEPT_NAME in text  # the department is there, as text
    assert "<script" not in html.replace("&lt;script", "")


def _sheet_xml(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(n, z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/")]


def _no_formula_or_link(path: Path) -> openpyxl.Workbook:
    for name, xml in _sheet_xml(path):
        assert b"<f>" not in xml and b"<f " not in xml and b"<hyperlink" not in xml, name
        assert b"relationships/hyperlink" not in xml, name
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and cell.hyperlink is None, (sheet.title, cell.coordinate, cell.value)
    return book


def _texts(book: openpyxl.Workbook) -> str:
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)


def test_excel_export_writes_input_as_text(store, tmp_path):
    depts, found = tmp_path / "depts.xlsx", tmp_path / "findings.xlsx"
    assert main(["export", "v_dept_year", "--db", str(store), "--out", str(depts)]) == 0
    assert main(["export", "SELECT rule_id, sheet, cell, message, actual FROM finding", "--db", str(store),
                 "--out", str(found)]) == 0
    assert outputs.DEPT_NAME in _texts(_no_formula_or_link(depts))
    text = _texts(_no_formula_or_link(found))
    for label in (outputs.AMOUNT, *outputs.LABELS):
        assert label in text, label


def test_annotated_workbook_keeps_input_as_text(store, tmp_path):
    out = tmp_path / "annotated.xlsx"
    assert main(["annotate", str(store.parent / HOSTILE_NAME), "--out", str(out)]) == 1  # it has errors
    book = _no_formula_or_link(out)
    text = _texts(book)
    for label in (outputs.AMOUNT, *outputs.LABELS):
        assert label in text, label
    starts = [c for s in book.worksheets for row in s.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith(outputs.FORMULA_STARTS)]
    assert starts and all(c.data_type == "s" for c in starts)


def _artifact() -> str:
    from prefect.client.orchestration import get_client
    with get_client(sync_client=True) as client:
        (latest,) = [a for a in client.read_latest_artifacts() if a.key == "juesuan-findings"]
        return latest.data


def test_markdown_artifact_renders_input_as_text(store):
    markdown = _artifact()
    assert "不是可读的金额" in markdown  # the findings that quote the hostile text are in it
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    _no_markup_from_input(html, allowed={"h1", "table", "thead", "tbody", "tr", "th", "td", "p"})
    assert not _AUTOLINK.search(markdown)
