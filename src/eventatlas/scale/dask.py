"""The per-document pipeline on a Dask cluster, over shards of the input.

A shard is one WARC or JSONL file, or a run of ``shard_docs`` other files. Each Dask worker
loads the pipeline once (a worker plugin) and runs :func:`~eventatlas.scale.perdoc.run_guarded`
over its shards, under the same per-document time limit and retries as a local run: a document
that hangs becomes a ``parse_timeout`` failure and the shard goes on. Results go either

- to Parquet partitions (``sink="parquet"``, the default): one file per shard, written
  atomically, merged afterwards into the store by this process in shard order — the same order
  and the same single writer as a local run, so the store comes out the same; a partition
  already on disk is not computed again, so an interrupted run resumes; or
- straight to the store (``sink="store"``): each task writes its shard through the job ledger;
  meant for PostgreSQL, where writers are serialised per transaction.

Nothing here schedules work across machines: Dask does.

Example::

    report = ingest_dask(["cc-news/*.warc.gz"], settings, store,
                         DaskOptions(scheduler="tcp://10.0.0.5:8786"))
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from eventatlas.batch import IngestReport
from eventatlas.errors import ScaleError
from eventatlas.model import Analysis, Failure
from eventatlas.pipeline import Pipeline
from eventatlas.scale.jobs import JobKey, JobLedger, config_hash, job_key
from eventatlas.scale.perdoc import (
    Outcome,
    PipelineFactory,
    ScaleOptions,
    Task,
    run_guarded,
    warm,
)
from eventatlas.settings import Settings
from eventatlas.stages.acquire import JSONL_SUFFIXES, WARC_SUFFIXES, acquire, expand
from eventatlas.store import Store, open_store

log = logging.getLogger(__name__)

_PLUGIN = "eventatlas-pipeline"
Sink = Literal["parquet", "store"]


@dataclass(frozen=True)
class DaskOptions:
    scheduler: str | None = None  # an address; None starts a local cluster
    n_workers: int = 2  # local cluster only
    processes: bool = True  # local cluster: worker processes (False: threads, one process)
    sink: Sink = "parquet"
    parts_dir: str | None = None  # Parquet partitions; default: a temporary directory
    shard_docs: int = 64  # plain files per shard
    scale: ScaleOptions = field(default_factory=ScaleOptions)  # doc_timeout_s holds per document
    factory: PipelineFactory = Pipeline  # what each worker runs (tests inject faults here)


def plan_shards(paths: Iterable[str], shard_docs: int = 64) -> list[tuple[str, ...]]:
    """The input files grouped into shards, in input order (archives alone)."""
    shards: list[tuple[str, ...]] = []
    run: list[str] = []
    for spec in expand(paths):
        if spec.lower().endswith(WARC_SUFFIXES + JSONL_SUFFIXES):
            if run:
                shards.append(tuple(run))
                run = []
            shards.append((spec,))
            continue
        run.append(spec)
        if len(run) >= shard_docs:
            shards.append(tuple(run))
            run = []
    if run:
        shards.append(tuple(run))
    return shards


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin holding one pipeline per worker, loaded at worker set-up."""

    name = _PLUGIN

    def __init__(self, settings: Settings, factory: PipelineFactory = Pipeline) -> None:
        self.settings = settings
        self.factory = factory
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        self.pipeline = self.factory(self.settings)
        warm(self.pipeline)

    def teardown(self, worker: Any) -> None:
        self.pipeline = None


def _worker_pipeline(settings: Settings) -> Pipeline:
    try:
        plugin = get_worker().plugins[_PLUGIN]
    except (ValueError, KeyError):
        return Pipeline(settings)  # not on a worker with the plugin (e.g. a local test call)
    assert isinstance(plugin, PipelinePlugin) and plugin.pipeline is not None
    return plugin.pipeline


def _shard_outcomes(shard: tuple[str, ...], settings: Settings, scale: ScaleOptions
                    ) -> Iterator[Outcome]:
    pipeline = _worker_pipeline(settings)
    batch: list[Task] = []
    for seq, item in enumerate(acquire(shard, settings.acquire)):
        batch.append(Task(seq, job_key(item), item))
        if len(batch) >= scale.chunk_size:
            yield from run_guarded(pipeline, batch, scale)
            batch = []
    if batch:
        yield from run_guarded(pipeline, batch, scale)


def shard_name(index: int, shard: tuple[str, ...]) -> str:
    digest = hashlib.sha256("\x1f".join(shard).encode("utf-8")).hexdigest()[:12]
    return f"shard-{index:06d}-{digest}.parquet"


