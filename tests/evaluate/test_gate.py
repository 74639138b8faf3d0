"""The evaluation gate: floors with a data hash; lowering one takes a flag; CI checks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventatlas.evaluate.gate import GateError, baseline_path, check_floors, data_hash, \
    load_baseline, update_floors
from eventatlas.evaluate.suites import SUITES, SuiteResult, run_suite

from shared_data import shared_path


def _data(tmp_path: Path) -> Path:
    sub = tmp_path / SUITES["extraction"].subdir
    sub.mkdir(parents=True)
    (sub / "a.json").write_text("{}")
    return tmp_path


def _result(f1: float) -> SuiteResult:
    return SuiteResult("extraction", {"eventatlas": {"f1": f1, "precision": 0.9}})


def test_floors_pass_then_fail_when_a_score_drops(tmp_path: Path) -> None:
    data, baseline = _data(tmp_path), tmp_path / "baseline.json"
    update_floors(_result(0.95), data, path=baseline)
    assert any("ok" in line for line in check_floors(_result(0.95), data, path=baseline))
    with pytest.raises(GateError, match="eventatlas.f1"):
        check_floors(_result(0.90), data, path=baseline)


def test_lowering_a_floor_needs_the_flag(tmp_path: Path) -> None:
    data, baseline = _data(tmp_path), tmp_path / "baseline.json"
    update_floors(_result(0.95), data, path=baseline)
    with pytest.raises(GateError, match="allow-lower"):
        update_floors(_result(0.80), data, path=baseline)
    update_floors(_result(0.80), data, path=baseline, allow_lower=True)
    assert json.loads(baseline.read_text())["extraction"]["floors"]["eventatlas.f1"] == 0.8


def test_changed_data_is_reported_not_scored(tmp_path: Path) -> None:
    data, baseline = _data(tmp_path), tmp_path / "baseline.json"
    update_floors(_result(0.95), data, path=baseline)
    before = data_hash(data / SUITES["extraction"].subdir)
    (data / SUITES["extraction"].subdir / "b.json").write_text("[]")
    assert data_hash(data / SUITES["extraction"].subdir) != before
    (line,) = check_floors(_result(0.10), data, path=baseline)
    assert "differs" in line


@pytest.mark.slow
@pytest.mark.parametrize("suite", sorted(SUITES))
def test_scores_hold_their_baseline_floors(suite: str) -> None:
    """The CI gate: each suite scored on ../shared/eval must stay at or above its floors."""
    data = shared_path("eval")
    entry = load_baseline().get(suite)
    if not entry:
        pytest.skip(f"no floors for {suite} in {baseline_path()}")
    if entry["data_hash"] != data_hash(data / SUITES[suite].subdir):
        pytest.skip(f"{suite}: evaluation data differs from the baseline's; re-baseline it")
    result = run_suite(suite, data, entry.get("limit"))
    check_floors(result, data)
