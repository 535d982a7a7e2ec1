"""Broken and hostile input files for the hardening tests (issue 7), generated on the fly.

`base` writes the clean workbooks every hostile file is cut from and loaded beside; `package`
does surgery on .xlsx packages; one module per class of issue 7 builds its files; `corpus`
lists every case with the outcome it must get; `measure` bounds a run's time and memory.
"""
