"""The Dask engine on a local cluster of two workers stores what the single-process run stores."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from faults import FaultyPipeline
from snap import snapshot

from eventatlas.batch import ingest
from eventatlas.pipeline import Pipeline
from eventatlas.scale import ScaleOptions
from eventatlas.scale.dask import DaskOptions, ingest_dask, plan_shards
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings
from eventatlas.store import open_store

pytest.importorskip("distributed")


def test_shards_keep_input_order_and_archives_alone(small_corpus: Path) -> None:
    shards = plan_shards([str(small_corpus)], shard_docs=8)
    flat = [p for shard in shards for p in shard]
    assert flat == sorted(flat)
    assert [s for s in shards if any(p.endswith((".warc.gz", ".jsonl")) for p in s)] == [
        (str(small_corpus / "c-archive.warc.gz"),), (str(small_corpus / "d-wire.jsonl"),)]
    assert max(len(s) for s in shards) == 8


@pytest.mark.slow
def test_local_dask_cluster_of_two_workers_gives_the_single_process_events(
        small_corpus: Path, settings: Settings, services: Services, tmp_path: Path) -> None:
    single, dask = tmp_path / "single.db", tmp_path / "dask.db"
    with open_store(str(single)) as store:
        ingest([str(small_corpus)], settings, store, pipeline=Pipeline(settings, services))
    parts = tmp_path / "parts"
    with open_store(str(dask)) as store:
        # processes=False: two Dask workers as threads of one process (two pipelines loaded).
        report = ingest_dask([str(small_corpus)], settings, store,
                             DaskOptions(n_workers=2, processes=False, shard_docs=6,
                                         parts_dir=str(parts)))
    assert report.inserted >= 20 and [f.reason for f in report.failures] == ["empty"]
    assert len(list(parts.glob("*.parquet"))) == len(plan_shards([str(small_corpus)], 6))
    ours, theirs = snapshot(str(dask)), snapshot(str(single))
    assert ours["events"] and ours["events"] == theirs["events"]
    assert ours == theirs


_REPORT = ("Militia fighters shelled a border village near the dam on Friday, and two farmers "
           "were wounded, the district governor told reporters on Saturday.\n")


@pytest.mark.slow
def test_dask_worker_records_a_hanging_document_as_timed_out_and_goes_on(
        tmp_path: Path) -> None:
    # Extraction only: what is tested is the time limit inside Dask's worker threads.
    settings = load_settings(pipeline={"stages": ["eventatlas.extract.v1"]})
    corpus = tmp_path / "faulty"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text(_REPORT)
    (corpus / "b-hang.txt").write_text(_REPORT + "HANG-FOREVER\n")
    (corpus / "c-good.txt").write_text(_REPORT.replace("Friday", "Sunday"))
    (corpus / "d-good.txt").write_text(_REPORT.replace("dam", "bridge"))
    options = DaskOptions(n_workers=2, processes=False, shard_docs=2, factory=FaultyPipeline,
                          scale=ScaleOptions(doc_timeout_s=2, max_attempts=2, backoff_s=0.05,
                                             chunk_size=2))
    started = time.monotonic()
    with open_store(str(tmp_path / "dask.db")) as store:
        report = ingest_dask([str(corpus)], settings, store, options)
    assert time.monotonic() - started < 90
    assert [(Path(f.source).name, f.stage, f.reason) for f in report.failures] == [
        ("b-hang.txt", "pipeline", "parse_timeout")]
    assert report.inserted == 3
    with sqlite3.connect(tmp_path / "dask.db") as conn:
        jobs = dict(conn.execute("select source, attempts from ingest_jobs").fetchall())
    assert {Path(src).name: n for src, n in jobs.items()}["b-hang.txt"] == 2  # retried once
