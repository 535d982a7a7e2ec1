"""Located tables T1–T9 → typed facts (Decimal yuan, codes, levels, source cells)."""
from __future__ import annotations

from ..model import Finding, a1
from ..recognise.locate import Grid, LocatedTable
from ..recognise.text import norm, strip_ordinal
from ..refdata import Reference
from .cells import CellReader
from .facts import Facts
from .rows import ECON_LEVELS, FUNC_LEVELS, DataRow, read_rows


def _unknown_row(table: LocatedTable, row: DataRow, findings: list[Finding]) -> None:
    cell = a1(row.r, next(iter(table.lanes[row.lane].roles.values()), 0))
    findings.append(Finding(
        rule_id="C-007", severity="warning", sheet=table.sheet, cell=cell, root_cell=cell,
        message=f"未能识别的行“{row.label[:40]}”，其金额未读入", actual=row.label[:60]))


def _line_index(table: LocatedTable) -> dict[str, dict[str, str]]:
    raw = table.template.raw.get("lines") or {}
    return {side: {strip_ordinal(norm(a)): key for key, aliases in lines.items() for a in aliases}
            for side, lines in raw.items()}


def _lane_side(table: LocatedTable, lane: int) -> str | None:
    sides = table.template.raw.get("lanes") or []
    return sides[lane] if lane < len(sides) else None


def _classify_lines(table: LocatedTable, rows: list[DataRow], ref: Reference,
                    findings: list[Finding]):
    """Yield (row, side, line_key, func_code, group) for lines tables (T1, T4)."""
    index = _line_index(table)
    class_sides = set(table.template.raw.get("class_lines") or ())
    groups = table.template.raw.get("groups") or {}
    group: str | None = None
    for row in rows:
        side = _lane_side(table, row.lane)
        if side is None or not row.key:
            continue
        key = index.get(side, {}).get(row.key)
        if key in groups:
            group = key
            yield row, side, key, None, None
            continue
        if group and key in groups[group]:
            yield row, side, key, None, group
            continue
        group = None
        if key:
            yield row, side, key, None, None
        elif side in class_sides and (code := ref.class_code(row.key)):
            yield row, side, "class", code, None
        elif any(m for m, _ in row.cells):
            _unknown_row(table, row, findings)


def summary_facts(table: LocatedTable, grid: Grid, reader: CellReader, ref: Reference,
                  facts: Facts, findings: list[Finding]) -> None:
    """T1: one fact per line of each lane."""
    out = facts.table("fct_summary")
    rows = read_rows(table, grid, {})
    for row, side, key, code, _group in _classify_lines(table, rows, ref, findings):
        lane = table.lanes[row.lane]
        if not lane.measures:
            continue
        col = lane.measures[0].col
        amount, blank = reader.amount(row.r, col)
        if amount is None:
            continue
        line_no = None
        if "line_no" in lane.roles:
            raw = grid.raw(row.r, lane.roles["line_no"])
            text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw or "").strip()
            line_no = int(text) if text.isdigit() else None
        out.add(side=side, line_key=key, line_label=row.label, line_no=line_no, func_code=code,
                amount=amount, is_blank=blank, src_sheet=table.sheet, src_cell=a1(row.r, col))


_T4_FUND_LINES = {"general_budget", "gov_fund", "state_capital"}
_T4_MEASURE = {"total_income": "income", "opening_balance": "opening_balance",
               "total_expenditure": "expenditure", "closing_balance": "closing_balance"}


def fiscal_summary_facts(table: LocatedTable, grid: Grid, reader: CellReader, ref: Reference,
                         facts: Facts, findings: list[Finding]) -> None:
    """T4: income lines by fund (left lane); expenditure by class × fund column (right lane)."""
    out = facts.table("fct_fiscal_expenditure")
    rows = read_rows(table, grid, {})
    for row, side, key, code, group in _classify_lines(table, rows, ref, findings):
        lane = table.lanes[row.lane]
        for col in lane.measures:
            column = col.dims.get("column", "amount")
            if side == "income":
                if col is not lane.measures[0]:
                    continue
                if group:
                    fund, measure = key, group
                elif key in _T4_FUND_LINES:
                    fund, measure = key, "income"
                else:
                    fund = "all"
                    measure = "total_sources" if key == "grand_total" else _T4_MEASURE.get(key, key)
            else:
                if group:
                    if col is not lane.measures[0]:
                        continue
                    fund, measure = key, group
                else:
                    fund = "all" if column in ("all", "amount") else column
                    measure = "total_uses" if key == "grand_total" else _T4_MEASURE.get(key, "expenditure")
            amount, blank = reader.amount(row.r, col.col)
            if amount is None:
                continue
            out.add(source_table="T4", func_code=code, level=1 if code else 0,
                    func_name=row.label if code else None, fund=fund, measure=measure, kind="total",
                    amount=amount, is_blank=blank, src_sheet=table.sheet, src_cell=a1(row.r, col.col))


