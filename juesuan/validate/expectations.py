"""Great Expectations: the suites of expectations/suites/ run on one pandas batch per suite.

GE takes seconds to import and a fixed cost per validation, so it is imported on first use, its
ephemeral context and suites are made once per process, and each suite validates all
workbooks of a run together (file, sheet and cell are index columns of the batch).
"""
from __future__ import annotations

import json
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _gx() -> _Gx:
    return _Gx()


def suite_checks() -> dict[str, list[str]]:
    """suite → the `meta.check` names of its expectations."""
    return {name: [e.meta["check"] for e in suite.expectations] for name, suite in _gx().suites.items()}


def failing_rows(suite: str, frame: pd.DataFrame) -> dict[str, list[int]]:
    """Validate `frame` (which has the INDEX_COLUMNS) against `suite`; check → failing row_ids."""
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
