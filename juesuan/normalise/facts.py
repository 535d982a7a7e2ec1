"""Column-oriented fact rows: cheap to build, cheap to turn into Arrow at the loader."""
from __future__ import annotations

from typing import Any


class FactTable:
    """Rows appended as keyword arguments; columns appear in first-seen order."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.count = 0

    def add(self, **values: Any) -> None:
        columns = self.columns
        if values.keys() == columns.keys():  # the usual case: same columns as the rows before
            for name, value in values.items():
                columns[name].append(value)
        else:
            for name in values.keys() - columns.keys():
                columns[name] = [None] * self.count
            for name, column in columns.items():
                column.append(values.get(name))
        self.count += 1


class Facts:
    """All fact tables of one workbook."""

    def __init__(self) -> None:
        self.tables: dict[str, FactTable] = {}

    def table(self, name: str) -> FactTable:
        return self.tables.setdefault(name, FactTable())

    def as_columns(self) -> dict[str, dict[str, list[Any]]]:
        return {name: t.columns for name, t in self.tables.items() if t.count}
