"""One validation of a batch: facts in → findings on each workbook, rounding differences counted."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from ..model import Finding, ParsedWorkbook
from . import runner
from .catalogue import ROW_SUITES, Catalogue, catalogue
from .expectations import columns, failing_rows
from .frame import open_batch
from .prior import prior_sources
from .report import Located, cell_failed, failed, missing_tables, not_evaluated
from .roots import assign_roots


@dataclass
class Validation:
    """What a validation found beyond the findings it added to the workbooks."""
    rounding_differences: Counter = field(default_factory=Counter)  # sha256 → differences inside the envelope
    evaluated: int = 0  # rows Great Expectations judged (identities, text rules, cells, codes)

    @property
    def rounding_total(self) -> int:
        return sum(self.rounding_differences.values())


def _failures(con: duckdb.DuckDBPyConnection, cat: Catalogue, paths: dict[str, str],
              outcome: Validation) -> list[Located]:
    located: list[Located] = []
    for suite in runner.suites(cat):
        table = runner.frame(con, suite)
        outcome.evaluated += table.num_rows
        for check, ids in failing_rows(suite, table.select(columns(suite)).to_pandas()).items():
            for row in runner.rows_by_id(con, suite, ids):
                if suite in ROW_SUITES:
                    located.append(failed(row, cat.rule(row["rule_id"]), cat, paths[row["sha256"]]))
                else:
                    located.append(cell_failed(row, cat.by_check(suite, check), cat, paths[row["sha256"]]))
    return located


def _not_evaluated(con: duckdb.DuckDBPyConnection, cat: Catalogue, paths: dict[str, str]) -> list[Finding]:
    out = [not_evaluated(cat.rule(r["rule_id"]), r["reason"], paths[r["sha256"]], r["sha256"], r["sheet"], r["cell"])
           for r in runner.unrun(con)]
    out += [not_evaluated(cat.rule(g["rule_id"]), missing_tables(g["missing_tables"]), paths[g["sha256"]], g["sha256"])
            for g in runner.gaps(con)]
    return out


def validate(parsed: list[ParsedWorkbook], store: duckdb.DuckDBPyConnection | None = None) -> Validation:
    """Run every rule of the catalogue on the workbooks that were not rejected.

    Findings are appended to each workbook: failures with their root cell, then the rules that
    could not run (not evaluated, with the reason). `store` is only read, for last year's figures.
    """
    outcome = Validation()
    workbooks = [wb for wb in parsed if not wb.rejected and wb.department and wb.fiscal_year]
    if not workbooks:
        return outcome
    cat = catalogue()
    paths = {wb.sha256: wb.path for wb in workbooks}
    prior_map, store_prior = prior_sources(workbooks, store, cat)
    con = open_batch(workbooks, prior_map, store_prior, cat)
    try:
        runner.run_rules(con, cat)
        located = _failures(con, cat, paths, outcome)
        skipped = _not_evaluated(con, cat, paths)
        outcome.rounding_differences.update(runner.rounding(con))
    finally:
        con.close()
    found: dict[str, list[Located]] = {}
    for item in located:
        found.setdefault(item.finding.sha256, []).append(item)
    unrun: dict[str, list[Finding]] = {}
    for finding in skipped:
        unrun.setdefault(finding.sha256, []).append(finding)
    for wb in workbooks:
        mine = found.get(wb.sha256, [])
        parse_cells = [Located(f, [(f.sheet, f.cell)]) for f in wb.findings
                       if f.outcome == "fail" and f.sheet and f.cell]
        assign_roots(parse_cells + mine)
        wb.findings.extend(item.finding for item in mine)
        wb.findings.extend(unrun.get(wb.sha256, []))
    return outcome
