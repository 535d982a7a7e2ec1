"""Per-stage progress lines for people, on stderr; silent when JUESUAN_QUIET is set."""
from __future__ import annotations

import os
import sys
import time

_START = time.perf_counter()


def stage_line(message: str) -> None:
    if os.environ.get("JUESUAN_QUIET"):
        return
    print(f"[{time.perf_counter() - _START:6.1f}s] {message}", file=sys.stderr, flush=True)
