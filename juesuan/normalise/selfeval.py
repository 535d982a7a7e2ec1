"""T11 部门整体支出绩效自评表: budget execution block, indicator block, 总分 and 自评等级."""
from __future__ import annotations

from decimal import Decimal

from ..model import Finding, RawSheet, a1
from ..recognise.locate import Grid, LocatedTable
from ..recognise.templates import common
from ..recognise.text import clean_text, norm, strip_ordinal
from .amount import parse_amount
from .cells import CellReader, decimals_for
from .facts import Facts
from .indicator import parse_indicator

_HUNDRED = Decimal(100)


def _header_map(grid: Grid, r: int, aliases: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for c in range(grid.width):
        key = aliases.get(grid.text(r, c))
        if key and key not in found:
            found[key] = c
    return found


def _find_header(grid: Grid, aliases: dict[str, str], needed: set[str], start: int = 0) -> tuple[int, dict[str, int]] | None:
    for r in range(start, grid.height):
        cols = _header_map(grid, r, aliases)
        if len(needed & cols.keys()) >= 2:
            return r, cols
    return None


def _number(grid: Grid, r: int, c: int | None, decimals: int = 2) -> Decimal | None:
    if c is None:
        return None
    return parse_amount(grid.raw(r, c), decimals).value


def _rate(grid: Grid, r: int, c: int | None) -> Decimal | None:
    """执行率 as a fraction: '99.41%' → 0.9941; 99.41 → 0.9941; 0.9941 → 0.9941."""
    if c is None:
        return None
    raw = grid.raw(r, c)
    text = clean_text(raw).replace("％", "%")
    percent = text.endswith("%")
    value = parse_amount(text.rstrip("%") if percent else raw, 6).value
    if value is None:
        return None
    if percent or value > Decimal("1.5"):
        value = value / _HUNDRED
    return value.quantize(Decimal("0.000001"))


def _money_unit(grid: Grid, top: int) -> tuple[str | None, str | None]:
    com = common()
    for r in range(max(0, top - 3), top + 2):
        for c in range(grid.width):
            text = grid.text(r, c)
            m = com.unit_in_header_pattern.search(text) or com.unit_pattern.search(text)
            if m:
                return m.group(1), a1(r, c)
    return None, None


def self_evaluation_facts(table: LocatedTable, grid: Grid, sheet: RawSheet, facts: Facts,
                          findings: list[Finding]) -> None:
    raw = table.template.raw
    budget = _budget_block(table, grid, sheet, facts, findings)
    ind_aliases = table.template.aliases("indicator_columns")
    ind = _find_header(grid, ind_aliases, {"level1", "indicator", "target_text", "actual_text"},
                       start=budget or 0)
    totals = {norm(t) for t in raw["total_labels"]}
    total_score = total_weight = None
    total_cell = None
    if ind:
        header_row, cols = ind
        level1 = level2 = None
        row_no = 0
        for r in range(header_row + 1, grid.height):
            first = next((t for _, t in grid.row_texts(r)), "")
            if first in totals:
                total_weight = _number(grid, r, cols.get("weight"))
                total_score = _number(grid, r, cols.get("score"))
                total_cell = a1(r, cols["score"]) if "score" in cols else None
                break
            texts = {k: clean_text(grid.value(r, c)) for k, c in cols.items()}
            level1 = texts.get("level1") or level1
            level2 = texts.get("level2") or level2
            if not (texts.get("indicator") or texts.get("target_text") or texts.get("actual_text")):
                continue
            row_no += 1
            target = parse_indicator(texts.get("target_text", ""))
            actual = parse_indicator(texts.get("actual_text", ""))
            facts.table("fct_performance_indicator").add(
                row_no=row_no, level1=level1, level2=level2, indicator=texts.get("indicator") or None,
                target_text=target.text or None, target_op=target.op, target_value=target.value,
                actual_text=actual.text or None, actual_value=actual.value,
                unit=target.unit or actual.unit or None,
                weight=_number(grid, r, cols.get("weight")), score=_number(grid, r, cols.get("score")),
                note=texts.get("note") or None, src_sheet=table.sheet,
                target_src_cell=_cell(r, cols.get("target_text")), actual_src_cell=_cell(r, cols.get("actual_text")),
                weight_src_cell=_cell(r, cols.get("weight")), score_src_cell=_cell(r, cols.get("score")))
    grade, grade_cell = _grade(grid, raw)
    goal, achievement = _goal(grid, raw)
    bands = table.template.aliases("grade_bands")
    facts.table("fct_self_evaluation").add(
        total_score=total_score, total_weight=total_weight, grade=grade,
        grade_band=bands.get(norm(grade)) if grade else None, goal_text=goal, achievement_text=achievement,
        src_sheet=table.sheet, total_score_src_cell=total_cell, grade_src_cell=grade_cell)


def _cell(r: int, c: int | None) -> str | None:
    return a1(r, c) if c is not None else None


def _budget_block(table: LocatedTable, grid: Grid, sheet: RawSheet, facts: Facts,
                  findings: list[Finding]) -> int | None:
    """The 年度预算执行情况 block; returns the row where it ends (or None when absent)."""
    aliases = table.template.aliases("budget_columns")
    found = _find_header(grid, aliases, {"initial_budget", "full_year_budget", "adjusted_budget", "executed"})
    if not found:
        return None
    header_row, cols = found
    unit, _ = _money_unit(grid, header_row)
    unit = unit or table.unit_text
    lines = table.template.aliases("fund_lines")
    label_col = cols.get("label", 0)
    rows: list[tuple[int, str, str]] = []
    r = header_row + 1
    while r < grid.height:
        label = clean_text(grid.value(r, label_col))
        key = lines.get(strip_ordinal(norm(label)))
        if key is None:
            break
        rows.append((r, key, label))
        r += 1
    if unit is None:
        cell = a1(header_row, label_col)
        findings.append(Finding(rule_id="F-006", severity="warning", sheet=table.sheet, cell=cell, root_cell=cell,
                                message="预算执行情况未注明金额单位（万元或元），其金额未读入"))
        return r
    money = [c for k, c in cols.items() if k in ("initial_budget", "full_year_budget", "adjusted_budget", "executed")]
    reader = CellReader(sheet, unit, decimals_for(sheet, unit, [(rr, c) for rr, _, _ in rows for c in money]), findings)
    denominator = "adjusted_budget" if "adjusted_budget" in cols else "full_year_budget"
    out = facts.table("fct_budget_execution")
    for rr, key, label in rows:
        amounts = {}
        for name in ("initial_budget", "full_year_budget", "executed"):
            c = cols.get(name) if name != "full_year_budget" else cols.get("full_year_budget", cols.get("adjusted_budget"))
            amounts[name] = reader.amount(rr, c)[0] if c is not None and grid.raw(rr, c) is not None else None
            amounts[f"{name}_src_cell"] = _cell(rr, c)
        out.add(fund_line=key, line_label=label, weight=_number(grid, rr, cols.get("weight")),
                execution_rate=_rate(grid, rr, cols.get("execution_rate")),
                score=_number(grid, rr, cols.get("score")), rate_denominator=denominator,
                src_sheet=table.sheet, weight_src_cell=_cell(rr, cols.get("weight")),
                execution_rate_src_cell=_cell(rr, cols.get("execution_rate")),
                score_src_cell=_cell(rr, cols.get("score")), **amounts)
    return r


def _label_value(grid: Grid, labels: set[str]) -> tuple[str | None, str | None]:
    for r in range(grid.height):
        for c, t in grid.row_texts(r):
            head, _, inline = t.partition(":")
            if head in labels:
                if inline:
                    return clean_text(grid.raw(r, c)).replace("：", ":").partition(":")[2].strip(), a1(r, c)
                row = grid.rows[r]
                for cc in range(c + 1, len(row)):
                    text = clean_text(row[cc])
                    if text and norm(text) != t:
                        return text, a1(r, cc)
    return None, None


def _grade(grid: Grid, raw: dict) -> tuple[str | None, str | None]:
    return _label_value(grid, {norm(x) for x in raw["grade_labels"]})


def _goal(grid: Grid, raw: dict) -> tuple[str | None, str | None]:
    labels = {norm(x) for x in raw["goal_labels"]}
    headers = {norm(x) for x in raw["goal_headers"]}
    for r in range(grid.height):
        for c, t in grid.row_texts(r):
            if t not in labels:
                continue
            for rr in (r, r + 1):
                texts = [clean_text(grid.raw(rr, cc)) for cc in range(grid.width) if cc != c or rr != r]
                texts = [x for x in texts if x and norm(x) not in headers and norm(x) not in labels]
                if texts:
                    return texts[0], (texts[1] if len(texts) > 1 else None)
    return None, None
