"""Great Expectations: the suites of expectations/suites/ run on one pandas batch per suite.

GE takes seconds to import and a fixed cost per validation, so it is imported once per process
(on first use, or in the background from `prepare()` while a run is still parsing), its
ephemeral context and suites are made once, and each suite validates all workbooks of a run
together (file, sheet and cell are index columns of the batch).
"""
from __future__ import annotations

import json
import threading
from importlib.resources import files
from typing import Any

import pandas as pd

INDEX_COLUMNS = ["row_id", "sha256", "sheet", "cell"]
_DATASOURCE = "juesuan"


class _Gx:
    """The process's GE context, its pandas data source and the suites, made once."""

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
        )
        config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(),
                                   analytics_enabled=False,
                                   progress_bars=ProgressBarsConfig(globally=False))
        self.context = gx.get_context(project_config=config, mode="ephemeral")
        self.source = self.context.data_sources.add_pandas(_DATASOURCE)
        self.suites: dict[str, Any] = {}
        self.batches: dict[str, Any] = {}
        folder = files("juesuan.expectations").joinpath("suites")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json"):
                suite = gx.ExpectationSuite(**json.loads(entry.read_text("utf-8")))
                self.suites[suite.name] = self.context.suites.add(suite)
                asset = self.source.add_dataframe_asset(suite.name)
                self.batches[suite.name] = asset.add_batch_definition_whole_dataframe("all")


_LOCK = threading.Lock()
_MADE: list[_Gx] = []


def _gx() -> _Gx:
    with _LOCK:  # a caller arriving while prepare() is importing waits for it
        if not _MADE:
            _MADE.append(_Gx())
        return _MADE[0]


def prepare() -> None:
    """Import GE and make its context on a background thread (the parse workers leave this
    process idle); validation then finds it ready. Calling it again does nothing."""
    if not _MADE and not _LOCK.locked():
        threading.Thread(target=_gx, name="juesuan-gx-prepare", daemon=True).start()


def columns(suite: str) -> list[str]:
    """The columns a suite's batch needs: the index columns and those its expectations read.

    Great Expectations fingerprints every batch by hashing it; a narrow frame keeps that cheap.
    """
    read = [getattr(e, k) for e in _gx().suites[suite].expectations
            for k in ("column", "column_A", "column_B") if getattr(e, k, None)]
    return list(dict.fromkeys(INDEX_COLUMNS + read))


def failing_rows(suite: str, frame: pd.DataFrame) -> dict[str, list[int]]:
    """Validate `frame` (the suite's `columns`) against `suite`; check → failing row_ids."""
    if frame.empty:
        return {}
    gx = _gx()
    batch = gx.batches[suite].get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(gx.suites[suite], result_format={
        "result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS,
        "return_unexpected_index_query": False,
    })
    out: dict[str, list[int]] = {}
    for res in result.results:
        if res.exception_info and res.exception_info.get("raised_exception"):
            raise RuntimeError(f"suite {suite}: {res.exception_info.get('exception_message')}")
        check = res.expectation_config.meta["check"]
        # Index values come back as strings in some GE versions: cast before joining.
        out[check] = [int(i["row_id"]) for i in res.result.get("unexpected_index_list") or ()]
    return out
