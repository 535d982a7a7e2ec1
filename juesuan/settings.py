"""Settings: flags, then environment variables, then defaults (cli.md)."""
from __future__ import annotations

import getpass
import os
from pathlib import Path

DEFAULT_DB = Path("data") / "warehouse.duckdb"
DEFAULT_INBOX = Path("data") / "inbox"
DEFAULT_TIMEZONE = "Asia/Shanghai"  # Prefect's default is UTC: 02:00 UTC is 10:00 in Beijing
DEFAULT_CRON = "0 2 * * *"

# Prefect is chatty by default (telemetry, INFO logs of every task); these are set before it
# is imported so that a nightly log holds only what a person can act on.
QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
}


class ConfigError(Exception):
    """A setting that cannot work (bad timezone or cron, no inbox, unreachable server)."""


def quiet_prefect() -> None:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)


def db_path(flag: str | None) -> Path:
    return Path(flag or os.environ.get("JUESUAN_DB") or DEFAULT_DB)


def inbox(flag: str | None) -> Path:
    return Path(flag or os.environ.get("JUESUAN_INBOX") or DEFAULT_INBOX)


def strict(flag: bool) -> bool:
    return flag or os.environ.get("JUESUAN_STRICT", "").lower() in ("1", "true", "yes")


def timezone(flag: str | None) -> str:
    """An IANA zone name, checked: a typo would otherwise schedule the night run at a wrong hour."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    name = flag or os.environ.get("JUESUAN_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"未知的时区 {name}：请写 IANA 时区名，如 Asia/Shanghai") from None
    return name


def dask_address(flag: str | None) -> str | None:
    """The scheduler of a Dask cluster that parses for the run (tcp://host:8786); None parses here."""
    return flag or os.environ.get("JUESUAN_DASK_ADDRESS") or None


def operator() -> str:
    """Who runs an operator command: the OS user, as recorded in operator_action."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return f"uid {os.getuid()}"


def silence_prefect_console() -> None:
    """For one-shot commands: the terminal gets juesuan's own summary and error line only.

    Prefect would print a task's traceback at ERROR level; the CLI reports the failure itself
    in one line and keeps the traceback in a log file (see cli.system_error).
    """
    import logging
    for name in list(logging.root.manager.loggerDict):
        if name == "prefect" or name.startswith("prefect."):
            logging.getLogger(name).setLevel(logging.CRITICAL)
