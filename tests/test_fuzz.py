"""Fuzz (issue 7): valid workbooks mutated in their bytes, zip members and XML never crash, hang
or mislead the parse stage. Every outcome is one of: rejected (with a finding saying why),
loaded with findings, loaded. More examples: JUESUAN_FUZZ_EXAMPLES=2000."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.model import ParsedWorkbook
from juesuan.parse import ParseLimits, parse_files

from .hostile import base, identity
from .hostile import package as pk
from .hostile.isolated import Isolated, entry
from .hostile.mutate import Drawn, Seeded, mutant

EXAMPLES = int(os.environ.get("JUESUAN_FUZZ_EXAMPLES", "120"))
LIMITS = ParseLimits(seconds_per_file=20)  # a mutant of these small seeds parses in milliseconds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    xlsx = base.write(folder / "a.xlsx", identity.AUDIT[1], profile=identity.profile(*identity.AUDIT))
    shared = pk.pack(folder / "s.xlsx", pk.with_shared_strings(pk.members(xlsx)))
    xls = base.write_xls(folder / "b.xls", identity.AUDIT[1])
    return [p.read_bytes() for p in (xlsx, shared, xls)]


@pytest.fixture(scope="module")
def isolated():
    worker = Isolated(LIMITS)
    yield worker
    worker.close()


def outcome(wb: ParsedWorkbook) -> str:
    """rejected | flagged (loaded with an error finding) | loaded; anything else fails."""
    internal = [f.message for f in wb.findings if "内部错误" in f.message]
    assert not internal, internal  # an exception inside the parse stage: a bug
    if wb.rejected:
        reasons = [f for f in wb.findings if f.severity == "error" and f.rule_id.startswith("F-")]
        assert reasons and all(f.message.strip() for f in reasons) and wb.reject_reason
        return "rejected"
    assert wb.department is not None and wb.fiscal_year is not None
    return "flagged" if any(f.severity == "error" for f in wb.findings) else "loaded"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutants_are_rejected_or_loaded_never_a_crash(seeds, isolated, tmp_path, data):
    c = Drawn(data)
    path = tmp_path / "mutant.xlsx"
    path.write_bytes(mutant(c.choice(seeds), c))
    outcome(isolated.parse(path))


def test_a_batch_of_mutants_through_the_isolated_pool(seeds, tmp_path):
    """parse_files as the run uses it: every file gets exactly one outcome, the good one loads."""
    paths = [base.write(tmp_path / "good.xlsx", identity.EDUCATION[1])]
    for n in range(40):
        c = Seeded(n)
        paths.append(tmp_path / f"m{n}.xlsx")
        paths[-1].write_bytes(mutant(c.choice(seeds), c))
    parsed = [wb for batch in parse_files([entry(p) for p in paths], workers=2,
                                         limits=ParseLimits(seconds_per_file=20, batch_size=8)) for wb in batch]
    assert sorted(wb.path for wb in parsed) == sorted(str(p) for p in paths)
    outcomes = {Path(wb.path).name: outcome(wb) for wb in parsed}
    assert outcomes["good.xlsx"] == "loaded"
    assert set(outcomes.values()) >= {"rejected", "loaded"}  # the mutants are not all fatal, nor all harmless
