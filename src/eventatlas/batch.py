"""Run the pipeline over many inputs: the library behind ``extract``, ``ingest`` and ``demo``.

A failing document becomes a Failure (source, stage, reason) and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventatlas.model import Analysis, Failure
from eventatlas.pipeline import Pipeline
from eventatlas.registry import Step
from eventatlas.settings import Settings
from eventatlas.stages.acquire import acquire
from eventatlas.store import Store

log = logging.getLogger(__name__)


def analyse(paths: Iterable[str], settings: Settings, until: Step | None = None,
            pipeline: Pipeline | None = None) -> Iterator[Analysis | Failure]:
    """Each input document's Analysis (or Failure), in input order.

    Example: ``for item in analyse(["page.html"], load_settings()): print(item)``.
    """
    pipeline = pipeline or Pipeline(settings, until=until)
    yield from pipeline.run(acquire(paths, settings.acquire))


@dataclass
class IngestReport:
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.inserted + self.replaced + self.unchanged


def ingest(paths: Iterable[str], settings: Settings, store: Store,
           on_item: Callable[[Analysis | Failure], None] | None = None,
           pipeline: Pipeline | None = None) -> IngestReport:
    """Analyse every input and write it to ``store``; idempotent for the same inputs."""
    report = IngestReport()
    for item in analyse(paths, settings, pipeline=pipeline):
        if isinstance(item, Failure):
            store.record_failure(item)
            report.failures.append(item)
        else:
            result = store.write(item)
            setattr(report, result.status, getattr(report, result.status) + 1)
            report.events += result.events
        if on_item is not None:
            on_item(item)
    return report
