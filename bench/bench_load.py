"""Benchmark of the load path (not a timed test).

Generates N sample workbooks, then measures, for N and for a smaller count:
  * juesuan: discover / parse / validate / load / views / publish, stage by stage;
  * the floor: a bare read of the same files with the fastest reader, one process per core;
  * the naive script a competent analyst would write: pandas.read_excel(sheet_name=None,
    header=None) on every sheet, stacked to long form, one Great Expectations validation of two
    expectations per workbook, DuckDB DataFrame insert.
Marginal cost per workbook = (time for N − time for the small count) / (N − small), so start-up
(imports, process pools, Prefect) does not count. Prints both ratios and peak memory.

    .venv/bin/python bench/bench_load.py [--n 2000] [--small 200] [--skip-naive]
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("JUESUAN_QUIET", "1")


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """N workbooks of every layout family, spread over departments and years."""
    from juesuan.demo import sample_workbooks
    return sample_workbooks(folder, n, seed=seed)


# --- the floor ------------------------------------------------------------------------------

def _bare_calamine(paths: list[str]) -> int:
    import python_calamine
    cells = 0
    for p in paths:
        with open(p, "rb") as f:
            wb = python_calamine.CalamineWorkbook.from_filelike(f)
            for name in wb.sheet_names:
                cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
    return cells


def _bare_fastexcel(paths: list[str]) -> int:
    import fastexcel
    rows = 0
    for p in paths:
        reader = fastexcel.read_excel(p)
        for name in reader.sheet_names:
            rows += reader.load_sheet(name, header_row=None).height
    return rows


def floor_seconds(paths: list[Path], workers: int, reader) -> float:
    chunks = [[str(p) for p in paths[i::workers]] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(reader, [[str(paths[0])]] * workers))  # warm the workers: start-up is not the floor
        t = time.perf_counter()
        list(pool.map(reader, chunks))
        return time.perf_counter() - t


# --- the naive script -----------------------------------------------------------------------

def naive_seconds(paths: list[Path], db: Path) -> float:
    import duckdb
    import great_expectations as gx
    import pandas as pd

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas("naive")
    asset = source.add_dataframe_asset("cells")
    batch_def = asset.add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite("naive"))
    suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column="sheet"))
    suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(column="row", min_value=0))
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE IF NOT EXISTS cells (file VARCHAR, sheet VARCHAR, row BIGINT, col BIGINT, value VARCHAR)")
    t = time.perf_counter()
    for p in paths:
        engine = "xlrd" if p.suffix == ".xls" else "openpyxl"
        frames = []
        for sheet, df in pd.read_excel(p, sheet_name=None, header=None, engine=engine).items():
            long = df.stack().reset_index()
            long.columns = ["row", "col", "value"]
            long["sheet"] = sheet
            frames.append(long)
        cells = pd.concat(frames, ignore_index=True)
        cells["file"] = str(p)
        cells["value"] = cells["value"].astype(str)
        batch_def.get_batch(batch_parameters={"dataframe": cells}).validate(suite)
        con.register("cells_df", cells)
        con.execute("INSERT INTO cells SELECT file, sheet, row, col, value FROM cells_df")
        con.unregister("cells_df")
    con.close()
    return time.perf_counter() - t


# --- juesuan --------------------------------------------------------------------------------

def juesuan_seconds(folder: Path, db: Path, workers: int) -> dict[str, float]:
    from juesuan.pipeline import Run, RunOptions, chunks
    run = Run(RunOptions(db, workers=workers))
    t = time.perf_counter()
    with run.open():
        candidates = run.discover([str(folder)])
        for chunk in chunks(candidates):
            run.load(run.validate(run.parse(chunk)))
        run.refresh_views()
        run.finish()
    stages = dict(run.summary.stage_seconds)
    stages["total"] = time.perf_counter() - t
    stages["loaded"] = run.summary.loaded + run.summary.flagged
    return stages


def peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip-naive", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    try:
        t = time.perf_counter()
        paths = generate(tmp / "big", args.n)
        small_dir = tmp / "small"
        small_dir.mkdir()
        small = []
        for p in paths[: args.small]:
            target = small_dir / p.relative_to(tmp / "big")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, target)
            small.append(target)
        print(f"generated {len(paths)} workbooks in {time.perf_counter() - t:.1f}s "
              f"({sum(p.stat().st_size for p in paths) / len(paths) / 1024:.0f} KiB each)")
        results: dict[str, tuple[float, float]] = {}
        for name, fn in (("calamine", _bare_calamine), ("fastexcel", _bare_fastexcel)):
            results[f"floor ({name})"] = (floor_seconds(small, args.workers, fn), floor_seconds(paths, args.workers, fn))
        js = juesuan_seconds(small_dir, tmp / "small.duckdb", args.workers)
        jb = juesuan_seconds(tmp / "big", tmp / "big.duckdb", args.workers)
        print("\njuesuan stages (s)        small      big")
        for stage in [k for k in jb if k not in ("total", "loaded")]:
            print(f"  {stage:<22}{js.get(stage, 0):>8.2f} {jb[stage]:>8.2f}")
        print(f"  {'total':<22}{js['total']:>8.2f} {jb['total']:>8.2f}   loaded {int(jb['loaded'])}/{len(paths)}")
        pipeline = ("parse", "validate", "load")
        results["juesuan parse+validate+load"] = (sum(js.get(s, 0) for s in pipeline), sum(jb.get(s, 0) for s in pipeline))
        results["juesuan end to end"] = (js["total"], jb["total"])
        if not args.skip_naive:
            results["naive script"] = (naive_seconds(small, tmp / "naive_s.duckdb"), naive_seconds(paths, tmp / "naive_b.duckdb"))
        span = len(paths) - len(small)
        marginal = {k: (big - sm) / span * 1000 for k, (sm, big) in results.items()}
        print(f"\nmarginal ms per workbook (({args.n} − {args.small}) / {span}), {args.workers} workers")
        for k, ms in marginal.items():
            print(f"  {k:<30}{ms:>8.2f} ms   ({len(paths) / results[k][1]:>7.1f} workbooks/s at {args.n})")
        floor = min(v for k, v in marginal.items() if k.startswith("floor"))
        ours = marginal["juesuan parse+validate+load"]
        print(f"\njuesuan / floor  = {ours / floor:.2f}×  (goal ≤ 3×)")
        if "naive script" in marginal:
            print(f"naive / juesuan  = {marginal['naive script'] / ours:.1f}×  (goal ≥ 10×)")
        own, children = peak_mib()
        print(f"peak memory: this process {own:.0f} MiB, largest worker {children:.0f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
