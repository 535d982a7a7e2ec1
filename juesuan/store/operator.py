"""Operator actions on submissions (cli.md: pin, withdraw, release), each recorded with who and when.

Every action runs inside the caller's writer session (pipeline.store_session): the working copy
is changed in one transaction, then the views are refreshed and the store published like a run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from juesuan.store.current import newest_eligible, refresh_current
from juesuan.store.errors import StoreError
from juesuan.store.transaction import transaction


class ActionRefused(StoreError):
    """The action does not apply to this submission (unknown id, wrong status)."""


@dataclass(frozen=True)
class Outcome:
    submission_id: int
    dept_code: str
    fiscal_year: int
    status: str  # the submission's status after the action
    current_id: int | None  # the department-year's current submission after the action


def pin(con: duckdb.DuckDBPyConnection, submission_id: int, operator: str) -> Outcome:
    """Make a submission current, until another pin or a newer workbook (store/current.py).

    A withdrawn submission may be pinned: that takes the withdrawal back.
    """
    dept, year, status = _submission(con, submission_id)
    if status == "quarantined":
        raise ActionRefused(f"提交 {submission_id} 处于隔离状态：请用 juesuan release 放行后再置为当前")
    with transaction(con):
        if status == "withdrawn":
            _set_status(con, submission_id, "superseded")  # eligible again; refresh decides the rest
        through = newest_eligible(con, dept, year)  # includes this one: it is eligible now
        _record(con, "pin", operator, submission_id, dept, year, pinned_through=through)
        refresh_current(con, [(dept, year)])
    return _outcome(con, submission_id)


def withdraw(con: duckdb.DuckDBPyConnection, submission_id: int, operator: str) -> Outcome:
    """Take a submission out: never current again; its department-year falls back to the newest other."""
    dept, year, status = _submission(con, submission_id)
    if status == "withdrawn":
        raise ActionRefused(f"提交 {submission_id} 已经撤回")
    with transaction(con):
        _set_status(con, submission_id, "withdrawn")
        _record(con, "withdraw", operator, submission_id, dept, year)
        refresh_current(con, [(dept, year)])
    return _outcome(con, submission_id)


def release(con: duckdb.DuckDBPyConnection, submission_id: int, operator: str) -> Outcome:
    """Load a quarantined submission as flagged: it becomes current if it is the newest."""
    dept, year, status = _submission(con, submission_id)
    if status != "quarantined":
        raise ActionRefused(f"提交 {submission_id} 不在隔离状态（当前状态：{status}），无需放行")
    with transaction(con):
        _set_status(con, submission_id, "superseded")  # refresh_current makes it flagged if it wins
        _record(con, "release", operator, submission_id, dept, year)
        refresh_current(con, [(dept, year)])
    return _outcome(con, submission_id)


def record_backup(con: duckdb.DuckDBPyConnection, operator: str, folder: str) -> None:
    _record(con, "backup", operator, detail=folder)


def _submission(con: duckdb.DuckDBPyConnection, submission_id: int) -> tuple[str, int, str]:
    rows = con.execute(
        "SELECT dept_code, fiscal_year, status FROM submission WHERE submission_id = ?", [submission_id]
    ).fetchall()
    if not rows:
        raise ActionRefused(f"没有编号为 {submission_id} 的提交（见表 submission 的 submission_id）")
    return rows[0]


def _set_status(con: duckdb.DuckDBPyConnection, submission_id: int, status: str) -> None:
    con.execute("UPDATE submission SET status = ? WHERE submission_id = ?", [status, submission_id])


def _record(con: duckdb.DuckDBPyConnection, action: str, operator: str, submission_id: int | None = None,
            dept_code: str | None = None, fiscal_year: int | None = None, *,
            pinned_through: int | None = None, detail: str | None = None) -> None:
    con.execute(
        "INSERT INTO operator_action (action_id, action, submission_id, dept_code, fiscal_year,"
        " pinned_through, detail, operator, acted_at)"
        " VALUES (nextval('operator_action_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
        [action, submission_id, dept_code, fiscal_year, pinned_through, detail, operator, datetime.now()],
    )


def _outcome(con: duckdb.DuckDBPyConnection, submission_id: int) -> Outcome:
    dept, year, status = _submission(con, submission_id)
    current = con.execute(
        "SELECT max(submission_id) FROM submission WHERE dept_code = ? AND fiscal_year = ? AND is_current",
        [dept, year],
    ).fetchall()[0][0]
    return Outcome(submission_id, dept, year, status, current)
