"""The HTML report (`juesuan report`): district totals, departments, charts, data quality."""
from .data import NoData
from .render import render_report

__all__ = ["NoData", "render_report"]