def process_shard_to_parquet(index: int, shard: tuple[str, ...], settings: Settings,
                             scale: ScaleOptions, parts_dir: str) -> str:
    """Run one shard; write its results as a Parquet partition (kept if already there)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(parts_dir) / shard_name(index, shard)
    if target.exists():
        return str(target)
    rows: dict[str, list[Any]] = {"seq": [], "source": [], "content_hash": [], "kind": [],
                                  "payload": [], "attempts": []}
    for out in _shard_outcomes(shard, settings, scale):
        rows["seq"].append(out.seq)
        rows["source"].append(out.key.source)
        rows["content_hash"].append(out.key.content_hash)
        rows["kind"].append("analysis" if isinstance(out.item, Analysis) else "failure")
        rows["payload"].append(out.item.model_dump_json(exclude={"annotation"}))
        rows["attempts"].append(out.attempts)
    fd, tmp = tempfile.mkstemp(dir=parts_dir, suffix=".tmp")
    os.close(fd)
    pq.write_table(pa.table(rows), tmp)
    os.replace(tmp, target)  # atomic: a partition is whole or absent
    return str(target)


def process_shard_to_store(shard: tuple[str, ...], settings: Settings, scale: ScaleOptions,
                           store_url: str) -> IngestReport:
    """Run one shard and write it straight to the store through the job ledger."""
    report = IngestReport()
    with open_store(store_url) as store:
        ledger = JobLedger(store.engine, config_hash(settings))
        for out in _shard_outcomes(shard, settings, scale):
            if ledger.is_settled(ledger.lookup([out.key]).get(out.key)):
                report.skipped += 1
                report.unchanged += 1
                continue
            _merge_one(ledger, out.key, out.item, out.attempts, report)
    return report


def _merge_one(ledger: JobLedger, key: JobKey, item: Analysis | Failure, attempts: int,
               report: IngestReport) -> None:
    stored = ledger.commit(key, item, attempts)
    if isinstance(stored, Failure):
        report.failures.append(stored)
    else:
        setattr(report, stored.status, getattr(report, stored.status) + 1)
        report.events += stored.events


def merge_partition(path: str, ledger: JobLedger, report: IngestReport) -> None:
    """Write one partition's results into the store, skipping jobs already settled."""
    import pyarrow.parquet as pq

    table = pq.read_table(path).sort_by("seq").to_pylist()
    keys = [JobKey(r["source"], r["content_hash"]) for r in table]
    jobs = ledger.lookup(keys)
    for key, row in zip(keys, table, strict=True):
        if ledger.is_settled(jobs.get(key)):
            report.skipped += 1
            report.unchanged += 1
            continue
        item: Analysis | Failure = (Analysis.model_validate_json(row["payload"])
                                    if row["kind"] == "analysis"
                                    else Failure.model_validate_json(row["payload"]))
        _merge_one(ledger, key, item, int(row["attempts"]), report)


def _client(options: DaskOptions) -> tuple[Any, Any]:
    try:
        if options.scheduler:
            return Client(options.scheduler), None  # type: ignore[no-untyped-call]
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=options.n_workers, threads_per_worker=1, processes=options.processes,
            dashboard_address=None)
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ScaleError(f"cannot reach the Dask scheduler: {exc}") from exc


def ingest_dask(paths: Iterable[str], settings: Settings, store: Store,
                options: DaskOptions = DaskOptions()) -> IngestReport:
    """Ingest ``paths`` on a Dask cluster into ``store``; see the module docstring."""
    shards = plan_shards(paths, options.shard_docs)
    report = IngestReport()
    if not shards:
        return report
    client, cluster = _client(options)
    try:
        client.register_plugin(PipelinePlugin(settings, options.factory))
        if options.sink == "store":
            url = store.engine.url.render_as_string(hide_password=False)
            futures = client.map(process_shard_to_store, shards, settings=settings,
                                 scale=options.scale, store_url=url, pure=False)
            for part in client.gather(futures):
                _add(report, part)
            return report
        with _parts_dir(options.parts_dir) as parts:
            futures = client.map(process_shard_to_parquet, range(len(shards)), shards,
                                 settings=settings, scale=options.scale, parts_dir=parts,
                                 pure=False)
            ledger = JobLedger(store.engine, config_hash(settings))
            for future in futures:  # in shard order: the same writes, in the same order
                merge_partition(future.result(), ledger, report)
        return report
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class _parts_dir:
    def __init__(self, given: str | None) -> None:
        self._given = given
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> str:
        if self._given:
            Path(self._given).mkdir(parents=True, exist_ok=True)
            return self._given
        self._tmp = tempfile.TemporaryDirectory(prefix="eventatlas-parts-")
        return self._tmp.name

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def _add(report: IngestReport, part: IngestReport) -> None:
    report.inserted += part.inserted
    report.replaced += part.replaced
    report.unchanged += part.unchanged
    report.events += part.events
    report.skipped += part.skipped
    report.failures.extend(part.failures)
