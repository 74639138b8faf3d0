"""Whole pipeline vs bare spaCy ``nlp.pipe`` on the same texts, measured in alternation.

The machines these run on are shared: their speed drifts by a third within minutes. Timing
the two runs one after the other let a drift land on one side only (0.58 one run, 0.87 the
next). Here the documents are cut into slices and each slice is parsed bare, then run through
the whole pipeline, so a drift falls on both sides alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import Pipeline


@dataclass(frozen=True)
class Ratio:
    documents: int
    events: int
    spacy_s: float
    spacy_cpu: float
    full_s: float
    full_cpu: float

    @property
    def wall(self) -> float:
        return self.spacy_s / self.full_s

    @property
    def cpu(self) -> float:
        return self.spacy_cpu / self.full_cpu


def measure(pipeline: Pipeline, raws: list[RawDocument], slices: int = 8,
            run: Callable[[Pipeline, list[RawDocument]], list[object]] | None = None) -> Ratio:
    """Time bare spaCy and ``run`` (default: ``pipeline.run``) slice by slice, alternating."""
    run = run or (lambda p, batch: list(p.run(batch)))
    extract = Pipeline(pipeline.settings, services=pipeline.services, until="extract")
    size = max(1, -(-len(raws) // slices))
    batch_size = pipeline.settings.annotate.batch_size
    spacy_s = spacy_cpu = full_s = full_cpu = 0.0
    events = 0
    for lo in range(0, len(raws), size):
        part = raws[lo:lo + size]
        texts = [i.document.text for i in extract.run(part) if isinstance(i, Analysis)]
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in pipeline.services.nlp.pipe(texts, batch_size=batch_size):
            pass
        spacy_s += time.perf_counter() - t0
        spacy_cpu += time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        results = run(pipeline, part)
        full_s += time.perf_counter() - t0
        full_cpu += time.process_time() - c0
        events += sum(len(r.events) for r in results if isinstance(r, Analysis))
    return Ratio(len(raws), events, spacy_s, spacy_cpu, full_s, full_cpu)
