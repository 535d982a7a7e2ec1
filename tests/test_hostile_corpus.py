"""Issue 7, as it is checked: one hostile or broken entry of every class beside a good workbook,
through a real `juesuan load` into a real DuckDB file. For each: the outcome and rule, no
traceback, the exit status of cli.md, the good workbook loaded, and the run within 60 s and
2 GiB (this process and its parse workers). Then the parse isolation on its own: files that
kill or hang their worker."""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from juesuan.cli import main
from juesuan.model import InboxEntry
from juesuan.parse import ParseLimits, parse_files

from .hostile import base, cost, identity
from .hostile.corpus import CASES, ESCAPE, GOOD_DEPT, GOOD_NAME, SECRET, Case
from .hostile.inbox import OUTSIDE_DEPT
from .hostile.isolated import entry
from .hostile.measure import RunCost

GIB = 1 << 30
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, newline and return are text


@pytest.fixture(scope="module")
def good_workbook(tmp_path_factory) -> Path:
    return base.write(tmp_path_factory.mktemp("good") / GOOD_NAME, GOOD_DEPT)


@pytest.mark.parametrize("case", [c.param for c in CASES])
def test_hostile_entry_beside_a_good_workbook(prefect_harness, good_workbook, case: Case, tmp_path, capfd):
    folder, outside = tmp_path / "inbox", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    shutil.copy(good_workbook, folder / GOOD_NAME)
    case.build(folder, outside)
    db = tmp_path / "store" / "wh.duckdb"
    capfd.readouterr()

    with RunCost() as run:
        status = main(["load", str(folder), "--db", str(db)])

    printed = "".join(capfd.readouterr())
    assert "Traceback" not in printed and not _CONTROL.search(printed), printed[-3000:]
    assert status == case.exit_status, printed[-3000:]
    assert run.seconds < 60, run.seconds
    assert run.peak_bytes < 2 * GIB, run.peaks
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses, findings = _entries(con)
        assert statuses.pop(GOOD_NAME) == "loaded"
        assert {f[0] for f in findings.get(GOOD_NAME, [])} <= {"F-007"}
        assert statuses == {name: e.status for name, e in case.expect.items()}
        for name, expect in case.expect.items():
            if expect.rule:
                assert any(rule == expect.rule and (expect.says or "") in message and expect.cell in (None, cell)
                           for rule, message, cell in findings.get(name, [])), (name, findings.get(name))
        _store_holds_nothing_it_must_not(con)
        if case.check:
            case.check(con)
    finally:
        con.close()
    written = [tmp_path.parent / ESCAPE, Path("/tmp") / ESCAPE, Path.cwd() / ESCAPE, Path.cwd() / f"C:\\{ESCAPE}"]
    assert not [p for p in written if p.exists()] + list(tmp_path.rglob(f"*{ESCAPE}"))  # zip-slip members


def _entries(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    """inbox_file status and findings (rule, message, sheet!cell) by entry name."""
    statuses = {os.path.basename(path): status for path, status in
                con.execute("SELECT path, status FROM inbox_file").fetchall()}
    findings: dict[str, list[tuple[str, str, str]]] = {}
    for file, rule, message, sheet, cell in con.execute(
            "SELECT file, rule_id, message, sheet, cell FROM finding WHERE outcome = 'fail'").fetchall():
        assert "内部错误" not in message, message  # the one path on which a worker prints a traceback
        findings.setdefault(os.path.basename(file), []).append((rule, message, f"{sheet}!{cell}" if cell else None))
    return statuses, findings


def _store_holds_nothing_it_must_not(con: duckdb.DuckDBPyConnection) -> None:
    """No control character, no byte of a file an external entity names, no workbook a link
    outside the inbox points to."""
    columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR'"
                          " AND NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables())").fetchall()
    for table, column in columns:
        bad = con.execute(f'SELECT "{column}" FROM "{table}" WHERE regexp_matches("{column}", ?) '
                          f'OR contains("{column}", ?) LIMIT 1', [_CONTROL.pattern, SECRET]).fetchall()
        assert not bad, (table, column, bad)
    assert con.execute("SELECT count(*) FROM submission JOIN dim_department USING (dept_code)"
                       " WHERE dept_name = ?", [OUTSIDE_DEPT]).fetchone()[0] == 0


# --- parse isolation -----------------------------------------------------------------------

def test_files_that_kill_or_hang_their_worker_are_rejected_and_the_batch_loads(tmp_path):
    """The killer passes every check of the reader and makes the native reader abort its process;
    the hanger is a read that never returns (a named pipe stands in for a file on a network share
    that stopped answering). Each is rejected with F-011; every other file of the batch loads."""
    goods = [base.write(tmp_path / f"good{n}.xlsx", dept) for n, dept in enumerate(identity.DEPARTMENTS)]
    killer = cost.amplified_string(goods[0], tmp_path / "killer.xlsx")
    hanger = tmp_path / "hanger.xlsx"
    os.mkfifo(hanger)
    entries = [entry(p) for p in goods[:2]] + [entry(killer)] + [entry(p) for p in goods[2:4]] + [
        InboxEntry(str(hanger), 0, 0.0, "0" * 64, "candidate")] + [entry(p) for p in goods[4:]]
    started = time.monotonic()
    parsed = {Path(wb.path).name: wb for batch in parse_files(
        entries, workers=2, limits=ParseLimits(seconds_per_file=3, batch_size=2)) for wb in batch}
    assert time.monotonic() - started < 60
    assert len(parsed) == len(entries)
    for culprit in ("killer.xlsx", "hanger.xlsx"):
        wb = parsed.pop(culprit)
        assert wb.rejected and [(f.rule_id, "异常退出或超时" in f.message) for f in wb.findings] == [("F-011", True)]
    assert all(not wb.rejected and wb.department for wb in parsed.values())
