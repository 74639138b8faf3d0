"""Scale benchmark: figures and ratios from one run (these machines are shared and noisy).

Prints, on the bundled corpus repeated to ``--docs`` documents:
- whole-pipeline throughput in this process and with 1 and 2 worker processes, in docs/s and as
  a ratio to bare spaCy ``nlp.pipe`` over the same texts; the 1 → 2 worker speed-up;
- time to first result with a worker pool (spawn + model load + first chunk);
- peak memory of this process and of the largest worker;
- kill-and-resume: an ``ingest --workers 2`` killed with SIGKILL mid-run, then resumed; whether
  the store equals an uninterrupted run's, and how long the resume took.

Usage: ``.venv/bin/python bench/scale_bench.py [--docs 512] [--kill-docs 48]``
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "scale"))

from ratio import measure
from snap import jobs_finished, snapshot

from eventatlas.batch import ingest
from eventatlas.demo import corpus_inputs, corpus_path
from eventatlas.fuse.run import update
from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.scale import ScaleOptions, Task, job_key
from eventatlas.scale.perdoc import run_chunk, settle_worker
from eventatlas.scale.workers import WorkerPool
from eventatlas.settings import Settings, load_settings
from eventatlas.stages.acquire import acquire
from eventatlas.store import open_store


def _raws(settings: Settings, docs: int) -> list[RawDocument]:
    base = [r for r in acquire(corpus_inputs(), settings.acquire) if isinstance(r, RawDocument)]
    return [base[n % len(base)].model_copy(update={"source": f"{base[n % len(base)].source}#{n}"})
            for n in range(docs)]


def _pool_run(settings: Settings, raws: list[RawDocument], workers: int
              ) -> tuple[float, float, int]:
    """(seconds for all, worker start-up included; seconds to first result; analyses)."""
    tasks = [Task(i, job_key(r), r) for i, r in enumerate(raws)]
    options = ScaleOptions(workers=workers, chunk_size=settings.annotate.batch_size)
    start = time.perf_counter()
    with WorkerPool(settings, options) as pool:
        outcomes = pool.run(tasks)
        next(outcomes)
        first_s = time.perf_counter() - start
        good = 1 + sum(isinstance(o.item, Analysis) for o in outcomes)
    return time.perf_counter() - start, first_s, good



def _chunked(pipeline: Pipeline, raws: list[RawDocument]) -> list[object]:
    """The per-document function the engines run, chunk by chunk, in this process."""
    size = pipeline.settings.annotate.batch_size
    return [item for lo in range(0, len(raws), size)
            for item in run_chunk(pipeline, raws[lo:lo + size])]


def _kill_and_resume(copies: int, settings: Settings) -> str:
    with tempfile.TemporaryDirectory(prefix="eventatlas-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        pages = sorted(p for part in ("html", "text") for p in (corpus_path() / part).iterdir())
        for n in range(copies):
            page = pages[n % len(pages)]
            (corpus / f"{n:04d}-{page.name}").write_bytes(page.read_bytes())
        reference = root / "reference.db"
        with open_store(str(reference)) as store:
            ingest([str(corpus)], settings, store, options=ScaleOptions(workers=2))
            update(store)  # the CLI fuses after ingesting; so must the reference
        db = root / "killed.db"
        script = ("import typer; from eventatlas.cli.ingest_cmd import ingest; "
                  "typer.run(ingest)")
        cmd = [sys.executable, "-c", script, str(corpus), "--db", str(db), "--workers", "2"]
        proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while jobs_finished(db) < copies // 3 and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = jobs_finished(db)
        if killed_at >= copies:
            return ("kill-and-resume: NOT TESTED (the run ended before the kill; "
                    "raise --kill-docs)")
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        resume_s = time.perf_counter() - start
        ours, theirs = snapshot(str(db)), snapshot(str(reference))
        differ = sorted(t for t in ours if ours[t] != theirs.get(t))
        return (f"kill-and-resume: killed after {killed_at}/{copies} documents; resume took "
                f"{resume_s:.1f} s (incl. worker start); store equal to uninterrupted run: "
                + ("yes" if not differ else f"NO (tables differing: {', '.join(differ)})"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=512)
    parser.add_argument("--kill-docs", type=int, default=48)
    args = parser.parse_args()
    settings = load_settings()
    raws = _raws(settings, args.docs)

    pipeline = Pipeline(settings)
    list(pipeline.run(raws[:4]))  # warm: lazy loads belong to time to first result, below
    settle_worker(pipeline)  # as each worker does
    inline = measure(pipeline, raws, run=_chunked)  # alternating with bare spaCy: see ratio.py
    spacy_s, inline_s = inline.spacy_s, inline.full_s
    del pipeline
    one_s, first_s, _ = _pool_run(settings, raws, 1)
    two_s, _, good = _pool_run(settings, raws, 2)
    n = len(raws)
    print(f"documents: {n} ({good} analysed); bare spaCy nlp.pipe {n / spacy_s:.1f} "
          f"docs/s")
    for label, secs in (("in process", inline_s), ("1 worker", one_s), ("2 workers", two_s)):
        print(f"whole pipeline, {label}: {n / secs:.1f} docs/s = {spacy_s / secs:.2f} of bare "
              f"spaCy" + (" (incl. worker start-up)" if "worker" in label else ""))
    print(f"whole pipeline, in process, in CPU time: {inline.cpu:.2f} of bare spaCy "
          f"({inline.spread}); time inside its own nlp.pipe {inline.inside:.2f}")
    print(f"speed-up 1 -> 2 workers: {one_s / two_s:.2f}x on {os.cpu_count()} cores")
    print(f"time to first result (1 worker, cold: spawn + model + gazetteer): {first_s:.2f} s")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MB, largest worker {child:.0f} MB")
    print(_kill_and_resume(args.kill_docs, settings))


if __name__ == "__main__":
    main()
