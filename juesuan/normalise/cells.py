"""Amount cells of one located table → yuan Decimals, with a finding for every cell that lies."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..model import Finding, RawSheet, a1
from .amount import FEN, UNIT_FACTORS, parse_amount, sheet_decimals, to_yuan

_ZERO = Decimal("0.00")
_STORE_LIMIT = Decimal(10) ** 16  # DECIMAL(18,2) yuan


class CellReader:
    """Reads amounts of one sheet in its own unit and decimals; collects cell findings."""

    def __init__(self, sheet: RawSheet, unit: str, decimals: int, findings: list[Finding]):
        self.sheet = sheet
        self.unit = unit
        self.decimals = decimals
        self.findings = findings
        self._quantum = Decimal(1).scaleb(-decimals)
        self._factor = UNIT_FACTORS[unit]
        # Floats below this stay inside DECIMAL(18,2) yuan after conversion; larger ones take the
        # checked path (NaN and ±inf fail the comparison too).
        self._fast_limit = 1e15 / float(self._factor)
        self._suspect = sheet.errors.keys() | sheet.uncached_formulas  # cells calamine shows as blank

    def amount(self, r: int, c: int) -> tuple[Decimal | None, bool]:
        """(yuan or None, was_blank). None with blank=False means unreadable (a finding says why)."""
        row = self.sheet.rows[r] if r < len(self.sheet.rows) else ()
        raw = row[c] if c < len(row) else None
        if type(raw) is float and abs(raw) < self._fast_limit:
            # The common case, kept short: shortest repr → sheet decimals → yuan, all exact.
            value = Decimal(repr(raw)).quantize(self._quantum, ROUND_HALF_UP) * self._factor
            return value.quantize(FEN), False
        where = (r, c)
        if raw is None and where not in self._suspect:
            return _ZERO, True
        if where in self.sheet.errors:
            self._finding("C-003", f"单元格显示错误值 {self.sheet.errors[where]}，不能当作空白或零", r, c,
                          actual=self.sheet.errors[where])
            return None, False
        if where in self.sheet.uncached_formulas:
            self._finding("C-002", "公式没有缓存的计算结果（文件未经 Excel 重新计算保存），无法取数", r, c)
            return None, False
        parsed = parse_amount(raw, self.decimals)
        if parsed.problem:
            self._finding("C-001", parsed.problem, r, c, actual=str(raw)[:60])
            return None, False
        if parsed.value is None:
            return _ZERO, True
        yuan = to_yuan(parsed.value, self.unit)
        if abs(yuan) >= _STORE_LIMIT:
            self._finding("C-001", "金额换算成元后超出可存储的范围（10 的 16 次方元），请核对单位与数值", r, c,
                          actual=str(raw)[:60])
            return None, False
        return yuan, False

    def _finding(self, rule: str, message: str, r: int, c: int, actual: str | None = None) -> None:
        cell = a1(r, c)
        self.findings.append(Finding(rule_id=rule, severity="error", message=message,
                                     sheet=self.sheet.name, cell=cell, actual=actual, root_cell=cell))


def decimals_for(sheet: RawSheet, unit: str, cells: list[tuple[int, int]]) -> int:
    rows = sheet.rows
    samples = [rows[r][c] for r, c in cells if r < len(rows) and c < len(rows[r]) and rows[r][c] is not None]
    return sheet_decimals(unit, samples)
