"""End-to-end benchmark of `juesuan load`, as a user runs it (not a timed test).

For each count (2,000 and 10,000 by default) and a small count, it generates sample workbooks
(juesuan.demo.sample_workbooks, seed 7) and measures:
  * the whole `juesuan load` command, wall clock, in a fresh process (Prefect's temporary server
    unless PREFECT_API_URL is set), and the peak memory of the pipeline's own processes: the
    command and its parse workers, polled from /proc; the Prefect server process is left out;
  * the floor: a bare python-calamine read of the same files, one process per core;
  * a second run with no new files: the flow run alone (called in this process, server warm)
    and the whole command (warm Prefect home);
  * the naive script of bench_load.py on a small and a larger sample.
Marginal cost per workbook = (time for N − time for the small count) / (N − small), so start-up
(imports, the Prefect server, process pools) does not count.

    .venv/bin/python bench/bench_e2e.py [--counts 2000 10000] [--small 200] [--naive 100 300]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import _bare_calamine, floor_seconds, naive_seconds  # noqa: E402  (the same floor and naive script)

PAGE = os.sysconf("SC_PAGE_SIZE")
SERVER_MARKERS = ("uvicorn", "prefect.server", "prefect server")


def generate(folder: Path, n: int) -> list[Path]:
    from juesuan.demo import sample_workbooks
    return sample_workbooks(folder, n, seed=7)


class PeakMemory:
    """Peak RSS of a process tree, sampled every 50 ms: the sum over the pipeline's processes and
    the largest single one; the Prefect server and its children are not the pipeline."""

    def __init__(self, pid: int):
        self.pid, self.total, self.largest = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.total / 2**20, self.largest / 2**20

    def _poll(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss(p) for p in _tree(self.pid)]
            self.total = max(self.total, sum(sizes))
            self.largest = max(self.largest, max(sizes, default=0))
            time.sleep(0.05)


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(marker in command for marker in SERVER_MARKERS):
            continue
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def load_command(inbox: Path, db: Path) -> dict:
    """`juesuan load` in its own process: wall seconds, peak MiB, and its JSON summary."""
    env = {**os.environ, "JUESUAN_QUIET": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "juesuan.cli", "load", str(inbox), "--db", str(db), "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    total, largest = peak.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"juesuan load failed ({proc.returncode}): {err[-2000:]}")
    summary = json.loads(out)
    return {"seconds": seconds, "peak_total_mib": total, "peak_process_mib": largest,
            "loaded": summary["loaded"] + summary["flagged"], "stages": summary["stage_seconds"]}


def flow_run_seconds(inbox: Path, db: Path) -> float:
    """The nightly flow called in this process (its Prefect server already warm)."""
    from juesuan.flows.nightly import nightly_load
    started = time.perf_counter()
    summary = nightly_load(paths=[str(inbox)], db=str(db))
    seconds = time.perf_counter() - started
    assert summary.loaded + summary.flagged == 0, "the second run loaded something"
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--naive", type=int, nargs=2, default=[100, 300], metavar=("SMALL", "LARGE"))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("JUESUAN_QUIET", "1")
    tmp = Path(tempfile.mkdtemp(prefix="juesuan-e2e-"))
    try:
        (tmp / "empty").mkdir()  # a first flow call starts this process's Prefect server: not timed
        flow_run_seconds(tmp / "empty", tmp / "warm.duckdb")
        rows: dict[int, dict] = {}
        for n in sorted({args.small, *args.counts}):
            t = time.perf_counter()
            paths = generate(tmp / f"inbox{n}", n)
            print(f"generated {n} workbooks in {time.perf_counter() - t:.0f}s", flush=True)
            run = load_command(tmp / f"inbox{n}", tmp / f"wh{n}.duckdb")
            run["floor"] = floor_seconds(paths, args.workers, _bare_calamine)
            again = load_command(tmp / f"inbox{n}", tmp / f"wh{n}.duckdb")
            run["again_command"] = again["seconds"]
            run["again_flow"] = flow_run_seconds(tmp / f"inbox{n}", tmp / f"wh{n}.duckdb")
            rows[n] = run
            print(f"  load {run['seconds']:.1f}s (loaded {run['loaded']}), floor {run['floor']:.1f}s, "
                  f"peak {run['peak_total_mib']:.0f} MiB; again: flow {run['again_flow']:.2f}s, "
                  f"command {run['again_command']:.1f}s", flush=True)
            if n != args.small:
                shutil.rmtree(tmp / f"inbox{n}")
        naive_paths = generate(tmp / "naive", args.naive[1])
        naive = {k: naive_seconds(naive_paths[:k], tmp / f"naive{k}.duckdb") for k in args.naive}
        naive_ms = (naive[args.naive[1]] - naive[args.naive[0]]) / (args.naive[1] - args.naive[0]) * 1000

        small = rows[args.small]
        print(f"\n{'workbooks':>9} {'load s':>8} {'floor s':>8} {'ms/wb':>7} {'floor ms/wb':>11} {'×floor':>7}"
              f" {'peak MiB':>9} {'largest':>8} {'again flow':>10} {'again cmd':>9}")
        for n, r in sorted(rows.items()):
            if n == args.small:
                marginal = floor_ms = ratio = float("nan")
            else:
                marginal = (r["seconds"] - small["seconds"]) / (n - args.small) * 1000
                floor_ms = (r["floor"] - small["floor"]) / (n - args.small) * 1000
                ratio = marginal / floor_ms
            print(f"{n:>9} {r['seconds']:>8.1f} {r['floor']:>8.1f} {marginal:>7.2f} {floor_ms:>11.2f} {ratio:>7.2f}"
                  f" {r['peak_total_mib']:>9.0f} {r['peak_process_mib']:>8.0f} {r['again_flow']:>10.2f}"
                  f" {r['again_command']:>9.1f}")
        largest = max(args.counts)
        ours = (rows[largest]["seconds"] - small["seconds"]) / (largest - args.small) * 1000
        print(f"\nnaive script: {naive_ms:.1f} ms per workbook (marginal over {args.naive[0]}→{args.naive[1]});"
              f" naive / juesuan end to end = {naive_ms / ours:.1f}×  (goal ≥ 10×)")
        print(f"stages at {largest}: " + " · ".join(f"{k} {v:.1f}s" for k, v in rows[largest]["stages"].items()))
        print("goals: ≤ 3× floor; peak < 1024 MiB; second run: flow < 3 s, command < 10 s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
