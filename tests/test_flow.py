"""The nightly flow end to end: real Prefect flow runs, a real DuckDB file, real workbooks."""
from decimal import Decimal

import duckdb
import pytest

from juesuan.cli import main
from juesuan.flows.nightly import nightly_load

from .builders import broken_files, seed_like_workbook


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox" / "2023"
    folder.mkdir(parents=True)
    seed_like_workbook(folder / "2023年度行政审批服务局决算.xlsx")
    return tmp_path / "inbox"


def test_flow_loads_then_changes_nothing(prefect_harness, inbox, tmp_path):
    db = tmp_path / "wh.duckdb"
    first = nightly_load(paths=[str(inbox)], db=str(db), workers=1)
    assert (first.loaded, first.rejected, first.unchanged) == (1, 0, 0)
    second = nightly_load(paths=[str(inbox)], db=str(db), workers=1)
    assert (second.loaded, second.unchanged) == (0, 1)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM submission").fetchone()[0] == 1
    row = con.execute("SELECT total_income, total_expenditure, basic_expenditure, project_expenditure "
                      "FROM v_dept_year WHERE dept_code = '430703126' AND fiscal_year = 2023").fetchone()
    assert row == (Decimal("11303500.00"), Decimal("11303500.00"), Decimal("2869500.00"), Decimal("8434000.00"))
    assert con.execute("SELECT typeof(amount) FROM fct_summary LIMIT 1").fetchone()[0] == "DECIMAL(18,2)"
    statuses = con.execute("SELECT status, count(*) FROM inbox_file GROUP BY ALL ORDER BY 1").fetchall()
    assert statuses == [("loaded", 1), ("unchanged", 1)]
    con.close()


def test_bad_input_is_rejected_with_one_finding_each_and_the_rest_loads(prefect_harness, inbox, tmp_path, capsys):
    broken = broken_files(inbox / "broken")
    (inbox / "~$2023年度行政审批服务局决算.xlsx").write_bytes(b"lock")
    db = tmp_path / "wh.duckdb"
    status = main(["load", str(inbox), "--db", str(db), "--workers", "1"])
    out = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out.out + out.err
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT regexp_extract(path, '[^/]+$'), status FROM inbox_file").fetchall())
    assert rows["2023年度行政审批服务局决算.xlsx"] == "loaded"
    assert rows["~$2023年度行政审批服务局决算.xlsx"] == "ignored"
    for name in ("空文件.xlsx", "截断.xlsx", "其实是CSV.xlsx", "加密.xlsx", "只有说明.xlsx"):
        assert rows[name] == "rejected", name
    findings = dict(con.execute(
        "SELECT regexp_extract(file, '[^/]+$'), string_agg(message, ' | ') FROM finding "
        "WHERE rule_id LIKE 'F-%' AND severity = 'error' GROUP BY ALL").fetchall())
    assert "0 字节" in findings["空文件.xlsx"] or "为空" in findings["空文件.xlsx"]
    assert "CSV" in findings["其实是CSV.xlsx"]
    assert "密码" in findings["加密.xlsx"] or "加密" in findings["加密.xlsx"]
    assert "没有可识别的决算表" in findings["只有说明.xlsx"]
    assert set(broken) and all(findings.get(p.name) for p in broken.values())
    con.close()


def test_a_second_writer_is_told_the_store_is_busy(prefect_harness, inbox, tmp_path, capsys):
    from juesuan.store.lock import writer_lock
    db = tmp_path / "wh.duckdb"
    with writer_lock(db, 0):
        status = main(["load", str(inbox), "--db", str(db)])
    assert status == 2
    assert "another run is writing" in capsys.readouterr().err
