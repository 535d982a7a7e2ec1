"""Incremental and idempotent: stored bytes under the current rules are not read again; stored
bytes under other rules are read again and replaced in place; a second writer waits its turn."""
import subprocess
import sys
import textwrap
import time

import duckdb

from juesuan.flows.nightly import nightly_load
from juesuan.pipeline import rules_version

from .ops_support import contents, fill_inbox, workbooks  # noqa: F401 (fixtures)


def _rows(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_changed_rules_version_rechecks_the_stored_workbooks_in_place(prefect_harness, workbooks, tmp_path):
    inbox, db = fill_inbox(tmp_path / "inbox", workbooks[:3]), tmp_path / "wh.duckdb"
    nightly_load(paths=[str(inbox)], db=str(db))
    as_loaded = contents(db)
    ids = _rows(db, "SELECT sha256, submission_id FROM submission ORDER BY 1")
    con = duckdb.connect(str(db))  # as if an older catalogue had read and judged them
    con.execute("UPDATE submission SET rules_version = 'older'")
    con.execute("DELETE FROM finding")
    con.execute("UPDATE fct_summary SET amount = 0")
    con.close()

    again = nightly_load(paths=[str(inbox)], db=str(db))
    assert (again.loaded, again.flagged, again.unchanged) == (0, 0, 3)
    assert contents(db) == as_loaded  # facts and findings as the current rules read them
    assert _rows(db, "SELECT sha256, submission_id FROM submission ORDER BY 1") == ids
    assert _rows(db, "SELECT DISTINCT rules_version FROM submission") == [(rules_version(),)]
    reasons = _rows(db, "SELECT reason FROM inbox_file WHERE run_id = ?", [again.run_id])
    assert len(reasons) == 3 and all("重新检查" in r for (r,) in reasons)

    third = nightly_load(paths=[str(inbox)], db=str(db))
    reasons = _rows(db, "SELECT DISTINCT reason FROM inbox_file WHERE run_id = ?", [third.run_id])
    assert third.unchanged == 3 and reasons == [("内容与已入库版本相同",)]
    assert third.stage_seconds.get("parse", 0) == 0  # nothing was read again


HOLDER = textwrap.dedent("""
    import sys, time
    from juesuan.store.lock import writer_lock
    with writer_lock(sys.argv[1], 0):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def test_a_second_writer_waits_for_the_first_and_loads_once(prefect_harness, workbooks, tmp_path):
    inbox, db = fill_inbox(tmp_path / "inbox", workbooks[:2]), tmp_path / "wh.duckdb"
    first = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "3"], stdout=subprocess.PIPE, text=True)
    assert first.stdout.readline() == "held\n"  # another process is writing this store
    started = time.monotonic()
    summary = nightly_load(paths=[str(inbox)], db=str(db), lock_wait_seconds=60)
    assert time.monotonic() - started > 1.5  # it waited for the lock…
    assert first.wait(timeout=30) == 0
    first.stdout.close()
    again = nightly_load(paths=[str(inbox)], db=str(db), lock_wait_seconds=60)
    assert summary.loaded + summary.flagged == 2 and again.unchanged == 2  # …and nothing loaded twice
    assert _rows(db, "SELECT count(*) FROM submission") == [(2,)]
