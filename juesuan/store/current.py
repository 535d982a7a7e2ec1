"""Which submission of a department-year is current: an operator's pin, else the newest eligible one.

Quarantined and withdrawn submissions are never current. A pin (`juesuan pin`) holds until
another pin of the same department-year or until a newer workbook for it is loaded: a
department that sends a corrected file has the last word, as it would without the pin.
Re-loading the same bytes, re-checking under new rules and other departments' loads leave it.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from juesuan.store.staging import registered

NEVER_CURRENT = ("quarantined", "withdrawn")

# Newest first. A later run wins (runs are ordered by their first submission_id: the writer lock
# serialises runs and the sequence only grows, so no clock is trusted); within one run, the newer
# file modification time, then the file name in sort order.
_NEWEST_FIRST = "r.run_order DESC, s.file_mtime DESC NULLS LAST, s.file_name DESC, s.submission_id DESC"

# The latest pin of each department-year, while no newer eligible submission has arrived since.
_PINS = """
    SELECT p.submission_id
    FROM (
        SELECT dept_code, fiscal_year, arg_max(submission_id, action_id) AS submission_id,
               arg_max(pinned_through, action_id) AS pinned_through
        FROM operator_action WHERE action = 'pin' GROUP BY dept_code, fiscal_year
    ) p
    JOIN (
        SELECT dept_code, fiscal_year, max(submission_id) AS newest FROM submission
        WHERE NOT list_contains($never, status) GROUP BY dept_code, fiscal_year
    ) n USING (dept_code, fiscal_year)
    WHERE p.pinned_through >= n.newest
"""


def refresh_current(con: duckdb.DuckDBPyConnection, keys: Iterable[tuple[str, int]]) -> None:
    """Set is_current and status for every submission of the given (dept_code, fiscal_year).

    Quarantined and withdrawn submissions keep their status; the others that lose become
    'superseded'; one that wins again gets back 'flagged' or 'loaded' from its error_count.
    """
    keys = set(keys)
    if not keys:
        return
    dept_codes, years = zip(*keys)
    touched = pa.table({
        "dept_code": pa.array(dept_codes, pa.string()),
        "fiscal_year": pa.array(years, pa.int32()),
    })
    with registered(con, "_current_touched", touched):
        con.execute(
            f"""
            UPDATE submission SET
                is_current = ranked.is_current,
                status = CASE
                    WHEN list_contains($never, submission.status) THEN submission.status
                    WHEN NOT ranked.is_current THEN 'superseded'
                    WHEN submission.status <> 'superseded' THEN submission.status
                    WHEN submission.error_count > 0 THEN 'flagged'
                    ELSE 'loaded'
                END
            FROM (
                SELECT s.submission_id,
                       NOT list_contains($never, s.status) AND row_number() OVER (
                           PARTITION BY s.dept_code, s.fiscal_year
                           ORDER BY list_contains($never, s.status), pin.submission_id IS NOT NULL DESC,
                                    {_NEWEST_FIRST}
                       ) = 1 AS is_current
                FROM submission s
                JOIN _current_touched USING (dept_code, fiscal_year)
                JOIN (SELECT run_id, min(submission_id) AS run_order FROM submission GROUP BY run_id) r
                  USING (run_id)
                LEFT JOIN ({_PINS}) pin USING (submission_id)
            ) ranked
            WHERE submission.submission_id = ranked.submission_id
            """,
            {"never": list(NEVER_CURRENT)},
        )


def newest_eligible(con: duckdb.DuckDBPyConnection, dept_code: str, fiscal_year: int) -> int | None:
    """The highest submission_id of a department-year that may be current (what a pin runs through)."""
    return con.execute(
        "SELECT max(submission_id) FROM submission WHERE dept_code = ? AND fiscal_year = ?"
        " AND NOT list_contains(?, status)",
        [dept_code, fiscal_year, list(NEVER_CURRENT)],
    ).fetchall()[0][0]
