"""``eventatlas ingest``: a thin shell over :func:`eventatlas.batch.ingest` and the Dask engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventatlas.cli.output import error_console, report_failures, safe
from eventatlas.errors import EventAtlasError
from eventatlas.settings import Settings, load_settings

if TYPE_CHECKING:
    from eventatlas.batch import IngestReport
    from eventatlas.store import Store

ENGINES = ("local", "dask")


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs or -.")],
    db: Annotated[str | None, typer.Option(
        "--db", help="Store URL or SQLite path (default ./eventatlas.db).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=0,
        help="Worker processes (default: one per core; 0: in this process).")] = None,
    engine: Annotated[str, typer.Option(help="local | dask")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); default: a local Dask cluster.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")]
    = None,
) -> None:
    """Analyse documents into the store; re-running adds nothing twice, a killed run resumes.

    Example: eventatlas ingest corpus/ archive.warc.gz --db eventatlas.db --workers 4
    """
    from eventatlas.fuse.run import update
    from eventatlas.store import open_store

    if engine not in ENGINES:
        error_console().print(f"error: unknown engine {safe(engine)!r} (local, dask)")
        raise typer.Exit(2)
    n_workers = (os.cpu_count() or 1) if workers is None else workers
    try:
        settings = load_settings(config, **({"store": {"url": db}} if db else {}))
        with open_store(settings.store.url) as store:
            if engine == "dask":
                from eventatlas.scale.dask import DaskOptions, ingest_dask

                report = ingest_dask(
                    paths, settings, store,
                    DaskOptions(scheduler=scheduler, n_workers=max(1, n_workers)))
            else:
                report = _ingest_local(paths, settings, store, n_workers)
            fused = update(store, settings.fuse)
            store.optimize()
    except EventAtlasError as exc:
        error_console().print(f"error: {safe(str(exc))}")
        raise typer.Exit(2) from exc
    error_console().print(
        f"{report.documents} document(s): {report.inserted} new, {report.replaced} replaced, "
        f"{report.unchanged} unchanged; {report.events} event(s) written; "
        f"{len(report.failures)} failed")
    error_console().print(
        f"fused: {fused.stories} stories, {fused.fused_events} events, "
        f"{fused.contradictions} contradictions, {fused.control_periods} control periods")
    report_failures(report.failures)
    if report.failures and not report.documents:
        raise typer.Exit(1)


def _ingest_local(paths: list[str], settings: Settings, store: Store, workers: int
                  ) -> IngestReport:
    from eventatlas.batch import ingest as run_ingest
    from eventatlas.cli.progress import estimate_documents, progress_callback
    from eventatlas.scale.perdoc import ScaleOptions

    options = ScaleOptions(workers=workers, chunk_size=settings.annotate.batch_size)
    with progress_callback(estimate_documents(paths)) as on_item:
        return run_ingest(paths, settings, store, on_item=on_item, options=options)
