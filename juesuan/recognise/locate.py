"""Find a table on a sheet by its title and header text, never by fixed cells.

Gives a LocatedTable: which template, where its header ends, how its columns map to
canonical measures, and how it splits into lanes (side-by-side blocks read separately).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import RawSheet, SheetUnit, a1
from ..normalise.amount import BLANK_MARKS
from .templates import Template, common, templates
from .text import cell_text, norm

_MAX_TITLE_LEN = 80
_MAX_HEADER_ROWS = 6
_NUMERIC_TEXT = re.compile(r"^[+-]?[\d,，.．\s]+$")
# Every table title names a 表, a 情况 or the 三公: a cheap test before scoring all templates.
_TITLE_HINT = re.compile("表|情况|三公")


@dataclass(frozen=True)
class Column:
    col: int
    role: str | None  # label | code | code_class | code_section | code_item | name | line_no
    dims: dict[str, str]  # for measure columns: dim name → canonical value
    path: tuple[str, ...]


@dataclass
class Lane:
    index: int
    roles: dict[str, int] = field(default_factory=dict)  # role → column
    measures: list[Column] = field(default_factory=list)


@dataclass
class LocatedTable:
    template: Template
    sheet: str
    title: str
    title_cell: str | None
    header_top: int
    header_bottom: int  # last header row (inclusive); data starts below
    lanes: list[Lane]
    unit_text: str | None
    unit_cell: str | None
    entity_text: str | None
    entity_cell: str | None
    years: list[int]
    notes: list[str]
    data_end: int  # exclusive: first note row or the sheet's end

    @property
    def kind(self) -> str:
        return self.template.kind

    @property
    def is_declared_empty(self) -> bool:
        markers = common().empty_table_markers
        return any(m in note for note in self.notes for m in markers)


class Grid:
    """Read access to a sheet with merged cells resolved to their anchor's value."""

    def __init__(self, sheet: RawSheet):
        self.sheet = sheet
        self.rows = sheet.rows
        self.height = len(sheet.rows)
        self.width = max((len(r) for r in sheet.rows), default=0)
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in sheet.merged:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 4096:  # absurd merges are not headers
                continue
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self._anchor[(r, c)] = (r0, c0)

    def raw(self, r: int, c: int):
        row = self.rows[r] if r < self.height else ()
        return row[c] if c < len(row) else None

    def value(self, r: int, c: int):
        """The value shown at (r, c): a merged range shows its top-left cell everywhere."""
        anchor = self._anchor.get((r, c))
        return self.raw(*anchor) if anchor else self.raw(r, c)

    def covered(self, r: int, c: int) -> bool:
        """Inside a merged range but not its top-left cell: the cell shows another cell's value."""
        anchor = self._anchor.get((r, c))
        return anchor is not None and anchor != (r, c)

    def filled(self, r: int) -> int:
        """How many cells of row r hold something."""
        row = self.rows[r] if r < self.height else ()
        return sum(1 for v in row if v is not None and (not isinstance(v, str) or v.strip()))

    def text(self, r: int, c: int) -> str:
        return norm(cell_text(self.value(r, c)))

    def row_texts(self, r: int) -> list[tuple[int, str]]:
        row = self.rows[r] if r < self.height else ()
        return [(c, norm(cell_text(v))) for c, v in enumerate(row) if v is not None and cell_text(v).strip()]


def identify(sheet: RawSheet, grid: Grid) -> tuple[Template, str, int | None, int | None] | None:
    """Which table is this sheet? → (template, title as written, title row, title col)."""
    best: tuple[int, Template, str, int | None, int | None] | None = None
    kinds_seen: set[str] = set()
    for r in range(min(grid.height, common().title_scan_rows)):
        for c, text in grid.row_texts(r):
            if len(text) > _MAX_TITLE_LEN or not _TITLE_HINT.search(text):
                continue
            row_best = max(((_title_score(tpl, text), tpl) for tpl in templates()), key=lambda x: x[0])
            if not row_best[0]:
                continue
            kinds_seen.add(row_best[1].kind)
            if best is None or row_best[0] > best[0]:
                best = (row_best[0], row_best[1], cell_text(grid.raw(r, c)).strip(), r, c)
    if len(kinds_seen) > 1:  # a 目录 or 填表说明 sheet names several tables: it is none of them
        return None
    if best:
        return best[1], best[2], best[3], best[4]
    name = norm(sheet.name)
    for tpl in templates():
        if _title_score(tpl, name) or any(h in name for h in tpl.sheet_hints):
            return tpl, sheet.name, None, None
    return None


