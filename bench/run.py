"""eventatlas benchmarks: figures and ratios from one run (these machines are noisy).

Run by hand or with ``make bench``. Prints:
- extraction throughput (pages/s) against plain trafilatura on the same pages;
- whole-pipeline throughput on the sample corpus repeated, and its ratio to bare spaCy
  ``nlp.pipe`` over the same texts, in wall-clock and in CPU time of this process;
- gazetteer cold-load time, time to first result and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import time

import trafilatura
from ratio import measure

from eventatlas.demo import corpus_inputs
from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.scale.perdoc import settle_worker
from eventatlas.settings import load_settings
from eventatlas.stages.acquire import acquire


def _raws(repeat: int) -> list[RawDocument]:
    settings = load_settings()
    base = [r for r in acquire(corpus_inputs(), settings.acquire) if isinstance(r, RawDocument)]
    return [r.model_copy(update={"source": f"{r.source}#{n}"}) for n in range(repeat) for r in base]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=32, help="copies of the sample corpus")
    args = parser.parse_args()
    settings = load_settings()

    start = time.perf_counter()
    pipeline = Pipeline(settings)
    raws = _raws(args.repeat)
    first = next(iter(pipeline.run(raws[:1])))
    first_s = time.perf_counter() - start
    assert isinstance(first, Analysis), first
    settle_worker(pipeline)  # this process, like an ingest worker, only runs the pipeline

    html = [r.content.decode("utf-8", "replace") for r in raws if r.kind == "html"]
    t0 = time.perf_counter()
    for page in html:
        trafilatura.extract(page)
    traf_s = time.perf_counter() - t0
    extract_only = Pipeline(settings, services=pipeline.services, until="extract")
    html_raws = [r for r in raws if r.kind == "html"]
    t0 = time.perf_counter()
    extracted = sum(isinstance(i, Analysis) for i in extract_only.run(html_raws))
    ours_s = time.perf_counter() - t0
    print(f"extraction: eventatlas {len(html) / ours_s:.1f} pages/s, plain trafilatura "
          f"{len(html) / traf_s:.1f} pages/s (eventatlas at {traf_s / ours_s:.2f} of its speed) "
          f"on {len(html)} pages, {extracted} extracted")

    ratio = measure(pipeline, raws)
    print(f"pipeline: {len(raws) / ratio.full_s:.1f} docs/s ({ratio.events / ratio.full_s:.0f} "
          f"events/s) on {len(raws)} documents; bare spaCy nlp.pipe "
          f"{len(raws) / ratio.spacy_s:.1f} docs/s; whole pipeline at {ratio.wall:.2f} of bare "
          f"spaCy (wall clock), {ratio.cpu:.2f} in CPU time (less sensitive to other jobs on the "
          f"machine); measured in alternating slices, see bench/ratio.py ({ratio.spread})")
    print(f"pipeline time inside spaCy nlp.pipe, same run: {ratio.inside:.2f} (the ratio "
          f"were spaCy as fast inside the pipeline as bare; drift between runs cannot move it)")
    results = list(pipeline.run(raws[:len(raws) // 4]))
    print(f"time to first result (cold: model + gazetteer load): {first_s:.2f} s")
    _geocoding(results, settings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB")


def _geocoding(results: list[Analysis | object], settings: object) -> None:
    """Toponyms/s of the places stage over the already-annotated documents, and the
    gazetteer's cold start (a fresh Services opens the cached index)."""
    from eventatlas.pipeline import StageContext
    from eventatlas.services import Services
    from eventatlas.stages.places import find_places

    assert hasattr(settings, "places")
    t0 = time.perf_counter()
    services = Services(settings)  # type: ignore[arg-type]
    _ = services.gazetteer
    cold = time.perf_counter() - t0
    ctx = StageContext(settings.places, services, "bench.places")
    docs = [r for r in results if isinstance(r, Analysis) and r.annotation is not None]
    t0 = time.perf_counter()
    toponyms = sum(len(m.mentions) for d in docs for m in find_places(d, ctx).places)
    spent = time.perf_counter() - t0
    print(f"geocoding: {toponyms / spent:.0f} toponyms/s ({toponyms} toponyms in {len(docs)} "
          f"documents); gazetteer cold load {cold:.2f} s")


if __name__ == "__main__":
    main()
