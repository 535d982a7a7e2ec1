"""Settings: flags, then environment variables, then defaults (cli.md)."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("data") / "warehouse.duckdb"

# Prefect is chatty by default (telemetry, INFO logs of every task); these are set before it
# is imported so that a nightly log holds only what a person can act on.
QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
}


def quiet_prefect() -> None:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)


def db_path(flag: str | None) -> Path:
    return Path(flag or os.environ.get("JUESUAN_DB") or DEFAULT_DB)


def strict(flag: bool) -> bool:
    return flag or os.environ.get("JUESUAN_STRICT", "").lower() in ("1", "true", "yes")


def silence_prefect_console() -> None:
    """For one-shot commands: the terminal gets juesuan's own summary and error line only.

    Prefect would print a task's traceback at ERROR level; the CLI reports the failure itself
    in one line and keeps the traceback in a log file (see cli.system_error).
    """
    import logging
    for name in list(logging.root.manager.loggerDict):
        if name == "prefect" or name.startswith("prefect."):
            logging.getLogger(name).setLevel(logging.CRITICAL)
