"""One validation of a batch: facts in → findings on each workbook, rounding differences counted."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ..model import Finding, ParsedWorkbook
from .catalogue import Catalogue, catalogue
from .expectations import INDEX_COLUMNS, failing_rows
from .frame import open_batch
from .prior import prior_sources
from .report import Located, cell_failed, failed, missing_tables, not_evaluated
from .roots import assign_roots
from .runner import run_rules

_IDENTITY_COLUMNS = [*INDEX_COLUMNS, "rule_id", "allowed", "excess"]
_LABEL_COLUMNS = [*INDEX_COLUMNS, "rule_id", "expected_label", "actual_label"]


@dataclass
class Validation:
    """What a validation found beyond the findings it added to the workbooks."""
    rounding_differences: Counter = field(default_factory=Counter)  # sha256 → differences inside the envelope
    evaluated: int = 0  # identity rows judged by Great Expectations

    @property
    def rounding_total(self) -> int:
        return sum(self.rounding_differences.values())


def _evaluable(rows: pa.Table) -> tuple[pa.Table, pa.Table]:
    """(numeric rows, text rows) that can be judged: no reason they could not run."""
    ok = rows.filter(pc.is_null(rows["reason"]))
    labels = pc.is_valid(ok["expected_label"])
    numbers = ok.filter(pc.and_(pc.invert(labels), pc.and_(pc.is_valid(ok["expected"]), pc.is_valid(ok["actual"]))))
    return numbers, ok.filter(labels)


def _rounding(numbers: pa.Table) -> Counter:
    return Counter(numbers.filter(numbers["rounding"])["sha256"].to_pylist())


def _take(rows: pa.Table, ids: list[int]) -> list[dict]:
    if not ids:
        return []
    index = pc.index_in(pa.array(ids, rows["row_id"].type), rows["row_id"])
    return rows.take(index).to_pylist()


def _judge(con: duckdb.DuckDBPyConnection, cat: Catalogue, paths: dict[str, str],
           outcome: Validation) -> tuple[list[Located], list[Finding]]:
    judged = run_rules(con, cat)
    numbers, labels = _evaluable(judged.rows)
    outcome.rounding_differences.update(_rounding(numbers))
    outcome.evaluated = numbers.num_rows + labels.num_rows
    located: list[Located] = []
    for suite, table, columns in (("identities", numbers, _IDENTITY_COLUMNS), ("labels", labels, _LABEL_COLUMNS)):
        for _check, ids in failing_rows(suite, table.select(columns).to_pandas()).items():
            for row in _take(table, ids):
                located.append(failed(row, cat.rule(row["rule_id"]), cat, paths[row["sha256"]]))
    for suite, table in judged.cells.items():
        for check, ids in failing_rows(suite, table.to_pandas()).items():
            rule = cat.by_check(suite, check)
            located += [cell_failed(row, rule, cat, paths[row["sha256"]]) for row in _take(table, ids)]
    # One not-evaluated result per workbook, rule and reason (a rule with runs per fund would
    # otherwise say the same thing four times).
    skipped: dict[tuple[str, str, str], Finding] = {}
    for r in judged.rows.filter(pc.is_valid(judged.rows["reason"])).to_pylist():
        skipped.setdefault((r["sha256"], r["rule_id"], r["reason"]), not_evaluated(
            cat.rule(r["rule_id"]), r["reason"], paths[r["sha256"]], r["sha256"], r["sheet"], r["cell"]))
    for g in judged.gaps.to_pylist():
        reason = missing_tables(g["missing_tables"])
        skipped[(g["sha256"], g["rule_id"], reason)] = not_evaluated(
            cat.rule(g["rule_id"]), reason, paths[g["sha256"]], g["sha256"])
    return located, list(skipped.values())


def validate(parsed: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None = None) -> Validation:
    """Run every rule of the catalogue on the workbooks that were not rejected.

    Findings are appended to each workbook (failures with their root cell; rules that could not
    run as not evaluated). `store` is only read, for last year's figures.
    """
    outcome = Validation()
    workbooks = [wb for wb in parsed if not wb.rejected and wb.department and wb.fiscal_year]
    if not workbooks:
        return outcome
    cat = catalogue()
    prior_map, store_prior = prior_sources(workbooks, store, cat)
    con = open_batch(workbooks, prior_map, store_prior, cat)
    try:
        located, skipped = _judge(con, cat, {wb.sha256: wb.path for wb in workbooks}, outcome)
    finally:
        con.close()
    by_sha: dict[str, list[Located]] = {}
    for item in located:
        by_sha.setdefault(item.finding.sha256, []).append(item)
    unrun: dict[str, list[Finding]] = {}
    for finding in skipped:
        unrun.setdefault(finding.sha256, []).append(finding)
    for wb in workbooks:
        mine = by_sha.get(wb.sha256, [])
        parse_cells = [Located(f, [(f.sheet, f.cell)]) for f in wb.findings
                       if f.outcome == "fail" and f.sheet and f.cell]
        assign_roots(parse_cells + mine)
        wb.findings.extend(item.finding for item in mine)
        wb.findings.extend(unrun.get(wb.sha256, []))
    return outcome
