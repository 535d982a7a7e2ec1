"""Realistic sample workbooks: the `juesuan demo` inbox and the parser's test fixtures."""
from .figures import make_figures, seed_figures_2023, seed_figures_2023_corrected
from .inbox import DemoFile, sample_workbooks, write_demo_inbox
from .layout import write_workbook
from .style import Style

__all__ = [
    "DemoFile", "Style", "make_figures", "sample_workbooks", "seed_figures_2023",
    "seed_figures_2023_corrected", "write_demo_inbox", "write_workbook",
]