def coded_facts(table: LocatedTable, grid: Grid, reader: CellReader, ref: Reference,
                facts: Facts, findings: list[Finding]) -> None:
    """T2, T3, T5, T8, T9: one fact per (function code row × measure column)."""
    tpl = table.template
    out = facts.table(tpl.fact_table)
    dims_of = _coded_dims(tpl)
    for row in read_rows(table, grid, FUNC_LEVELS):
        if row.level is None:
            if any(grid.raw(r, m.col) not in (None, "") for m, r in row.cells):
                _unknown_row(table, row, findings)
            continue
        name = row.label or None
        for col, r in row.cells:
            amount, blank = reader.amount(r, col.col)
            if amount is None:
                continue
            out.add(func_code=row.code, level=row.level, func_name=name, amount=amount, is_blank=blank,
                    src_sheet=table.sheet, src_cell=a1(r, col.col), **dims_of(col))


def _coded_dims(tpl):
    """The fact columns a measure column of T2/T3/T5/T8/T9 decides (computed once per column)."""
    cache: dict[int, dict[str, str]] = {}

    def dims_of(col) -> dict[str, str]:
        found = cache.get(col.col)
        if found is None:
            if tpl.kind == "T2":
                found = {"source": col.dims["source"]}
            elif tpl.kind == "T3":
                found = {"kind": col.dims["kind"]}
            else:
                found = {"source_table": tpl.kind, "fund": tpl.raw["fund"],
                         "measure": col.dims.get("measure", "expenditure"), "kind": col.dims.get("kind", "total")}
            cache[col.col] = found
        return found
    return dims_of


def basic_by_econ_facts(table: LocatedTable, grid: Grid, reader: CellReader, ref: Reference,
                        facts: Facts, findings: list[Finding]) -> None:
    """T6: each lane a list of economic codes; 人员经费合计 / 公用经费合计 as level 0."""
    raw = table.template.raw
    category_of = {code: cat for cat, codes in raw["categories"].items() for code in codes}
    totals = {strip_ordinal(norm(a)): cat for cat, aliases in raw["category_totals"].items() for a in aliases}
    out = facts.table("fct_basic_by_econ")
    for row in read_rows(table, grid, ECON_LEVELS):
        lane = table.lanes[row.lane]
        if not lane.measures:
            continue
        col = lane.measures[0].col
        if row.code and row.level:
            category = category_of.get(row.code[:3])
        elif row.key in totals:
            if grid.covered(row.r, col):  # the label is merged across this lane: its amount is further right
                continue
            category = totals[row.key]
        elif row.level == 0:
            category = "total"
        else:
            category = None
        if category is None:
            if grid.raw(row.r, col) not in (None, ""):
                _unknown_row(table, row, findings)
            continue
        amount, blank = reader.amount(row.r, col)
        if amount is None:
            continue
        out.add(econ_code=row.code if row.level else None, level=row.level or 0,
                econ_name=row.label or None, category=category, amount=amount, is_blank=blank,
                src_sheet=table.sheet, src_cell=a1(row.r, col))


def three_public_facts(table: LocatedTable, grid: Grid, reader: CellReader, ref: Reference,
                       facts: Facts, findings: list[Finding]) -> None:
    """T7 in the 12-column layout (item × phase columns) or transposed (rows name the item)."""
    measures = [m for lane in table.lanes for m in lane.measures]
    cells: dict[str, dict[str, tuple[int, int]]] = {}
    if any(m.dims["item"] != "row" for m in measures):
        data_row = next((r for r in range(table.header_bottom + 1, table.data_end)
                         if any(grid.raw(r, m.col) not in (None, "") for m in measures)),
                        table.header_bottom + 1)
        for m in measures:
            if m.dims["item"] != "row":
                cells.setdefault(m.dims["item"], {})[m.dims["phase"]] = (data_row, m.col)
    else:
        items = next(d for d in table.template.dims if d.name == "item").aliases
        for row in read_rows(table, grid, {}):
            item = items.get(row.key)
            if item is None:
                if row.key and any(grid.raw(r, m.col) not in (None, "") for m, r in row.cells):
                    _unknown_row(table, row, findings)
                continue
            for m, r in row.cells:
                cells.setdefault(item, {})[m.dims["phase"]] = (r, m.col)
    out = facts.table("fct_three_public")
    for item, phases in cells.items():
        values: dict[str, object] = {}
        for phase in ("budget", "actual"):
            where = phases.get(phase)
            values[phase] = reader.amount(*where)[0] if where else None
            values[f"{phase}_src_cell"] = a1(*where) if where else None
        out.add(item=item, src_sheet=table.sheet, **values)


BUILDERS = {
    "T1": summary_facts, "T2": coded_facts, "T3": coded_facts, "T4": fiscal_summary_facts,
    "T5": coded_facts, "T6": basic_by_econ_facts, "T7": three_public_facts, "T8": coded_facts,
    "T9": coded_facts,
}
