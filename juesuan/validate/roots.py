"""One wrong number, one problem: findings that share a cell are grouped under a root cell.

Failing findings of a workbook that read a common cell form one group; its root is the cell
most of them read, ties going to the cell most of them are anchored at (a sum's total before
its parts). GovBudgetChecker's users drowned in three findings for one bad 合计; grouped, the
department sees one problem.
"""
from __future__ import annotations

from collections import Counter

from .report import Located

Cell = tuple[str, str]  # (sheet, A1)


def root_ref(root: Cell, sheet: str | None) -> str:
    """A1 on the finding's own sheet, else 'sheet'!A1 (Excel's quoting)."""
    if root[0] == sheet:
        return root[1]
    return "'" + root[0].replace("'", "''") + "'!" + root[1]


def parse_root(ref: str, sheet: str | None) -> Cell:
    """The inverse of root_ref."""
    if ref.startswith("'") and "'!" in ref:
        name, cell = ref[1:].rsplit("'!", 1)
        return name.replace("''", "'"), cell
    return (sheet or "", ref)


def _groups(items: list[Located]) -> list[list[Located]]:
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[Cell, int] = {}
    for i, item in enumerate(items):
        for cell in item.cells:
            j = first_seen.setdefault(cell, i)
            parent[find(i)] = find(j)
    groups: dict[int, list[Located]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


def assign_roots(items: list[Located]) -> None:
    """Set root_cell on every finding of one workbook that has a cell."""
    for group in _groups([i for i in items if i.cells]):
        read = Counter(cell for item in group for cell in set(item.cells))
        anchored = Counter(item.cells[0] for item in group)
        first: dict[Cell, int] = {}
        for k, item in enumerate(group):
            for cell in item.cells:
                first.setdefault(cell, k)
        root = max(read, key=lambda c: (read[c], anchored[c], -first[c]))
        for item in group:
            item.finding.root_cell = root_ref(root, item.finding.sheet)
