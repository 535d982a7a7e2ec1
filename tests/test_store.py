"""The LOAD stage against real DuckDB files: versions, lineage, money, atomicity, publish, lock."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import duckdb
import pytest

from juesuan.model import Department, Finding, InboxEntry, ParsedWorkbook, RunSummary, SheetInfo
from juesuan.store.connect import open_read_only, open_working
from juesuan.store.errors import SchemaTooNew, StoreBusy, StoreNotFound
from juesuan.store.load import load_batch, write_findings, write_inbox, write_load_run
from juesuan.store.lock import writer_lock
from juesuan.store.migrate import available_migrations, migrate
from juesuan.store.publish import publish, working_path
from juesuan.store.reference import load_reference

DEPT = Department("430703101", "中共常德市鼎城区委办公室", "430703", "鼎城区")
T1 = "收入支出决算总表"
T3 = "支出决算表"


def workbook(
    sha: str,
    *,
    dept: Department = DEPT,
    year: int = 2023,
    name: str | None = None,
    mtime: float = 1_700_000_000.0,
    amounts: tuple = (Decimal("11303500.00"), Decimal("0.01")),
    errors: int = 0,
) -> ParsedWorkbook:
    """A parsed workbook with two fct_summary and two fct_expenditure rows."""
    path = f"inbox/{year}/{name or sha}.xlsx"
    findings = [
        Finding("T3-001", "error", "合计 ≠ 基本支出 + 项目支出", sheet=T3, cell="D7", expected="1.00", actual="0.01")
        for _ in range(errors)
    ] + [Finding("T1-002", "warning", "行次缺失", sheet=T1, cell="A9")]
    return ParsedWorkbook(
        path=path, sha256=sha, size=1234, mtime=mtime, fmt="xlsx", department=dept, fiscal_year=year,
        sheets=[SheetInfo(T1, "T1", "元", 2, "A1"), SheetInfo(T3, "T3", "万元", 2, "A1")],
        facts={
            "fct_summary": {
                "side": ["income", "expenditure"], "line_key": ["total_income", "total_expenditure"],
                "line_label": ["本年收入合计", "本年支出合计"], "line_no": [1, 30], "func_code": [None, None],
                "amount": list(amounts), "is_blank": [False, False], "src_sheet": [T1, T1],
                "src_cell": ["B20", "D20"],
            },
            "fct_expenditure": {
                "func_code": [None, "201"], "level": [0, 1], "func_name": ["合计", "一般公共服务支出"],
                "kind": ["total", "total"], "amount": list(amounts), "is_blank": [False, False],
                "src_sheet": [T3, T3], "src_cell": ["E7", "E8"],
            },
        },
        findings=findings,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "warehouse.duckdb"


@pytest.fixture
def con(db: Path):
    con = open_working(db)
    yield con
    con.close()


def count(con, table: str, where: str = "true", params: list | None = None) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params or []).fetchone()[0]


def submission(con, sha: str) -> tuple:
    return con.execute(
        "SELECT status, is_current, error_count, warning_count FROM submission WHERE sha256 = ?", [sha]
    ).fetchone()


def test_amounts_come_back_exactly_as_decimal(con):
    assert load_batch(con, "r1", [workbook("a")]) == [("inbox/2023/a.xlsx", "loaded", "")]
    for table in ("fct_summary", "fct_expenditure"):
        rows = con.execute(f"SELECT amount, typeof(amount) FROM {table} ORDER BY src_cell").fetchall()
        assert rows == [(Decimal("11303500.00"), "DECIMAL(18,2)"), (Decimal("0.01"), "DECIMAL(18,2)")]
        assert all(isinstance(amount, Decimal) for amount, _ in rows)
    fact = con.execute(
        "SELECT f.dept_code, f.fiscal_year, f.submission_id = s.submission_id"
        " FROM fct_summary f, submission s WHERE s.sha256 = 'a' LIMIT 1"
    ).fetchone()
    assert fact == ("430703101", 2023, True)
    assert con.execute("SELECT sheets_found, file_name FROM submission").fetchone() == (["T1", "T3"], "a.xlsx")
    assert count(con, "submission_sheet") == 2
    assert submission(con, "a") == ("loaded", True, 0, 1)


def test_same_bytes_again_is_unchanged(con):
    load_batch(con, "r1", [workbook("a")])
    tables = ("submission", "submission_sheet", "fct_summary", "fct_expenditure", "finding")
    before = {t: count(con, t) for t in tables}
    result = load_batch(con, "r2", [workbook("a"), workbook("a", name="copy-of-a")])
    assert [status for _, status, _ in result] == ["unchanged", "unchanged"]
    assert {t: count(con, t) for t in tables} == before
    assert con.execute("SELECT status FROM inbox_file WHERE run_id = 'r2'").fetchall() == [("unchanged",)] * 2


def test_copies_within_one_batch_load_once(con):
    result = load_batch(con, "r1", [workbook("a"), workbook("a", name="copy")])
    assert [status for _, status, _ in result] == ["loaded", "unchanged"]
    assert count(con, "submission") == 1 and count(con, "fct_summary") == 2


def test_a_later_run_supersedes(con):
    load_batch(con, "r1", [workbook("a", errors=1, mtime=2_000_000_000.0)])
    assert submission(con, "a") == ("flagged", True, 1, 1)
    # Later run wins even with an older file modification time.
    load_batch(con, "r2", [workbook("b", mtime=1_000_000_000.0, amounts=(Decimal("5.00"), Decimal("6.00")))])
    assert submission(con, "a") == ("superseded", False, 1, 1)
    assert submission(con, "b") == ("loaded", True, 0, 1)
    assert count(con, "fct_summary") == 4  # the old rows stay queryable
    current = con.execute(
        "SELECT sum(f.amount) FROM fct_summary f JOIN submission s USING (submission_id) WHERE s.is_current"
    ).fetchone()[0]
    assert current == Decimal("11.00")


def test_within_one_run_newer_mtime_then_file_name_wins(con):
    load_batch(con, "r1", [workbook("new", mtime=200.0), workbook("old", mtime=100.0)])
    assert submission(con, "new")[:2] == ("loaded", True)
    assert submission(con, "old")[:2] == ("superseded", False)
    # Same mtime: the later file name in sort order wins, across load_batch calls of one run.
    load_batch(con, "r2", [workbook("x", year=2024, name="部门决算-b", mtime=50.0)])
    load_batch(con, "r2", [workbook("y", year=2024, name="部门决算-a", mtime=50.0)])
    assert submission(con, "x")[:2] == ("loaded", True)
    assert submission(con, "y")[:2] == ("superseded", False)


def test_strict_quarantines_and_keeps_the_previous_current(con):
    load_batch(con, "r1", [workbook("a")])
    result = load_batch(con, "r2", [workbook("b", errors=2)], strict=True)
    assert result == [("inbox/2023/b.xlsx", "quarantined", "")]
    assert submission(con, "b") == ("quarantined", False, 2, 1)
    assert submission(con, "a") == ("loaded", True, 0, 1)
    assert count(con, "fct_summary JOIN submission USING (submission_id)", "sha256 = 'b'") == 2
    assert count(con, "finding", "sha256 = 'b' AND submission_id IS NOT NULL") == 3


def test_a_rejected_workbook_writes_no_submission(con):
    bad = ParsedWorkbook(
        path="inbox/2023/加密.xlsx", sha256="r", size=10, mtime=1.0, rejected=True,
        reject_reason="文件已加密，无法读取",
        findings=[Finding("F-003", "error", "文件已加密，无法读取")],
    )
    assert load_batch(con, "r1", [bad]) == [("inbox/2023/加密.xlsx", "rejected", "文件已加密，无法读取")]
    assert count(con, "submission") == 0
    assert con.execute("SELECT status, reason FROM inbox_file").fetchall() == [("rejected", "文件已加密，无法读取")]
    assert con.execute("SELECT file, sha256, submission_id, rule_id FROM finding").fetchall() == [
        ("inbox/2023/加密.xlsx", "r", None, "F-003")
    ]


@pytest.mark.parametrize(
    "breakage, reason",
    [
        (lambda wb: wb.facts["fct_expenditure"]["amount"].__setitem__(1, None), "NOT NULL"),
        (lambda wb: wb.facts["fct_summary"]["amount"].__setitem__(0, Decimal("0.001")), "fct_summary.amount"),
        (lambda wb: wb.facts["fct_summary"].__setitem__("colour", ["red", "red"]), "colour"),
    ],
)
def test_one_bad_workbook_does_not_take_the_others_down(con, breakage, reason):
    bad = workbook("bad", dept=Department("430703999", "新部门"))
    breakage(bad)
    copy = workbook("bad", name="bad-copy")  # the same bytes at another path share the verdict
    result = load_batch(con, "r1", [workbook("a"), bad, workbook("b", year=2024), copy])
    assert [status for _, status, _ in result] == ["loaded", "rejected", "loaded", "rejected"]
    assert reason in result[1][2] and result[3][2] == result[1][2]
    assert count(con, "submission", "sha256 = 'bad'") == 0
    assert count(con, "fct_summary") == 4 and count(con, "fct_expenditure") == 4
    assert count(con, "submission_sheet") == 4
    assert count(con, "dim_department", "dept_code = '430703999'") == 0
    assert count(con, "finding", "sha256 = 'bad' AND submission_id IS NULL") == 2
    assert count(con, "inbox_file", "sha256 = 'bad' AND status = 'rejected'") == 2


def test_new_departments_join_dim_department(con):
    newcomer = Department("430703201", "常德市鼎城区某街道办事处", "430703", "鼎城区", "单位", "430703101")
    load_batch(con, "r1", [workbook("a"), workbook("b", dept=newcomer), workbook("c", dept=newcomer, year=2024)])
    assert con.execute("SELECT * FROM dim_department ORDER BY dept_code").fetchall() == [
        ("430703101", "中共常德市鼎城区委办公室", "430703", "鼎城区", "部门", None),
        ("430703201", "常德市鼎城区某街道办事处", "430703", "鼎城区", "单位", "430703101"),
    ]


def test_run_ledger_helpers(con):
    write_inbox(con, "r1", [InboxEntry("inbox/~$lock.xlsx", 165, 1.0, None, "ignored", "Office 锁文件")])
    write_findings(con, "r1", [Finding("F-001", "error", "不是工作簿", file="inbox/x.pdf", sha256="p")])
    summary = RunSummary("r1", datetime(2024, 3, 1, 2, 0), files_seen=2, ignored=1, rejected=1, errors=1)
    write_load_run(con, summary, rules_version="2024.1")
    summary.finished_at = datetime(2024, 3, 1, 2, 5)
    write_load_run(con, summary, rules_version="2024.1")
    assert con.execute("SELECT status, reason FROM inbox_file").fetchall() == [("ignored", "Office 锁文件")]
    assert con.execute("SELECT file, submission_id FROM finding").fetchall() == [("inbox/x.pdf", None)]
    assert con.execute("SELECT finished_at, files_seen, rejected FROM load_run").fetchall() == [
        (datetime(2024, 3, 1, 2, 5), 2, 1)
    ]


def test_migrations_are_recorded_and_applied_once(tmp_path, con):
    shipped = [(version, name) for version, name, _sql in available_migrations()]
    assert con.execute("SELECT version, name FROM schema_version ORDER BY 1").fetchall() == shipped
    assert shipped[0] == (1, "init")
    assert migrate(con) == []
    # A store made by an older version gets only the migrations it lacks.
    old, new = tmp_path / "ddl_old", tmp_path / "ddl_new"
    old.mkdir(), new.mkdir()
    init = files("juesuan.schemas").joinpath("ddl", "001_init.sql").read_text(encoding="utf-8")
    (old / "001_init.sql").write_text(init, encoding="utf-8")
    (new / "001_init.sql").write_text(init, encoding="utf-8")
    (new / "002_notes.sql").write_text("CREATE TABLE stg_note (note VARCHAR);", encoding="utf-8")
    store = duckdb.connect(str(tmp_path / "older.duckdb"))
    assert migrate(store, old) == [1]
    assert migrate(store, new) == [2]
    assert migrate(store, new) == []
    assert store.execute("SELECT version, name FROM schema_version ORDER BY 1").fetchall() == [(1, "init"), (2, "notes")]
    with pytest.raises(SchemaTooNew):
        migrate(store, old)


def write_reference(folder: Path, dept_name: str = "区委办") -> None:
    (folder / "ref").mkdir(parents=True, exist_ok=True)
    files_ = {
        "ref/function_class.csv": "fiscal_year,func_code,func_name,level,parent_code\n"
        "2023,201,一般公共服务支出,1,\n2023,20101,人大事务,2,201\n",
        "ref/economic_class.csv": "fiscal_year,econ_code,econ_name,level,parent_code\n2023,301,工资福利支出,1,\n",
        "ref/function_class_changes.csv": "from_year,from_code,to_year,to_code,note\n2018,210,2019,210,医疗卫生与计划生育支出 → 卫生健康支出\n",
        "departments.csv": "dept_code,dept_name,aliases,region_code,region_name,unit_kind,parent_dept_code\n"
        f"0012,{dept_name},区委办|委办,430703,鼎城区,部门,\n",
        "department_changes.csv": "old_dept_code,new_dept_code,from_year,note\n0012,0013,2024,合并\n",
    }
    for name, text in files_.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_reference_data_is_replaced_and_codes_stay_text(tmp_path, con):
    write_reference(tmp_path / "refdata")
    load_batch(con, "r1", [workbook("a")])  # brings 430703101, which is not in the CSV
    digest = load_reference(con, tmp_path / "refdata")
    assert load_reference(con, tmp_path / "refdata") == digest
    assert con.execute("SELECT func_code, parent_code FROM ref_function_class ORDER BY 1").fetchall() == [
        ("201", None), ("20101", "201")
    ]
    assert con.execute("SELECT dept_code, dept_name FROM dim_department ORDER BY 1").fetchall() == [
        ("0012", "区委办"), ("430703101", "中共常德市鼎城区委办公室")
    ]
    assert con.execute("SELECT old_dept_code, from_year FROM map_department").fetchall() == [("0012", 2024)]
    write_reference(tmp_path / "refdata", dept_name="中共常德市鼎城区委办公室")
    assert load_reference(con, tmp_path / "refdata") != digest
    assert count(con, "dim_department") == 2 and count(con, "ref_function_class") == 2
    assert count(con, "dim_department", "dept_name = '中共常德市鼎城区委办公室'") == 2


def test_the_package_reference_data_loads(con):
    assert len(load_reference(con)) == 64
    assert count(con, "dim_department") > 0 and count(con, "ref_function_class") > 0
    assert con.execute("SELECT DISTINCT typeof(func_code) FROM ref_function_class").fetchall() == [("VARCHAR",)]


def count_in_subprocess(db: Path) -> int:
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
        "print(con.execute('SELECT count(*) FROM submission').fetchone()[0])"
    )
    return int(subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True).stdout)


def test_publish_swaps_atomically_under_an_open_reader(db):
    working = open_working(db)
    load_batch(working, "r1", [workbook("a")])
    publish(working, db)
    assert working_path(db) == db.parent / ".warehouse.work.duckdb"
    reader = open_read_only(db)  # an analyst's session, opened before the next publish
    assert reader.execute("SELECT count(*) FROM submission").fetchone()[0] == 1

    working = open_working(db)  # starts from the published store
    assert load_batch(working, "r2", [workbook("a"), workbook("b")])[0][1] == "unchanged"
    publish(working, db)

    # The open session keeps reading the old file, consistently across tables.
    assert reader.execute("SELECT count(*) FROM submission").fetchone()[0] == 1
    assert reader.execute("SELECT count(*) FROM fct_summary").fetchone()[0] == 2
    assert reader.execute("SELECT sha256, is_current FROM submission").fetchall() == [("a", True)]
    # A new connection sees the new data (another process, as an analyst's would be).
    assert count_in_subprocess(db) == 2
    reader.close()
    with open_read_only(db) as fresh:
        assert fresh.execute("SELECT sha256, is_current FROM submission ORDER BY 1").fetchall() == [
            ("a", False), ("b", True)
        ]
    assert sorted(p.name for p in db.parent.iterdir()) == [".warehouse.work.duckdb", "warehouse.duckdb"]


def test_open_read_only_without_a_store(db):
    with pytest.raises(StoreNotFound, match="no store at"):
        open_read_only(db)


def test_a_second_writer_waits_then_gives_up(db):
    with writer_lock(db, wait_seconds=5):
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="another run is writing"):
            with writer_lock(db, wait_seconds=0.3):
                pass
        assert time.monotonic() - started >= 0.3
    with writer_lock(db, wait_seconds=0):
        pass
