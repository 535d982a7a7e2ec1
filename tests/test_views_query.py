"""`juesuan sql`: one SELECT on the published store, printed as a table, JSON or CSV."""
from __future__ import annotations

import json

import pytest

from juesuan.query import QueryFailed, QueryRefused, run_query, to_csv, to_json, to_table
from juesuan.store.connect import open_read_only
from juesuan.store.publish import publish

from .golden.store import build_store

SQL = ("SELECT dept_code, dept_name, total_expenditure, staff_in_service FROM v_dept_year"
       " WHERE fiscal_year = ? AND dept_code IN ('100', '300') ORDER BY dept_code")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    db = tmp_path_factory.mktemp("query") / "warehouse.duckdb"
    publish(build_store(db), db)
    con = open_read_only(db)
    yield con
    con.close()


def test_table_lines_up_chinese_and_numbers(published):
    text = to_table(run_query(published, SQL, [2023]))
    assert text.splitlines() == [
        "dept_code  dept_name  total_expenditure  staff_in_service",
        "---------  ---------  -----------------  ----------------",
        "100        甲局              1100000.00                11",
        "300        丙局               400000.00                 6",
        "(2 行)",
    ]


def test_json_keeps_amounts_exact_and_csv_is_plain(published):
    result = run_query(published, SQL, [2023])
    assert json.loads(to_json(result))[0] == {"dept_code": "100", "dept_name": "甲局",
                                             "total_expenditure": "1100000.00", "staff_in_service": 11}
    assert to_csv(result) == ("dept_code,dept_name,total_expenditure,staff_in_service\n"
                              "100,甲局,1100000.00,11\n300,丙局,400000.00,6\n")


@pytest.mark.parametrize("sql, words", [
    ("DELETE FROM submission", "DELETE"),
    ("DROP VIEW v_dept_year", "DROP"),
    ("COPY submission TO 'out.csv'", "COPY"),
    ("SELECT 1; DROP TABLE submission", "2 条"),
    ("ATTACH 'other.duckdb'", "ATTACH"),
])
def test_anything_but_one_select_is_refused(published, sql, words):
    with pytest.raises(QueryRefused, match=words):
        run_query(published, sql)


def test_a_select_cannot_reach_files(published, tmp_path):
    (tmp_path / "secret.csv").write_text("a\n1\n")
    with pytest.raises(QueryFailed):
        run_query(published, "SELECT * FROM read_csv(?)", [str(tmp_path / "secret.csv")])


def test_a_bad_query_carries_the_database_message(published):
    with pytest.raises(QueryFailed, match="v_nothing"):
        run_query(published, "SELECT * FROM v_nothing")