def _title_score(tpl: Template, text: str) -> int:
    if any(x in text for x in tpl.title_excludes):
        return 0
    return max((len(t) for t in tpl.titles if t in text), default=0)


def locate(sheet: RawSheet) -> LocatedTable | None:
    grid = Grid(sheet)
    found = identify(sheet, grid)
    if found is None:
        return None
    tpl, title, title_row, title_col = found
    start = 0 if title_row is None else title_row + 1
    header_top = _header_top(tpl, grid, start)
    if header_top is None:
        header_top = header_bottom = start - 1 if start else 0
    else:
        header_bottom = _header_bottom(tpl, grid, header_top)
    lanes = _lanes(tpl, grid, header_top, header_bottom) if tpl.layout in _LANE_LAYOUTS else []
    unit, unit_cell, entity, entity_cell, years = _context_lines(grid, title, header_top, header_bottom)
    notes, data_end = _notes(grid, header_bottom + 1)
    if tpl.layout in _LANE_LAYOUTS and not any(lane.measures for lane in lanes):
        return None  # a title without a table under it (a cover or an explanation sheet)
    if tpl.layout in _LABEL_LAYOUTS and _label_count(tpl, grid) < _MIN_LABELS:
        return None
    return LocatedTable(
        template=tpl, sheet=sheet.name, title=title,
        title_cell=a1(title_row, title_col) if title_row is not None else None,
        header_top=header_top, header_bottom=header_bottom, lanes=lanes,
        unit_text=unit, unit_cell=unit_cell, entity_text=entity, entity_cell=entity_cell,
        years=years, notes=notes, data_end=data_end,
    )


_LANE_LAYOUTS = {"lines", "coded_rows", "econ_lanes", "three_public"}
# Sheets read by labels rather than a header row: the labels each layout is recognised by.
_LABEL_LAYOUTS = {"key_value": ("fields",), "self_evaluation": ("budget_columns", "indicator_columns")}
_MIN_LABELS = 3


def _label_count(tpl: Template, grid: Grid) -> int:
    """How many of the template's field or column labels the sheet carries."""
    labels: set[str] = set()
    for key in _LABEL_LAYOUTS[tpl.layout]:
        labels.update(tpl.aliases(key))
    found = {t.split(":")[0] for r in range(grid.height) for _, t in grid.row_texts(r)}
    return len(labels & found)


def _is_header_text(tpl: Template, text: str) -> bool:
    return text in tpl.roles or any(text in d.aliases for d in tpl.dims)


def _header_top(tpl: Template, grid: Grid, start: int) -> int | None:
    for r in range(start, min(grid.height, start + 12)):
        if any(_is_header_text(tpl, t) for _, t in grid.row_texts(r)):
            return r
    return None


def _is_column_number_row(texts: list[tuple[int, str]]) -> bool:
    return any(t == "栏次" for _, t in texts)


def _looks_like_data(tpl: Template, grid: Grid, r: int, texts: list[tuple[int, str]]) -> bool:
    for c, t in texts:
        raw = grid.raw(r, c)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return True
        if (_NUMERIC_TEXT.match(t) or t in BLANK_MARKS) and not _is_header_text(tpl, t):
            return True  # a figure, or a dash standing for "no amount": headers hold neither
        if t in common().total_labels and not _is_header_text(tpl, t):
            return True
    return False


def _header_bottom(tpl: Template, grid: Grid, top: int) -> int:
    bottom = top
    first_col = min((c for c, _ in grid.row_texts(top)), default=0)
    for r in range(top + 1, min(grid.height, top + _MAX_HEADER_ROWS)):
        texts = grid.row_texts(r)
        if _is_column_number_row(texts):
            return r
        if not texts or _looks_like_data(tpl, grid, r, texts):
            break
        if len(texts) == 1 and texts[0][0] == first_col and not grid.covered(r, first_col):
            break  # a row label alone, its amounts blank: the first data row, not a header
        if not any(_is_header_text(tpl, t) for _, t in texts):
            break
        bottom = r
    # A row fully covered by merges that start in the header belongs to the header too.
    while bottom + 1 < grid.height and _covered_from_above(grid, bottom + 1, top):
        bottom += 1
    return bottom


