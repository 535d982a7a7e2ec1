"""Which submission of a department-year is current: the newest one that is not quarantined."""
from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from juesuan.store.staging import registered

# Newest first. A later run wins (runs are ordered by their first submission_id: the writer lock
# serialises runs and the sequence only grows, so no clock is trusted); within one run, the newer
# file modification time, then the file name in sort order. An operator's pin (`juesuan pin`)
# belongs in front of these keys.
_NEWEST_FIRST = "r.run_order DESC, s.file_mtime DESC NULLS LAST, s.file_name DESC, s.submission_id DESC"


def refresh_current(con: duckdb.DuckDBPyConnection, keys: Iterable[tuple[str, int]]) -> None:
    """Set is_current and status for every submission of the given (dept_code, fiscal_year).

    Quarantined submissions never become current and keep their status; the others that lose
    become 'superseded'; one that wins again gets back 'flagged' or 'loaded' from its error_count.
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
                    WHEN submission.status = 'quarantined' THEN 'quarantined'
                    WHEN NOT ranked.is_current THEN 'superseded'
                    WHEN submission.status <> 'superseded' THEN submission.status
                    WHEN submission.error_count > 0 THEN 'flagged'
                    ELSE 'loaded'
                END
            FROM (
                SELECT s.submission_id,
                       s.status <> 'quarantined' AND row_number() OVER (
                           PARTITION BY s.dept_code, s.fiscal_year
                           ORDER BY s.status = 'quarantined', {_NEWEST_FIRST}
                       ) = 1 AS is_current
                FROM submission s
                JOIN _current_touched USING (dept_code, fiscal_year)
                JOIN (SELECT run_id, min(submission_id) AS run_order FROM submission GROUP BY run_id) r
                  USING (run_id)
            ) ranked
            WHERE submission.submission_id = ranked.submission_id
            """
        )
