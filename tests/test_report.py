"""The HTML report: self-contained, escaped, and drawn by a real browser (headless Chromium)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from juesuan.pipeline import refresh_views
from juesuan.report import NoData, render_report
from juesuan.report.charts import PALETTE

from .golden.store import build_store

HOSTILE = "<script>alert(1)</script>己局&$x$"
BROWSERS = ("chromium", "chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    con = build_store(folder / "golden.duckdb")
    con.execute("UPDATE dim_department SET dept_name = ? WHERE dept_code = '600'", [HOSTILE])
    refresh_views(con)
    path = render_report(con, 2024, folder / "report.html")
    con.close()
    return path


def test_report_has_the_sections_in_chinese(report):
    html = report.read_text("utf-8")
    for heading in ("鼎城区 2024 年度部门决算分析报告", "一、全区汇总与同比", "二、部门一览", "三、图表",
                    "四、自评分与重算分不一致的单位", "五、自评报告所述数字与决算表不符之处", "六、数据质量", "图 1 各单位本年支出合计同比增减率",
                    "图 2 各部门支出功能分类（类）构成", "图 5 绩效指标完成情况"):
        assert heading in html
    assert "872.00" in html and "+384.4%" in html  # district expenditure 8,720,000 yuan, +384.4 % on 2023
    assert html.count("<svg") == 5


def test_flagged_departments_come_first_and_are_marked(report):
    html = report.read_text("utf-8")
    rows = re.findall(r"<tr( class=\"flagged\")?>\s*<td>(.*?)</td>", html.split("二、部门一览")[1].split("三、图表")[0], re.S)
    assert rows[0][0] and "甲局" in rows[0][1] and "⚠" in rows[0][1]
    assert not any(flagged for flagged, _ in rows[1:])


def test_input_text_is_escaped(report):
    html = report.read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;己局&amp;$x$" in html


def test_report_loads_nothing_from_outside(report):
    html = report.read_text("utf-8")
    assert "default-src 'none'" in html  # the page itself forbids every fetch
    assert not re.search(r"<(script|link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"'](?!#)", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(?!#)", html, re.I)
    assert "@import" not in html


def test_a_year_without_data_is_refused(tmp_path):
    con = build_store(tmp_path / "g.duckdb")
    with pytest.raises(NoData, match="2030"):
        render_report(con, 2030, tmp_path / "r.html")
    con.close()


def test_report_renders_in_headless_chromium(report, tmp_path):
    browser = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        pytest.skip("headless Chromium not found: install Debian's packages `chromium` and `fonts-noto-cjk`"
                    " (apt-get install chromium fonts-noto-cjk) to run this test")
    from PIL import Image
    shot = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--hide-scrollbars", "--window-size=1280,5000", f"--screenshot={shot}", report.as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    bands = chart_bands(image)
    assert len(bands) >= 5, bands  # every chart drew its bars
    assert sum(pixels for _, _, pixels in bands) > 50_000


def chart_bands(image) -> list[tuple[int, int, int]]:
    """(top, bottom, chart-coloured pixels) of each horizontal band holding chart bars.

    The page uses the chart palette nowhere else, so rows with many palette pixels are bars;
    rows within 60 px of each other belong to one chart.
    """
    import numpy as np
    pixels = np.asarray(image, dtype=np.int32)
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in PALETTE], dtype=np.int32)
    distance = np.abs(pixels[:, :, None, :] - palette[None, None, :, :]).sum(axis=3)
    counts = (distance.min(axis=2) < 30).sum(axis=1)
    bands: list[list[int]] = []
    for y, count in enumerate(counts.tolist()):
        if count < 40:
            continue
        if bands and y - bands[-1][1] <= 60:
            bands[-1][1] = y
            bands[-1][2] += count
        else:
            bands.append([y, y, count])
    return [tuple(b) for b in bands if b[2] > 4_000]