def _covered_from_above(grid: Grid, r: int, top: int) -> bool:
    row = grid.rows[r]
    cells = [c for c, v in enumerate(row) if v is not None and cell_text(v).strip()]
    if cells:
        return False
    anchors = [grid._anchor.get((r, c)) for c in range(grid.width)]
    return any(a is not None and top <= a[0] < r for a in anchors)


def _column_path(grid: Grid, c: int, top: int, bottom: int) -> tuple[str, ...]:
    segs: list[str] = []
    for r in range(top, bottom + 1):
        t = grid.text(r, c)
        if not t or t == "栏次" or t.isdigit() or (segs and segs[-1] == t):
            continue
        segs.append(t)
    return tuple(segs)


def classify_column(tpl: Template, path: tuple[str, ...], c: int) -> Column | None:
    """Deepest header segment decides: a role (label, code …) or a measure's dimensions."""
    for seg in reversed(path):
        role = tpl.roles.get(seg)
        if role:
            return Column(c, role, {}, path)
        if any(seg in d.aliases for d in tpl.dims):
            break
    else:
        return None
    dims: dict[str, str] = {}
    explicit = False
    for dim in tpl.dims:
        value = next((dim.aliases[s] for s in reversed(path) if s in dim.aliases), None)
        if value is None:
            value = dim.default
        else:
            explicit = True
        if value is None:
            return None
        dims[dim.name] = value
    return Column(c, None, dims, path) if explicit else None


def _lanes(tpl: Template, grid: Grid, top: int, bottom: int) -> list[Lane]:
    lanes: list[Lane] = []
    current: Lane | None = None
    for c in range(grid.width):
        col = classify_column(tpl, _column_path(grid, c, top, bottom), c)
        if col is None:
            continue
        if col.role:
            if current is None or current.measures or col.role in current.roles:
                current = Lane(len(lanes))
                lanes.append(current)
            current.roles.setdefault(col.role, c)
        else:
            if current is None:  # measures with no label column (T7 wide layout)
                current = Lane(len(lanes))
                lanes.append(current)
            current.measures.append(col)
    return lanes


def _context_lines(grid: Grid, title: str, top: int, bottom: int):
    """Unit, entity and year from the lines around the title and in the header."""
    com = common()
    unit = unit_cell = entity = entity_cell = None
    years: list[int] = [int(y) for y in com.year_pattern.findall(norm(title))]
    for r in range(0, min(grid.height, bottom + 1)):
        for c, v in enumerate(grid.rows[r]):
            if v is None:
                continue
            text = cell_text(v)
            flat = norm(text)
            if unit is None:
                m = com.unit_pattern.search(flat) or (
                    com.unit_in_header_pattern.search(flat) if r >= top else None)
                if m:
                    unit, unit_cell = m.group(1), a1(r, c)
            if r < top and entity is None:
                m = com.entity_pattern.search(text.replace("：", ":").strip() + " ")
                if m and not com.unit_pattern.match(norm(m.group(0))):
                    entity, entity_cell = m.group(1), a1(r, c)
            if r < top:
                years.extend(int(y) for y in com.year_pattern.findall(flat))
    return unit, unit_cell, entity, entity_cell, years


def _notes(grid: Grid, start: int) -> tuple[list[str], int]:
    prefixes = common().note_prefixes
    markers = common().empty_table_markers
    notes: list[str] = []
    end = grid.height
    for r in range(start, grid.height):
        row = grid.rows[r]
        filled = [v for v in row if v is not None and not isinstance(v, (int, float))]
        if not filled:
            continue
        first = norm(cell_text(filled[0]))
        if not first or first[0].isdigit():
            continue
        if first.startswith(prefixes) or (len(filled) == 1 and any(m in first for m in markers)):
            notes.append(first)
            end = min(end, r)
    return notes, end


def sheet_unit(table: LocatedTable, decimals: int) -> SheetUnit | None:
    if table.unit_text is None:
        return None
    return SheetUnit(table.unit_text, decimals, table.unit_cell)
