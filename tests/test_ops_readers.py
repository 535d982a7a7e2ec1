"""An analyst's process holding a read-only DuckDB connection on the published store during a run:
the run succeeds, the analyst keeps seeing the old store whole, and the new one on reconnecting."""
import json
import subprocess
import sys
import textwrap

from juesuan.flows.nightly import nightly_load

from .ops_support import contents, fill_inbox, workbooks  # noqa: F401 (fixtures)

# Looks at the store on one connection, again and again, from the moment it starts; prints every
# distinct answer it has seen when asked, and the answer of a fresh connection on "reconnect".
ANALYST = textwrap.dedent("""
    import json, sys, threading, duckdb
    db = sys.argv[1]
    QUERY = ("SELECT (SELECT count(*) FROM submission), (SELECT count(*) FROM fct_summary),"
             " (SELECT count(*) FROM v_dept_year)")
    con = duckdb.connect(db, read_only=True)
    seen, stop = [], threading.Event()
    def watch():
        cursor = con.cursor()
        while not stop.is_set():
            answer = list(cursor.execute(QUERY).fetchall()[0])
            if answer not in seen:
                seen.append(answer)
    watcher = threading.Thread(target=watch)
    watcher.start()
    print("watching", flush=True)
    for command in sys.stdin:
        if command.strip() == "seen":
            stop.set()
            watcher.join()
            print(json.dumps(seen), flush=True)
        elif command.strip() == "reconnect":
            con.close()
            fresh = duckdb.connect(db, read_only=True)
            print(json.dumps(list(fresh.execute(QUERY).fetchall()[0])), flush=True)
""")


def test_an_open_reader_neither_blocks_the_run_nor_sees_it_half_done(prefect_harness, workbooks, tmp_path):
    inbox = fill_inbox(tmp_path / "inbox", workbooks[:2])
    db = tmp_path / "wh.duckdb"
    nightly_load(paths=[str(inbox)], db=str(db))
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(db)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline() == "watching\n"
        fill_inbox(inbox, workbooks[2:5])
        summary = nightly_load(paths=[str(inbox)], db=str(db))  # no "Could not set lock on file"
        assert summary.loaded + summary.flagged == 3
        seen = _ask(analyst, "seen")
        after = _ask(analyst, "reconnect")
    finally:
        analyst.stdin.close()
        analyst.wait(timeout=30)
    assert analyst.returncode == 0, analyst.stderr.read()
    (old,) = seen  # one answer all along: the old store, whole, while the run went on
    assert old[0] == 2 and after[0] == 5
    assert after[1] == len(contents(db)["fct_summary"]) > old[1]


def _ask(analyst, command: str):
    analyst.stdin.write(command + "\n")
    analyst.stdin.flush()
    return json.loads(analyst.stdout.readline())
