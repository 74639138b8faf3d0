"""Run the pipeline over many inputs: the library behind ``extract``, ``ingest`` and ``demo``.

A failing document becomes a Failure (source, stage, reason) and the batch goes on. ``ingest``
records each document's state in the store (see :mod:`eventatlas.scale.jobs`), so re-running a
batch skips what is settled and a killed batch resumes where it stopped; with
``ScaleOptions(workers=N)`` the pipeline runs in N worker processes
(:mod:`eventatlas.scale.workers`) while this process reads the inputs and writes the results,
in input order.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from eventatlas.model import Analysis, Failure, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.registry import Step
from eventatlas.scale.jobs import JobKey, JobLedger, config_hash, job_key
from eventatlas.scale.perdoc import (
    Outcome,
    PipelineFactory,
    ScaleOptions,
    Task,
    is_transient,
    run_guarded,
)
from eventatlas.settings import Settings
from eventatlas.stages.acquire import acquire
from eventatlas.store import Store

log = logging.getLogger(__name__)

_PLAN_CHUNK = 64


def analyse(paths: Iterable[str], settings: Settings, until: Step | None = None,
            pipeline: Pipeline | None = None) -> Iterator[Analysis | Failure]:
    """Each input document's Analysis (or Failure), in input order.

    Example: ``for item in analyse(["page.html"], load_settings()): print(item)``.
    """
    pipeline = pipeline or Pipeline(settings, until=until)
    yield from pipeline.run(acquire(paths, settings.acquire))


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input an earlier run already stored; nothing is done again."""

    source: str


Progress = Callable[[Analysis | Failure | Skipped], None]


@dataclass
class IngestReport:
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0  # includes documents skipped because an earlier run stored them
    events: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0  # settled in an earlier run (done or failed), not processed again

    @property
    def documents(self) -> int:
        return self.inserted + self.replaced + self.unchanged


def ingest(paths: Iterable[str], settings: Settings, store: Store,
           on_item: Progress | None = None, pipeline: Pipeline | None = None, *,
           options: ScaleOptions | None = None,
           factory: PipelineFactory = Pipeline) -> IngestReport:
    """Analyse every input and write it to ``store``; idempotent and resumable.

    ``options.workers=0`` (the default) runs the pipeline here (``pipeline`` if given, else
    ``factory(settings)``); ``workers>=1`` runs ``factory(settings)`` in that many processes.

    Example: ``ingest(["corpus/"], settings, store, options=ScaleOptions(workers=2))``.
    """
    options = options or ScaleOptions(chunk_size=settings.annotate.batch_size)
    ledger = JobLedger(store.engine, config_hash(settings))
    report = IngestReport()
    notify: Progress = on_item or (lambda item: None)
    tasks = _plan(paths, settings, ledger, options, report, notify)
    for outcome in _outcomes(tasks, settings, options, pipeline, factory):
        _commit(ledger, outcome, report)
        notify(outcome.item)
    return report


def _outcomes(tasks: Iterator[Task], settings: Settings, options: ScaleOptions,
              pipeline: Pipeline | None, factory: PipelineFactory) -> Iterator[Outcome]:
    first = next(tasks, None)
    if first is None:
        return  # nothing due: no model to load, no worker to start
    tasks = chain([first], tasks)
    if options.workers >= 1 and pipeline is None:
        from eventatlas.scale.workers import WorkerPool

        with WorkerPool(settings, options, factory) as pool:
            yield from pool.run(tasks)
        return
    local = pipeline or factory(settings)
    while chunk := list(islice(tasks, options.chunk_size)):
        yield from run_guarded(local, chunk, options)


def _commit(ledger: JobLedger, outcome: Outcome, report: IngestReport) -> None:
    stored = ledger.commit(outcome.key, outcome.item, outcome.attempts)
    if isinstance(stored, Failure):
        report.failures.append(stored)
        return
    setattr(report, stored.status, getattr(report, stored.status) + 1)
    report.events += stored.events


def _plan(paths: Iterable[str], settings: Settings, ledger: JobLedger, options: ScaleOptions,
          report: IngestReport, notify: Progress) -> Iterator[Task]:
    """Tasks for the inputs not settled yet (marked pending); settled ones are reported."""
    seq = 0
    seen: set[bytes] = set()
    inputs = _acquire_retrying(paths, settings, options)
    while chunk := list(islice(inputs, _PLAN_CHUNK)):
        keyed = [(job_key(item), item) for item in chunk]
        jobs = ledger.lookup([key for key, _ in keyed])
        due: list[tuple[JobKey, RawDocument | Failure]] = []
        for key, item in keyed:
            job = jobs.get(key)
            digest = _digest(key)
            if digest in seen:
                continue  # the same input twice in one batch: once is enough
            seen.add(digest)
            if job is not None and ledger.is_settled(job):
                report.skipped += 1
                if job.state == "done":
                    report.unchanged += 1
                    notify(Skipped(key.source))
                else:
                    report.failures.append(job.failure())
                    notify(job.failure())
                continue
            due.append((key, item))
        ledger.mark_pending([key for key, _ in due])
        for key, item in due:
            yield Task(seq, key, item)
            seq += 1


def _digest(key: JobKey) -> bytes:
    return hashlib.blake2b(f"{key.source}\x1f{key.content_hash}".encode(), digest_size=16).digest()


def _acquire_retrying(paths: Iterable[str], settings: Settings, options: ScaleOptions
                      ) -> Iterator[RawDocument | Failure]:
    """acquire(), fetching a URL again (with backoff) after a transient failure."""
    for item in acquire(paths, settings.acquire):
        attempts = 1
        while (isinstance(item, Failure) and is_transient(item)
               and item.source.startswith(("http://", "https://"))
               and attempts < options.max_attempts):
            time.sleep(options.backoff(attempts))
            log.info("%s: fetching again after %s", item.source, item.detail)
            item = next(iter(acquire([item.source], settings.acquire)))
            attempts += 1
        yield item
