"""`juesuan serve` against a real Prefect server: the deployment registers with its cron schedule in
Asia/Shanghai, a run through it loads the inbox, the run leaves its artifacts and load_run row,
and stopping the server is quiet and pauses the schedule."""
import json
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from juesuan.cli import main

from .ops_support import api_url, cli_env, fill_inbox, workbooks  # noqa: F401 (fixtures)

DEPLOYMENT = "juesuan-nightly-load/nightly"


def _deployment(client, timeout: float = 60):
    from prefect.exceptions import ObjectNotFound
    deadline = time.monotonic() + timeout
    while True:
        try:
            return client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_registers_the_nightly_deployment_and_a_run_through_it_loads(api_url, workbooks, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.deployments import run_deployment

    inbox = fill_inbox(tmp_path / "inbox", workbooks[:3])
    db = tmp_path / "wh.duckdb"
    env = cli_env(api_url, PREFECT_RUNNER_POLL_FREQUENCY="1")
    server = subprocess.Popen([sys.executable, "-m", "juesuan.cli", "serve", "--inbox", str(inbox), "--db", str(db)],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with get_client(sync_client=True) as client:
            deployment = _deployment(client)
            (schedule,) = deployment.schedules
            assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Asia/Shanghai")
            assert schedule.active and not deployment.paused
            assert deployment.global_concurrency_limit.limit == 1
            assert deployment.parameters["paths"] == [str(inbox.resolve())]

            run = run_deployment(DEPLOYMENT, timeout=120)
            assert run.state.is_completed(), run.state
            artifacts = {a.key: a for a in client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])))}
    finally:
        server.send_signal(signal.SIGTERM)  # what a supervisor (systemd) sends
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "Traceback" not in output and "Error" not in output, output
    assert "Asia/Shanghai" in output and "已停止" in output

    counts = {row["项目"]: row["数量"] for row in json.loads(artifacts["juesuan-run"].data)}
    assert counts["已载入"] + counts["有错已载入"] == 3 and counts["拒收"] == 0
    assert artifacts["juesuan-findings"].type == "markdown"
    assert artifacts["juesuan-findings"].data.startswith("# 运行 ")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM submission").fetchall() == [(3,)]
        assert con.execute("SELECT files_seen, loaded + flagged, finished_at IS NOT NULL FROM load_run"
                           ).fetchall() == [(3, 3, True)]
    finally:
        con.close()
    with get_client(sync_client=True) as client:  # stopping the server paused the schedule
        assert client.read_deployment_by_name(DEPLOYMENT).paused


@pytest.mark.parametrize("args, message", [
    (["--timezone", "Asia/Beijing"], "未知的时区"),
    (["--cron", "at two"], "无效的 cron"),
    (["--inbox", "no/such/folder"], "收件箱"),
])
def test_serve_refuses_bad_settings_in_one_line(api_url, tmp_path, capsys, args, message):
    (tmp_path / "inbox").mkdir()
    status = main(["serve", "--inbox", str(tmp_path / "inbox"), "--db", str(tmp_path / "wh.duckdb"), *args])
    err = capsys.readouterr().err
    assert status == 2 and message in err and err.count("\n") == 1
