"""juesuan: consolidate government final-account workbooks into DuckDB."""
__version__ = "0.1.0"
