"""A batch of parsed workbooks as an in-memory DuckDB, under the names the rule queries read.

Facts go in through Arrow typed exactly like the store (money stays DECIMAL(18,2) yuan); the
tables of expectations/sql/_views.sql give every rule the same shape of cells.
"""
from __future__ import annotations

from functools import lru_cache

import duckdb
import pyarrow as pa
from duckdb.sqltypes import VARCHAR

from ..model import ParsedWorkbook
from ..normalise.amount import UNIT_FACTORS
from ..recognise.text import norm, strip_ordinal
from ..refdata import Reference, load_reference
from ..store.errors import BadFacts
from ..store.facts import fact_schemas, fact_table
from ..store.migrate import migrate
from .catalogue import Catalogue, half_unit, sql_text

_MAX_DECIMALS = 6


@lru_cache(maxsize=1)
def _fact_schemas() -> dict[str, pa.Schema]:
    """The store's fact tables as Arrow schemas, read once from a throwaway migrated database."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        return fact_schemas(con)
    finally:
        con.close()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name as labels are matched everywhere: NFKC, no spaces or quotes, no ordinal."""
    return strip_ordinal(norm(name))


def _name_keys(names: pa.Array) -> pa.Array:
    """name_key over a whole vector (a DuckDB Arrow UDF: one call per 2,048 rows, not per row)."""
    return pa.array([None if n is None else name_key(n) for n in names.to_pylist()], pa.string())


def _unit_steps() -> pa.Table:
    rows = [(unit, d, factor, half_unit(d) * factor)
            for unit, factor in UNIT_FACTORS.items() for d in range(_MAX_DECIMALS + 1)]
    return pa.table({
        "unit": pa.array([r[0] for r in rows], pa.string()),
        "decimals": pa.array([r[1] for r in rows], pa.int32()),
        "factor": pa.array([r[2] for r in rows], pa.decimal128(18, 0)),
        "half_step": pa.array([r[3] for r in rows], pa.decimal128(24, 8)),
    })


def _code_years(ref: Reference) -> list[int]:
    return sorted({y for y, _ in ref.func_names} | {y for y, _ in ref.econ_names})


def ref_year(years: list[int], year: int) -> int | None:
    """The code list that serves a fiscal year: that year's, else the nearest earlier, else the first."""
    earlier = [y for y in years if y <= year]
    return max(earlier) if earlier else (min(years) if years else None)


@lru_cache(maxsize=1)
def _ref_codes() -> pa.Table:
    """(year, scheme, code) → names: the list's own name first, then former names of 类."""
    ref = load_reference()
    rows = [(y, "function", c, n, name_key(n), True) for (y, c), n in ref.func_names.items()]
    rows += [(y, "economic", c, n, name_key(n), True) for (y, c), n in ref.econ_names.items()]
    for year in _code_years(ref):
        rows += [(year, "function", code, None, alias, False) for alias, code in ref.class_by_name.items()]
    names = ("ref_year", "scheme", "code", "name", "name_key", "is_primary")
    types = (pa.int32(), pa.string(), pa.string(), pa.string(), pa.string(), pa.bool_())
    return pa.table({n: pa.array([r[i] for r in rows], t) for i, (n, t) in enumerate(zip(names, types))})


def _facts(name: str, schema: pa.Schema, workbooks: list[ParsedWorkbook]) -> pa.Table:
    having = [wb for wb in workbooks if name in wb.facts]
    try:
        return fact_table(name, schema, having)
    except BadFacts:  # the loader rejects such a workbook; validate the others
        good = []
        for wb in having:
            try:
                fact_table(name, schema, [wb])
            except BadFacts:
                continue
            good.append(wb)
        return fact_table(name, schema, good)


def _workbooks(workbooks: list[ParsedWorkbook]) -> pa.Table:
    years = _code_years(load_reference())
    return pa.table({
        "wb_id": pa.array(range(len(workbooks)), pa.int32()),
        "sha256": pa.array([w.sha256 for w in workbooks], pa.string()),
        "path": pa.array([w.path for w in workbooks], pa.string()),
        "dept_code": pa.array([w.department.dept_code for w in workbooks], pa.string()),
        "fiscal_year": pa.array([w.fiscal_year for w in workbooks], pa.int32()),
        "ref_year": pa.array([ref_year(years, w.fiscal_year) for w in workbooks], pa.int32()),
    })


def _sheets(workbooks: list[ParsedWorkbook], cat: Catalogue) -> pa.Table:
    unit, decimals = cat.default_unit
    rows = [(w.sha256, s.sheet, s.table_kind, s.unit or unit, s.decimals if s.decimals is not None else decimals)
            for w in workbooks for s in w.sheets]
    return pa.table({
        "sha256": pa.array([r[0] for r in rows], pa.string()),
        "sheet": pa.array([r[1] for r in rows], pa.string()),
        "table_kind": pa.array([r[2] for r in rows], pa.string()),
        "unit": pa.array([r[3] for r in rows], pa.string()),
        "decimals": pa.array([r[4] for r in rows], pa.int32()),
    })


def _bad_cells(workbooks: list[ParsedWorkbook], cat: Catalogue) -> pa.Table:
    marks = {r.id for r in cat.rules if r.unreadable_cell}
    rows = [(w.sha256, f.sheet, f.cell) for w in workbooks for f in w.findings
            if f.rule_id in marks and f.sheet and f.cell]
    return pa.table({name: pa.array([r[i] for r in rows], pa.string())
                     for i, name in enumerate(("sha256", "sheet", "cell"))})


def _rule_tables(cat: Catalogue) -> tuple[pa.Table, pa.Table]:
    rules = [r for r in cat.rules if r.stage == "validate"]
    meta = pa.table({
        "rule_id": pa.array([r.id for r in rules], pa.string()),
        "tolerance": pa.array([r.tolerance for r in rules], pa.string()),
        "unreadable": pa.array([r.unreadable for r in rules], pa.string()),
    })
    needs = [(r.id, t, i) for r in rules if r.identity_rule for i, t in enumerate(r.tables)]
    tables = pa.table({
        "rule_id": pa.array([n[0] for n in needs], pa.string()),
        "table_kind": pa.array([n[1] for n in needs], pa.string()),
        "position": pa.array([n[2] for n in needs], pa.int32()),
    })
    return meta, tables


def open_batch(workbooks: list[ParsedWorkbook], prior_map: pa.Table, store_prior: pa.Table,
               cat: Catalogue) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the batch; the caller closes it."""
    con = duckdb.connect(":memory:")
    con.create_function("name_key", _name_keys, [VARCHAR], VARCHAR, type="arrow")
    meta, tables = _rule_tables(cat)
    inputs = {
        "wb": _workbooks(workbooks), "sheet_info": _sheets(workbooks, cat), "unit_step": _unit_steps(),
        "bad_cell": _bad_cells(workbooks, cat), "ref_code": _ref_codes(), "prior_map": prior_map,
        "store_prior": store_prior, "rule_meta": meta, "rule_table": tables,
    }
    inputs.update({name: _facts(name, schema, workbooks) for name, schema in _fact_schemas().items()})
    for name, table in inputs.items():
        con.register(name, table)
    con.execute(sql_text("_views.sql"))
    con.execute(sql_text("_result.sql"))
    return con
