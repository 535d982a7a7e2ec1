"""T10 部门基本情况: label → value pairs anywhere on the sheet."""
from __future__ import annotations

import re

from ..model import Finding, a1
from ..recognise.locate import Grid, LocatedTable
from ..recognise.text import clean_text, norm
from .facts import Facts

_INT = re.compile(r"^\s*(\d+)\s*(?:人|个|名|家)?\s*$")


def read_profile(table: LocatedTable, grid: Grid) -> dict[str, tuple[str, str]]:
    """field → (value as written, cell) for every label the template knows."""
    fields = table.template.aliases("fields")
    found: dict[str, tuple[str, str]] = {}
    for r in range(grid.height):
        row = grid.rows[r]
        for c, v in enumerate(row):
            if v is None:
                continue
            text = clean_text(v)
            label, _, inline = text.replace("：", ":").partition(":")
            field = fields.get(norm(label))
            if field is None or field in found:
                continue
            value, where = inline.strip(), (r, c)
            if not value:
                value, where = _next_value(row, c, r)
            if value:
                found[field] = (value, a1(*where))
    return found


def _next_value(row: list, c: int, r: int) -> tuple[str, tuple[int, int]]:
    for cc in range(c + 1, len(row)):
        text = clean_text(row[cc])
        if text:
            return text, (r, cc)
    return "", (r, c)


def profile_facts(table: LocatedTable, grid: Grid, values: dict[str, tuple[str, str]],
                  facts: Facts, findings: list[Finding]) -> None:
    counts = table.template.raw["count_fields"]
    row: dict[str, object] = {"src_sheet": table.sheet}
    for name in counts:
        if name not in values:
            continue
        text, cell = values[name]
        m = _INT.match(text)
        if m is None:
            findings.append(Finding(rule_id="C-001", severity="error", sheet=table.sheet, cell=cell,
                                    root_cell=cell, actual=text[:60],
                                    message=f"“{text[:30]}”不是可读的人数或个数"))
            continue
        row[name] = int(m.group(1))
        row[f"{name}_src_cell"] = cell
    row["unit_nature"] = values.get("unit_nature", (None,))[0]
    row["internal_unit_names"] = values.get("internal_unit_names", (None,))[0]
    facts.table("fct_dept_profile").add(**row)
