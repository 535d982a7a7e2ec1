"""The same flow with its parsing on a Dask cluster (prefect-dask) gives the same store as a local run."""
import pytest

from juesuan.flows.nightly import nightly_load

from .ops_support import api_url, contents, fill_inbox, workbooks  # noqa: F401 (fixtures)

distributed = pytest.importorskip("distributed", reason="the Dask extra is not installed: pip install 'juesuan[dask]'")
pytest.importorskip("prefect_dask", reason="the Dask extra is not installed: pip install 'juesuan[dask]'")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_a_run_on_a_dask_cluster_stores_what_a_local_run_stores(prefect_harness, workbooks, cluster, tmp_path,
                                                                monkeypatch, capsys):
    inbox = fill_inbox(tmp_path / "inbox", workbooks)
    monkeypatch.delenv("JUESUAN_QUIET")
    before = cluster.scheduler.transition_counter
    remote = nightly_load(paths=[str(inbox)], db=str(tmp_path / "dask.duckdb"),
                          dask_address=cluster.scheduler_address)
    assert cluster.scheduler.transition_counter > before  # the workers ran the parse tasks…
    assert "改在本机解析" not in capsys.readouterr().err  # …and no batch fell back to this process
    local = nightly_load(paths=[str(inbox)], db=str(tmp_path / "local.duckdb"), workers=2)
    assert (remote.loaded + remote.flagged, remote.rejected) == (local.loaded + local.flagged, local.rejected)
    assert local.loaded + local.flagged == len(workbooks)
    mine, theirs = contents(tmp_path / "local.duckdb"), contents(tmp_path / "dask.duckdb")
    assert mine.keys() == theirs.keys() and len(mine["fct_summary"]) > 0
    for table in mine:
        assert mine[table] == theirs[table], table


def test_an_unreachable_scheduler_is_one_clear_line(prefect_harness, workbooks, tmp_path, capsys, monkeypatch):
    from juesuan.cli import main
    monkeypatch.setattr("juesuan.flows.fanout.DASK_CONNECT_SECONDS", 1)
    inbox = fill_inbox(tmp_path / "inbox", workbooks[:1])
    status = main(["load", str(inbox), "--db", str(tmp_path / "wh.duckdb"), "--dask-address", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert status == 2 and "无法连接 Dask 调度器" in err and "Traceback" not in err
    assert not (tmp_path / "wh.duckdb").exists()
