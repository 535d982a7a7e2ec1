"""What a run costs: wall time, and the peak resident memory of this process and the parse
workers under it, together.

The workers are grandchildren (forkserver) that outlive the run, so getrusage(RUSAGE_CHILDREN)
never sees them. Each process's high-water mark (VmHWM) is read from /proc instead, reset when
the run starts, and summed over the processes alive at each sample: a worker that dies and is
replaced is not added to its successor.
"""
from __future__ import annotations

import ctypes
import gc
import os
import threading
import time
from pathlib import Path

_PROC = Path("/proc")


class RunCost:
    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.seconds = 0.0
        self.peak_bytes = 0  # the most the processes alive at one sample held at their peaks
        self.peaks: dict[int, int] = {}  # pid → its own peak, for the failure message
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RunCost:
        _release_free_memory()
        for pid in _tree():
            _reset_peak(pid)
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
        self._stop.set()
        self._thread.join()
        self._note()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self._note()

    def _note(self) -> None:
        alive = {pid: _peak(pid) for pid in _tree()}
        self.peak_bytes = max(self.peak_bytes, sum(alive.values()))
        for pid, peak in alive.items():
            self.peaks[pid] = max(self.peaks.get(pid, 0), peak)


def _release_free_memory() -> None:
    """Hand memory that earlier tests freed back to the system, so that the run is measured from
    what this process really holds (as a fresh `juesuan load` would be), not from its past."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the measure is only more cautious
        pass


def _tree() -> list[int]:
    """This process and its descendants, except the Prefect test server (not part of a run)."""
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        if b"uvicorn" in _cmdline(pid):
            continue
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def _peak(pid: int) -> int:
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _reset_peak(pid: int) -> None:
    """Start the high-water mark afresh (Linux ≥ 4.0): earlier tests' peaks are not this run's."""
    try:
        (_PROC / str(pid) / "clear_refs").write_text("5")
    except OSError:
        pass  # not permitted: the peak then covers the process's whole life, an upper bound
