"""Data rows of a located table, lane by lane: codes, labels and the amount cells they carry."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..recognise.locate import Column, Grid, Lane, LocatedTable
from ..recognise.templates import common
from ..recognise.text import cell_text, clean_text, norm, strip_ordinal

_DIGITS = re.compile(r"^\d+$")
FUNC_LEVELS = {3: 1, 5: 2, 7: 3}
ECON_LEVELS = {3: 1, 5: 2}


@dataclass
class DataRow:
    lane: int
    r: int
    code: str | None
    level: int | None  # 0 = the table's 合计 row
    label: str  # as written (cleaned), for people
    key: str  # normalised, ordinal stripped, for matching
    cells: list[tuple[Column, int]] = field(default_factory=list)  # (measure column, row)


def code_text(value: object) -> str:
    """A code cell as digits: 2010301.0 → '2010301', ' 201 03 ' → '20103'."""
    return re.sub(r"\s+", "", cell_text(value))


def _rel_part(value: object, width: int) -> str:
    """A relative 款/项 part: 3 → '03', '03' → '03'; an absolute code stays as is."""
    text = code_text(value)
    if _DIGITS.match(text) and len(text) < width:
        return text.zfill(width)
    return text


def _row_code(grid: Grid, lane: Lane, r: int, last: dict[str, str]) -> str | None:
    roles = lane.roles
    if "code" in roles:
        text = code_text(grid.raw(r, roles["code"]))
        return text if _DIGITS.match(text) else None
    if "code_class" not in roles:
        return None
    cls = code_text(grid.raw(r, roles["code_class"]))
    sec = _rel_part(grid.raw(r, roles["code_section"]), 2) if "code_section" in roles else ""
    item = _rel_part(grid.raw(r, roles["code_item"]), 2) if "code_item" in roles else ""
    if not (cls or sec or item) or not all(_DIGITS.match(p) for p in (cls, sec, item) if p):
        return None
    if len(sec) > 2 or len(item) > 2:  # absolute codes written in the part columns
        return item or sec
    # Some exporters print 类 only on the class row: inherit it (and 款) from the rows above.
    cls = cls or last.get("class", "")
    if item and not sec:
        sec = last.get("section", "")[3:5]
    code = cls + (sec if sec else "") + (item if sec and item else "")
    last["class"] = cls
    if sec:
        last["section"] = cls + sec
    return code


def _label(grid: Grid, lane: Lane, r: int) -> str:
    for role in ("label", "name", "code", "code_class"):
        if role in lane.roles:
            text = clean_text(grid.value(r, lane.roles[role]))
            if text and not (role.startswith("code") and _DIGITS.match(code_text(text))):
                return text.replace("\n", "").replace("\r", "")
    return ""


def read_rows(table: LocatedTable, grid: Grid, levels: dict[int, int]) -> list[DataRow]:
    """Every data row of every lane; soft-wrapped names joined, empty rows dropped."""
    totals = common().total_labels
    rows: list[DataRow] = []
    for lane in table.lanes:
        last: dict[str, str] = {}
        previous: DataRow | None = None
        for r in range(table.header_bottom + 1, table.data_end):
            code = _row_code(grid, lane, r, last)
            label = _label(grid, lane, r)
            key = strip_ordinal(norm(label))
            cells = [(m, r) for m in lane.measures if _has_value(grid, r, m.col)]
            if code is None and not label and not cells:
                continue
            level = levels.get(len(code)) if code else (0 if key in totals else None)
            if code is None and level is None and not cells and previous is not None \
                    and previous.code is not None and label and grid.filled(r) == 1:
                previous.label += label  # a name wrapped onto the next row, alone on it
                previous.key = strip_ordinal(norm(previous.label))
                continue
            row = DataRow(lane.index, r, code, level, label, key,
                          [(m, r) for m in lane.measures])
            rows.append(row)
            previous = row
    return rows


def _has_value(grid: Grid, r: int, c: int) -> bool:
    v = grid.raw(r, c)
    return v is not None and (not isinstance(v, str) or v.strip() != "") or (r, c) in grid.sheet.errors \
        or (r, c) in grid.sheet.uncached_formulas
