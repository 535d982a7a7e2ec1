"""Operator commands (pin, withdraw, release, backup) on real stores, recorded with who and when;
and a store made by an older juesuan (migration 001 only, with data) opening in this one."""
import getpass
from importlib.resources import files

import duckdb
import pytest

from juesuan.cli import main
from juesuan.flows.nightly import nightly_load
from juesuan.store.migrate import available_migrations, migrate

from .builders import seed_like_workbook
from .ops_support import contents

DEPT = "430703126"  # the department of builders.seed_like_workbook


def _version(inbox, name: str, other_income: str):
    """Another workbook of the same department-year (different bytes)."""
    folder = inbox / name
    folder.mkdir(parents=True)
    return seed_like_workbook(folder / "2023年度行政审批服务局决算.xlsx", other_income=other_income)


def _versions(db) -> dict[int, str]:
    """submission_id → status of the department-year's versions; the current one as 'CURRENT'."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute(
            "SELECT submission_id, CASE WHEN is_current THEN 'CURRENT' ELSE status END FROM submission"
            " WHERE dept_code = ? AND fiscal_year = 2023", [DEPT]).fetchall())
    finally:
        con.close()


def test_pin_withdraw_release_decide_the_current_version_and_are_recorded(prefect_harness, tmp_path, capsys):
    inbox, db = tmp_path / "inbox", str(tmp_path / "wh.duckdb")
    _version(inbox, "a", "6.63")
    nightly_load(paths=[str(inbox)], db=db)
    _version(inbox, "b", "6.64")
    nightly_load(paths=[str(inbox)], db=db)
    v1, v2 = sorted(_versions(db))
    assert _versions(db) == {v1: "superseded", v2: "CURRENT"}

    assert main(["pin", str(v1), "--db", db]) == 0
    assert _versions(db) == {v1: "CURRENT", v2: "superseded"}
    nightly_load(paths=[str(inbox)], db=db)  # the same files again: the pin holds
    assert _versions(db) == {v1: "CURRENT", v2: "superseded"}

    assert main(["withdraw", str(v1), "--db", db]) == 0  # falls back to the other version
    assert _versions(db) == {v1: "withdrawn", v2: "CURRENT"}
    assert main(["withdraw", str(v1), "--db", db]) == 2  # already withdrawn: told, nothing changes
    assert main(["pin", str(v1), "--db", db]) == 0  # a pin takes a withdrawal back
    assert _versions(db) == {v1: "CURRENT", v2: "superseded"}

    _version(inbox, "c", "16.63")  # a newer workbook with an error, quarantined: the pin holds…
    nightly_load(paths=[str(inbox)], db=db, strict=True)
    (v3,) = set(_versions(db)) - {v1, v2}
    assert _versions(db) == {v1: "CURRENT", v2: "superseded", v3: "quarantined"}
    assert main(["release", str(v3), "--db", db, "--json"]) == 0  # …until it is released
    assert '"status": "flagged"' in capsys.readouterr().out
    assert _versions(db) == {v1: "superseded", v2: "superseded", v3: "CURRENT"}

    assert main(["pin", "999999", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "999999" in err and err.count("\n") == 1 and "Traceback" not in err
    con = duckdb.connect(db, read_only=True)
    try:
        actions = con.execute("SELECT action, submission_id, operator, acted_at IS NOT NULL FROM operator_action"
                              " ORDER BY action_id").fetchall()
        current = con.execute("SELECT count(*) FROM v_dept_year WHERE dept_code = ?", [DEPT]).fetchall()
    finally:
        con.close()
    me = getpass.getuser()
    assert actions == [("pin", v1, me, True), ("withdraw", v1, me, True), ("pin", v1, me, True),
                       ("release", v3, me, True)]
    assert current == [(1,)]


def test_an_operator_command_without_a_store_says_so(tmp_path, capsys):
    assert main(["withdraw", "1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_backup_is_an_export_that_import_database_restores(prefect_harness, tmp_path, capsys):
    inbox, db = tmp_path / "inbox", tmp_path / "wh.duckdb"
    _version(inbox, "a", "6.63")
    nightly_load(paths=[str(inbox)], db=str(db))
    assert main(["backup", "--out", str(tmp_path / "backup"), "--db", str(db)]) == 0
    assert main(["backup", "--out", str(tmp_path / "backup"), "--db", str(db)]) == 2  # never over a backup
    capsys.readouterr()
    restored = tmp_path / "restored.duckdb"
    con = duckdb.connect(str(restored))
    con.execute(f"IMPORT DATABASE '{tmp_path / 'backup'}'")
    views = con.execute("SELECT count(*) FROM v_dept_year").fetchall()
    backups = con.execute("SELECT action, detail, operator FROM operator_action").fetchall()
    con.close()
    assert contents(restored) == contents(db) and views == [(1,)]
    assert backups == [("backup", str((tmp_path / "backup").resolve()), getpass.getuser())]


@pytest.fixture
def old_store(tmp_path):
    """A store as juesuan with only migration 001 wrote it, holding one department-year."""
    ddl = tmp_path / "ddl"
    ddl.mkdir()
    (ddl / "001_init.sql").write_text(files("juesuan.schemas").joinpath("ddl", "001_init.sql").read_text("utf-8"),
                                      encoding="utf-8")
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    migrate(con, ddl)
    con.execute("INSERT INTO submission (submission_id, dept_code, fiscal_year, source_path, file_name, sha256,"
                " run_id, loaded_at, status, is_current) VALUES (nextval('submission_id_seq'), '430703101', 2022,"
                " 'inbox/old.xlsx', 'old.xlsx', 'abc', 'r0', now(), 'loaded', true)")
    con.execute("INSERT INTO fct_summary VALUES (1, '430703101', 2022, 'income', 'total_income', '本年收入合计', 1,"
                " NULL, 1234.56, false, '收入支出决算总表', 'B20')")
    con.close()
    return db


def test_a_store_made_by_an_older_juesuan_opens_and_loads(prefect_harness, old_store, tmp_path):
    inbox = tmp_path / "inbox"
    _version(inbox, "a", "6.63")
    summary = nightly_load(paths=[str(inbox)], db=str(old_store))
    assert summary.loaded + summary.flagged == 1
    con = duckdb.connect(str(old_store), read_only=True)
    try:
        versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
        kept = con.execute("SELECT amount FROM fct_summary WHERE submission_id = 1").fetchall()
        ids = con.execute("SELECT submission_id, is_current FROM submission ORDER BY 1").fetchall()
    finally:
        con.close()
    assert versions == [v for v, _, _ in available_migrations()]
    assert [str(a) for (a,) in kept] == ["1234.56"]
    assert ids == [(1, True), (2, True)]
