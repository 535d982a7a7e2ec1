"""The command line at its edges: exit statuses and one-line messages (cli.md)."""
import json

import openpyxl

from juesuan.cli import main
from juesuan.demo import seed_figures_2023, write_workbook
from juesuan.demo.style import Style

from .builders import seed_like_workbook


def test_check_and_annotate_the_seed_workbook(tmp_path, capsys):
    src = tmp_path / "2023年度常德市鼎城区行政审批服务局部门决算.xlsx"
    write_workbook(seed_figures_2023(), Style(), src)
    assert main(["check", str(src), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    errors = [f for f in findings if f["severity"] == "error" and f["outcome"] == "fail"]
    assert errors and {f["rule_id"] for f in errors} <= {"T5-001", "T5-002", "X-008"}
    out = tmp_path / "批注.xlsx"
    assert main(["annotate", str(src), "--out", str(out)]) == 1
    assert "已标注" in capsys.readouterr().out
    sheet = next(ws for ws in openpyxl.load_workbook(out) if any(
        c.comment for row in ws.iter_rows() for c in row))
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert any("1130.35" in text and "1123.72" in text for text in comments)


def test_a_clean_workbook_checks_clean(tmp_path, capsys):
    src = seed_like_workbook(tmp_path / "x.xlsx")
    assert main(["check", str(src)]) == 0
    assert "0 个错误" in capsys.readouterr().out


def test_usage_errors_exit_2_with_one_line(tmp_path, capsys):
    assert main(["annotate", str(tmp_path / "x.xlsx"), "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["sql", "DELETE FROM submission", "--db", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("错误") >= 2
