"""SIGKILL a real `juesuan load` as each stage begins: the published store is as it was (or, killed
while publishing, wholly the new one), the working store holds whole workbooks only, and the
next run completes the work."""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import duckdb

from juesuan.flows.nightly import nightly_load
from juesuan.store.publish import wal_path, working_path

from .ops_support import api_url, cli_env, contents, fill_inbox, workbooks  # noqa: F401 (fixtures)

# The progress line each stage prints as it begins (flows/nightly.py, flows/fanout.py).
STAGES = ("发现：扫描", "解析：", "校验：", "入库：第", "自评报告", "刷新视图", "发布到")


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kill_when(line_start: str, inbox, db, env) -> str:
    """Run `juesuan load`; SIGKILL it (with its parse workers: the whole process group, as a
    supervisor does) as soon as it prints the line that begins `line_start`'s stage."""
    proc = subprocess.Popen([sys.executable, "-m", "juesuan.cli", "load", str(inbox), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line_start in line:
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    return "".join(seen)


def _facts_per_workbook(db) -> dict[str, tuple]:
    """sha256 → (sheets, rows of every fact table), for each stored workbook."""
    con = duckdb.connect(str(db))  # replays a killed writer's log, as the next open would
    try:
        tables = [t for (t,) in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'submission_id'"
            " AND table_name LIKE 'fct%' ORDER BY 1").fetchall()]
        counts = ", ".join(f"(SELECT count(*) FROM {t} f WHERE f.submission_id = s.submission_id)" for t in tables)
        rows = con.execute(
            "SELECT sha256, (SELECT count(*) FROM submission_sheet x WHERE x.submission_id = s.submission_id),"
            f" {counts} FROM submission s").fetchall()
        return {sha: tuple(rest) for sha, *rest in rows}
    finally:
        con.close()


def _check_store_after_kill(stage, db, before, output, whole):
    if stage == "发布到" and _digest(db) != before:  # killed after the atomic swap: all of the new run
        assert set(_facts_per_workbook(db)) == set(whole), output
    else:
        assert _digest(db) == before, (stage, output)
    working = working_path(db)
    if working.exists():  # what the killed writer left: each workbook whole, or absent
        probe = db.parent / "probe" / "working.duckdb"
        probe.parent.mkdir()
        shutil.copyfile(working, probe)
        if wal_path(working).exists():
            shutil.copyfile(wal_path(working), wal_path(probe))
        for sha, counts in _facts_per_workbook(probe).items():
            assert counts == whole[sha], (stage, sha)


def test_a_run_killed_at_any_stage_leaves_whole_workbooks_and_the_next_run_completes(api_url, workbooks, tmp_path):
    reference = tmp_path / "reference.duckdb"  # all six workbooks loaded without trouble
    nightly_load(paths=[str(fill_inbox(tmp_path / "all", workbooks[:6]))], db=str(reference))
    whole = _facts_per_workbook(reference)
    inbox = fill_inbox(tmp_path / "inbox", workbooks[:3])
    first = tmp_path / "first.duckdb"
    nightly_load(paths=[str(inbox)], db=str(first))
    before = _digest(first)
    fill_inbox(inbox, workbooks[3:6])
    stores = {}
    for i, stage in enumerate(STAGES):  # one store per stage, killed side by side
        stores[stage] = tmp_path / f"s{i}" / "wh.duckdb"
        stores[stage].parent.mkdir()
        shutil.copyfile(first, stores[stage])
    env = cli_env(api_url)
    with ThreadPoolExecutor(len(STAGES)) as pool:
        outputs = dict(zip(STAGES, pool.map(lambda st: _kill_when(st, inbox, stores[st], env), STAGES)))

    for stage, db in stores.items():
        _check_store_after_kill(stage, db, before, outputs[stage], whole)
        nightly_load(paths=[str(inbox)], db=str(db))  # the next run
        assert _facts_per_workbook(db) == whole, stage
    mine, ref = contents(stores["入库：第"]), contents(reference)
    assert {t: rows for t, rows in mine.items() if t != "finding"} == {t: rows for t, rows in ref.items() if t != "finding"}
    assert set(mine["finding"]) == set(ref["finding"])

