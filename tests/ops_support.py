"""Shared material of the operations tests (tests/test_ops_*.py): a small real inbox, the
test Prefect server's address for subprocesses, and a store's contents in comparable form."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from juesuan.demo import sample_workbooks

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory) -> list[Path]:
    """Eight real workbooks (several layouts, eight department-years), written once per session."""
    return sample_workbooks(tmp_path_factory.mktemp("ops-workbooks"), 8, seed=7)


@pytest.fixture(scope="session")
def api_url(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL
    return PREFECT_API_URL.value()


def fill_inbox(inbox: Path, files: list[Path]) -> Path:
    for f in files:
        target = inbox / f.parent.name / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, target)
    return inbox


def cli_env(api_url: str | None, **extra: str) -> dict[str, str]:
    """The environment of a `juesuan` subprocess: progress lines on, the test server's API."""
    env = {k: v for k, v in os.environ.items() if k != "JUESUAN_QUIET" and not k.startswith("PREFECT_")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING", **extra)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def juesuan(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def contents(db: Path) -> dict[str, list[tuple]]:
    """What an analyst can see, keyed by workbook bytes rather than by submission_id (whose
    numbering depends on the order workbooks finish parsing): submissions, facts, findings."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'fct\\_%' ESCAPE '\\'"
            " AND table_name NOT LIKE 'fct\\_report\\_%' ESCAPE '\\' ORDER BY 1").fetchall()]
        out = {"submission": con.execute(
            "SELECT sha256, dept_code, fiscal_year, status, is_current, error_count, warning_count"
            " FROM submission ORDER BY sha256").fetchall()}
        for t in tables:
            out[t] = con.execute(
                f"SELECT s.sha256, f.* EXCLUDE (submission_id) FROM {t} f JOIN submission s USING (submission_id)"
                " ORDER BY ALL").fetchall()
        out["finding"] = con.execute(
            "SELECT sha256, rule_id, outcome, severity, sheet, cell, message, expected, actual FROM finding"
            " ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()
