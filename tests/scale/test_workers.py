"""Worker processes, time limits, retries and kill-and-resume give the store an uninterrupted,
single-process run gives."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import FaultyPipeline
from snap import jobs_finished, snapshot

from eventatlas.batch import ingest
from eventatlas.scale import ScaleOptions
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings
from eventatlas.store import open_store

pytestmark = pytest.mark.slow

GOOD = ("Rebel fighters of the Northern Hills Front seized the river town of Kunduz on Tuesday "
        "after two days of heavy fighting with government troops, local officials said. At least "
        "12 soldiers were killed in the battle, a hospital official said.\n")


def _run(corpus: Path, db: Path, settings: Settings, **options: object) -> None:
    with open_store(str(db)) as store:
        ingest([str(corpus)], settings, store, options=ScaleOptions(**options))  # type: ignore[arg-type]


def test_two_workers_fill_the_store_exactly_as_one_worker(small_corpus: Path,
                                                           settings: Settings,
                                                           tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    _run(small_corpus, one, settings, workers=1, chunk_size=4)
    _run(small_corpus, two, settings, workers=2, chunk_size=4)
    first, second = snapshot(str(one)), snapshot(str(two))
    assert len(first["documents"]) >= 20 and first["events"]
    assert first == second


def test_rerun_skips_settled_documents_and_changes_nothing(small_corpus: Path,
                                                           settings: Settings,
                                                           services: Services,
                                                           tmp_path: Path) -> None:
    from eventatlas.pipeline import Pipeline

    db = tmp_path / "again.db"
    pipeline = Pipeline(settings, services)
    with open_store(str(db)) as store:
        first = ingest([str(small_corpus)], settings, store, pipeline=pipeline)
        before = snapshot(str(db))
        second = ingest([str(small_corpus)], settings, store, pipeline=pipeline)
    assert first.inserted >= 20 and first.skipped == 0
    assert second.inserted == second.replaced == 0
    assert second.skipped == first.documents + len(first.failures)
    assert [f.reason for f in second.failures] == [f.reason for f in first.failures] == ["empty"]
    assert snapshot(str(db)) == before


def _faulty_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "faulty"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text(GOOD)
    (corpus / "b-hang.txt").write_text(GOOD + "HANG-FOREVER\n")
    (corpus / "c-flaky.txt").write_text(GOOD + f"FLAKY:{tmp_path / 'flaky.marker'}\n")
    return corpus


def _jobs(db: Path) -> dict[str, tuple[str, str | None, int]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select source, state, reason, attempts from ingest_jobs").fetchall()
    return {Path(src).name: (state, reason, attempts) for src, state, reason, attempts in rows}


def test_in_process_time_limit_and_retry(settings: Settings, services: Services,
                                         tmp_path: Path) -> None:
    corpus, db = _faulty_corpus(tmp_path), tmp_path / "inline.db"
    options = ScaleOptions(workers=0, doc_timeout_s=3, max_attempts=2, backoff_s=0.05,
                           chunk_size=4)
    started = time.monotonic()
    with open_store(str(db)) as store:
        report = ingest([str(corpus)], settings, store, options=options,
                        pipeline=FaultyPipeline(settings, services))
    assert time.monotonic() - started < 60
    assert _jobs(db) == {"a-good.txt": ("done", None, 1),
                         "b-hang.txt": ("failed", "parse_timeout", 2),
                         "c-flaky.txt": ("done", None, 2)}
    assert [f.reason for f in report.failures] == ["parse_timeout"]
    assert report.inserted == 2


def test_worker_over_time_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    # Extraction only: a replaced worker is ready in a second, the scheduling is what is tested.
    settings = load_settings(pipeline={"stages": ["eventatlas.extract.v1"]})
    corpus, db = _faulty_corpus(tmp_path), tmp_path / "workers.db"
    (corpus / "d-crash.txt").write_text(GOOD + "CRASH-WORKER\n")
    (corpus / "e-good.txt").write_text(GOOD.replace("Kunduz", "Taloqan"))
    with open_store(str(db)) as store:
        report = ingest([str(corpus)], settings, store, factory=FaultyPipeline,
                        options=ScaleOptions(workers=2, doc_timeout_s=3, max_attempts=2,
                                             backoff_s=0.05, chunk_size=2))
    jobs = _jobs(db)
    assert jobs["b-hang.txt"] == ("failed", "parse_timeout", 2)
    assert jobs["d-crash.txt"][:2] == ("failed", "worker_crashed")
    assert jobs["c-flaky.txt"] == ("done", None, 2)
    assert jobs["a-good.txt"][0] == jobs["e-good.txt"][0] == "done"
    assert report.inserted == 3


# -- kill and resume -------------------------------------------------------------------------

CLI = ("import typer; from eventatlas.cli.ingest_cmd import ingest; typer.run(ingest)")



def _cli(corpus: Path, db: Path, config: Path) -> list[str]:
    return [sys.executable, "-c", CLI, str(corpus), "--db", str(db), "--workers", "2",
            "--config", str(config)]


def test_killed_batch_resumes_to_the_same_store(small_corpus: Path, services: Services,
                                                tmp_path: Path) -> None:
    config = tmp_path / "small-batches.toml"
    config.write_text("[annotate]\nbatch_size = 4\n")
    settings = load_settings(config)
    reference = tmp_path / "reference.db"
    with open_store(str(reference)) as store:
        from eventatlas.fuse.run import update
        from eventatlas.pipeline import Pipeline

        ingest([str(small_corpus)], settings, store, pipeline=Pipeline(settings, services))
        update(store)  # the CLI fuses after ingesting; fusion is one transaction
    total = len(snapshot(str(reference))["ingest_jobs"])

    db = tmp_path / "killed.db"
    proc = subprocess.Popen(_cli(small_corpus, db, config), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while jobs_finished(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-flight
    proc.wait()
    interrupted = jobs_finished(db)
    assert 0 < interrupted < total, "the kill came too late to test anything"

    resumed = subprocess.run(_cli(small_corpus, db, config), capture_output=True, text=True,
                             timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert snapshot(str(db)) == snapshot(str(reference))


def test_a_settled_worker_keeps_its_loaded_objects_out_of_collections() -> None:
    # in a child process: freezing is for processes that only run the pipeline
    code = ("import gc\n"
            "from eventatlas.pipeline import Pipeline\n"
            "from eventatlas.scale.perdoc import settle_worker\n"
            "from eventatlas.settings import load_settings\n"
            "from eventatlas.model import RawDocument, Analysis\n"
            "p = Pipeline(load_settings(), until='extract')\n"
            "before = gc.get_freeze_count()\n"
            "settle_worker(p)\n"
            "raw = RawDocument(source='a.txt', content=b'Rain fell on the city. ' * 20,"
            " kind='text')\n"
            "print(before, gc.get_freeze_count(), isinstance(next(p.run([raw])), Analysis))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out[0] == "0" and int(out[1]) > 10_000 and out[2] == "True"
