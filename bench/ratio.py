"""Whole pipeline vs bare spaCy ``nlp.pipe`` on the same texts, measured in alternation.

The machines these run on are shared: their speed drifts by a third within minutes. Timing
the two runs one after the other let a drift land on one side only (0.58 one run, 0.87 the
next). Here the documents are cut into slices and each slice is parsed bare, then run through
the whole pipeline, so a drift falls on both sides alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

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
    slices: list[float] = field(default_factory=list)  # each slice's own ratio (wall clock)
    spacy_inside_s: float = 0.0  # of full_s, the time spent in the pipeline's own nlp.pipe

    @property
    def wall(self) -> float:
        return self.spacy_s / self.full_s

    @property
    def spread(self) -> str:
        """The slices' median ratio and range: how much the machine moved during the run."""
        if not self.slices:
            return "no slices"
        return (f"per-slice median {statistics.median(self.slices):.2f}, range "
                f"{min(self.slices):.2f}-{max(self.slices):.2f} over {len(self.slices)} slices")

    @property
    def inside(self) -> float:
        """spaCy's share of the pipeline's wall-clock time, measured within the same run."""
        return self.spacy_inside_s / self.full_s

    @property
    def cpu(self) -> float:
        return self.spacy_cpu / self.full_cpu


@contextmanager
def _timed_pipe(nlp: Any, spent: list[float]) -> Iterator[None]:
    """Adds the time spent inside ``nlp.pipe`` (its generator included) to ``spent[0]``."""
    pipe = nlp.pipe

    def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
        docs = iter(pipe(*args, **kwargs))
        while True:
            t0 = time.perf_counter()
            doc = next(docs, None)  # a spaCy Doc, never None
            spent[0] += time.perf_counter() - t0
            if doc is None:
                return
            yield doc

    nlp.pipe = timed
    try:
        yield
    finally:
        del nlp.pipe  # the class's own method again


def measure(pipeline: Pipeline, raws: list[RawDocument], slices: int = 16,
            run: Callable[[Pipeline, list[RawDocument]], list[object]] | None = None) -> Ratio:
    """Time bare spaCy and ``run`` (default: ``pipeline.run``) slice by slice, alternating."""
    run = run or (lambda p, batch: list(p.run(batch)))
    extract = Pipeline(pipeline.settings, services=pipeline.services, until="extract")
    size = max(1, -(-len(raws) // slices))
    batch_size = pipeline.settings.annotate.batch_size
    spacy_s = spacy_cpu = full_s = full_cpu = 0.0
    events = 0
    per_slice: list[float] = []
    inside = [0.0]
    for lo in range(0, len(raws), size):
        part = raws[lo:lo + size]
        texts = [i.document.text for i in extract.run(part) if isinstance(i, Analysis)]
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in pipeline.services.nlp.pipe(texts, batch_size=batch_size):
            pass
        bare = time.perf_counter() - t0
        spacy_s += bare
        spacy_cpu += time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        with _timed_pipe(pipeline.services.nlp, inside):
            results = run(pipeline, part)
        full = time.perf_counter() - t0
        full_s += full
        full_cpu += time.process_time() - c0
        per_slice.append(bare / full)
        events += sum(len(r.events) for r in results if isinstance(r, Analysis))
    return Ratio(len(raws), events, spacy_s, spacy_cpu, full_s, full_cpu, per_slice, inside[0])
