"""`juesuan serve`: the nightly flow as a Prefect deployment on a schedule, in the analysts' timezone.

`flow.serve` registers the deployment with the Prefect server named by PREFECT_API_URL and runs
each scheduled (or manually triggered) flow run in a subprocess until stopped. Choices:
- the schedule carries its timezone (Asia/Shanghai by default): a bare cron is read as UTC;
- one run of the deployment at a time (a deployment concurrency limit; a second run, e.g.
  triggered by hand from the UI during the nightly one, is queued, not started), and every run
  also takes the store's writer lock, which a `juesuan load` from a shell holds as well;
- stopping the server pauses the schedule (Prefect's default), so no late runs pile up while it
  is down; starting it again re-registers the deployment unpaused.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .settings import ConfigError

DEPLOYMENT = "nightly"


@dataclass(frozen=True)
class Plan:
    """What will be served, checked before anything is registered."""
    cron: str
    timezone: str
    parameters: dict[str, Any]
    api_url: str

    @property
    def deployment(self) -> str:
        from .flows.nightly import nightly_load
        return f"{nightly_load.name}/{DEPLOYMENT}"


def plan(*, cron: str, timezone: str, inbox: Path, db: Path, strict: bool, wait_seconds: float,
         dask_address: str | None) -> Plan:
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.settings import PREFECT_API_URL
    api_url = PREFECT_API_URL.value()
    if not api_url:
        raise ConfigError("没有设置 PREFECT_API_URL：先在另一终端运行 prefect server start，"
                          "再设置 PREFECT_API_URL=http://127.0.0.1:4200/api")
    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError:
        raise ConfigError(f"无效的 cron 表达式 {cron!r}：应为五段，如 \"0 2 * * *\"（每天 02:00）") from None
    if not inbox.is_dir():
        raise ConfigError(f"收件箱 {inbox} 不存在或不是文件夹（--inbox 或 JUESUAN_INBOX）")
    # The runs start in a subprocess elsewhere: every path absolute.
    parameters = {"paths": [str(inbox.resolve())], "db": str(db.resolve()), "strict": strict,
                  "lock_wait_seconds": wait_seconds, "dask_address": dask_address}
    return Plan(cron, timezone, parameters, api_url)


def deployment_options(p: Plan) -> dict[str, Any]:
    """Keyword arguments of Flow.serve for this plan."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType
    return dict(
        name=DEPLOYMENT,
        schedule=Cron(p.cron, timezone=p.timezone),
        parameters=p.parameters,
        global_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
        tags=["juesuan"],
        description="部门决算收件箱的夜间载入：解析、校验、入库、刷新视图、发布",
        # The installed package, not a file of a checkout, is what the run subprocess imports.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def require_server(api_url: str) -> None:
    """A configured Prefect server that does not answer is one clear line, not a stack of retries."""
    from prefect.client.orchestration import get_client
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise ConfigError(f"无法连接 Prefect 服务器 {api_url}（PREFECT_API_URL）：请先启动它"
                          "（prefect server start），或不设置 PREFECT_API_URL 以使用临时服务器")


def serve(p: Plan) -> None:
    """Register the deployment and run its flow runs until interrupted."""
    from .flows.nightly import nightly_load
    require_server(p.api_url)
    nightly_load.serve(**deployment_options(p), pause_on_shutdown=True, print_starting_message=False)
