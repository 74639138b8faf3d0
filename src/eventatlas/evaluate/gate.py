"""The evaluation gate: score floors per suite, stored with a hash of the data they were
measured on (``eval_baseline.json`` at the project root). Lowering a floor takes a flag."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from eventatlas.errors import EventAtlasError
from eventatlas.evaluate.suites import SUITES, SuiteResult

TOLERANCE = 0.005


class GateError(EventAtlasError):
    """A score fell below its floor, or a floor would be lowered without permission."""


def baseline_path() -> Path:
    return Path(__file__).resolve().parents[3] / "eval_baseline.json"


def data_hash(directory: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_baseline(path: Path | None = None) -> dict[str, Any]:
    path = path or baseline_path()
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def check_floors(result: SuiteResult, data: Path, path: Path | None = None) -> list[str]:
    """Lines describing each floor; raises GateError when any score is below its floor."""
    entry = load_baseline(path).get(result.suite)
    if not entry:
        return [f"no baseline for {result.suite}"]
    actual_hash = data_hash(data / SUITES[result.suite].subdir)
    if entry.get("data_hash") != actual_hash:
        return [f"{result.suite}: evaluation data differs from the baseline's; floors not applied"]
    metrics = result.metrics()
    lines, failed = [], []
    for name, floor in sorted(entry.get("floors", {}).items()):
        value = metrics.get(name)
        ok = value is not None and value + TOLERANCE >= floor
        lines.append(f"{'ok  ' if ok else 'FAIL'} {name} = {value} (floor {floor})")
        if not ok:
            failed.append(name)
    if failed:
        raise GateError(f"{result.suite}: below floor: {', '.join(failed)}\n" + "\n".join(lines))
    return lines


def update_floors(result: SuiteResult, data: Path, *, allow_lower: bool = False,
                  path: Path | None = None, limit: int | None = None) -> None:
    """Write this result's metrics as the suite's floors (a lower floor needs allow_lower)."""
    path = path or baseline_path()
    baseline = load_baseline(path)
    old = baseline.get(result.suite, {}).get("floors", {})
    new = {k: round(v, 4) for k, v in result.metrics().items()}
    lowered = [k for k, v in new.items() if k in old and v + TOLERANCE < old[k]]
    if lowered and not allow_lower:
        raise GateError(f"would lower floors {', '.join(lowered)}; pass --allow-lower")
    baseline[result.suite] = {
        "data_hash": data_hash(data / SUITES[result.suite].subdir),
        "limit": result.info.get("limit", limit),
        "floors": new,
    }
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", "utf-8")
