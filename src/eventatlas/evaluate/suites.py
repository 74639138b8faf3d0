"""The evaluation suites behind ``eventatlas eval SUITE``: name → scorer over ../shared/eval."""

from __future__ import annotations

import importlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rich.table import Table


HIGHER_IS_BETTER = frozenset({"precision", "recall", "f1", "accuracy", "macro_f1", "exact_id",
                              "acc_161km", "coding_match", "ari"})


@dataclass(frozen=True)
class Suite:
    name: str
    target: str  # "module:function(data_dir: Path, limit: int | None) -> dict"
    subdir: str  # inside the eval data directory
    default_limit: int | None = None  # keeps a default run within a few minutes on 2 cores


SUITES: Mapping[str, Suite] = MappingProxyType({
    s.name: s for s in (
        Suite("extraction", "eventatlas.evaluate.extraction:evaluate_extraction",
              "extraction/trafilatura_en"),
        Suite("places", "eventatlas.evaluate.places:evaluate_places", "geo"),
        Suite("events", "eventatlas.evaluate.events:evaluate_events", "events",
              default_limit=400),
        Suite("actors", "eventatlas.evaluate.actors:evaluate_actors", "events"),
        Suite("dedup", "eventatlas.evaluate.dedup:evaluate_dedup", "dedup/ecbplus"),
    )
})


@dataclass
class SuiteResult:
    suite: str
    scores: dict[str, dict[str, float]]  # row (system / corpus / mode) → metric → value
    info: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def metrics(self) -> dict[str, float]:
        """Flat ``row.metric`` → value for the rates where higher is better: what floors hold."""
        return {f"{row}.{name}": float(v) for row, ms in self.scores.items()
                for name, v in ms.items()
                if name in HIGHER_IS_BETTER or name.endswith("_accuracy")}

    def table(self) -> Table:
        names = sorted({m for ms in self.scores.values() for m in ms})
        table = Table(title=f"eval {self.suite} ({self.seconds:.0f} s)")
        table.add_column("")
        for name in names:
            table.add_column(name, justify="right")
        for row, ms in self.scores.items():
            table.add_row(row, *(_fmt(ms.get(n)) for n in names))
        return table


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _scores(raw: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Rows of numbers from a scorer's nested dict: each dict holding numbers becomes a row
    named by its path (``lgl recognition exact``)."""
    rows: dict[str, dict[str, float]] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        numbers = {k: v for k, v in node.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if numbers and path:
            rows[" ".join(path)] = numbers
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, (*path, str(key)))

    walk(raw.get("systems") or raw.get("scores") or raw, ())
    return rows


def run_suite(name: str, data: Path, limit: int | None = None) -> SuiteResult:
    suite = SUITES[name]
    module, _, attr = suite.target.partition(":")
    scorer = getattr(importlib.import_module(module), attr)
    start = time.perf_counter()
    effective = limit if limit is not None else suite.default_limit
    raw = scorer(data / suite.subdir, effective)
    info = {k: v for k, v in raw.items() if k not in {"scores", "systems"}}
    info["limit"] = effective  # the gate re-runs a suite with the limit its floors were set at
    return SuiteResult(name, _scores(raw), info, time.perf_counter() - start)
