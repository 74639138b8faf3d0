"""eventatlas command line. Each command is a thin shell over a library call."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from eventatlas import __version__
from eventatlas.cli.output import error_console, plain, report_failures, safe, write_stdout
from eventatlas.errors import EventAtlasError
from eventatlas.model import Analysis, Failure
from eventatlas.settings import Settings, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="eventatlas: who did what to whom, where, when, and how sure we are.")

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML settings file.")]
DbOpt = Annotated[Optional[str], typer.Option("--db", help="Store URL or SQLite path "
                                              "(default ./eventatlas.db).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f",
                                        help="table | json | csv | geojson | acled | plover | "
                                             "parquet (with --out)")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", help="file for --format parquet")]


def _settings(config: Path | None, db: str | None = None) -> Settings:
    overrides = {"store": {"url": db}} if db else {}
    return load_settings(config, **overrides)


def _fail(message: str, code: int = 1) -> typer.Exit:
    error_console().print(f"error: {safe(message)}")
    return typer.Exit(code)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def version() -> None:
    """Print the version. Example: eventatlas version"""
    write_stdout(__version__)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs or -.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | table")] = "json",
    until: Annotated[Optional[str], typer.Option(help="extract | annotate | actors | places "
                                                 "| events")] = None,
    config: ConfigOpt = None,
) -> None:
    """Analyse documents without storing them; one JSON object per input document.

    Example: eventatlas extract page.html --format json
    """
    from eventatlas.batch import analyse
    from eventatlas.cli.tables import analysis_table

    if fmt not in {"json", "jsonl", "table"}:
        raise _fail(f"unknown format {fmt!r} (json, jsonl, table)", 2)
    try:
        settings = _settings(config)
        items = list(analyse(paths, settings, until=until))  # type: ignore[arg-type]
    except (EventAtlasError, ValueError) as exc:
        raise _fail(str(exc), 2) from exc
    good = [i for i in items if isinstance(i, Analysis)]
    failures = [i for i in items if isinstance(i, Failure)]
    if fmt == "jsonl":
        for item in good:
            write_stdout(json.dumps(item.contract(), ensure_ascii=False))
    elif fmt == "json":
        payload = [i.contract() for i in good]
        if payload:
            write_stdout(json.dumps(payload[0] if len(payload) == 1 else payload,
                                    ensure_ascii=False, indent=2))
    else:
        console = Console(highlight=False)
        for item in good:
            console.print(analysis_table(item))
    report_failures(failures)
    if failures and not good:
        raise typer.Exit(1)


def _render(kind: str, rows: list, fmt: str,  # type: ignore[type-arg]
            path: Path | None = None) -> None:
    from eventatlas.errors import UnknownFormat
    from eventatlas.export import render
    from eventatlas.export_more import write_parquet

    if fmt == "parquet":
        if path is None:
            raise _fail("--format parquet needs --out FILE", 2)
        count = write_parquet(rows, path, kind)
        error_console().print(f"{count} {kind} written to {safe(str(path))}")
        return
    try:
        out = render(rows, fmt, kind)  # type: ignore[arg-type]
    except UnknownFormat as exc:
        raise _fail(str(exc), 2) from exc
    if isinstance(out, str):
        write_stdout(out)
    else:
        Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(out)


@app.command()
def events(
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    since: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD")] = None,
    type: Annotated[Optional[str], typer.Option(help="ACLED event type")] = None,
    actor: Annotated[Optional[str], typer.Option(help="name or alias substring")] = None,
    place: Annotated[Optional[str], typer.Option(help="place name substring or id")] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO 3166 alpha-2")] = None,
    certainty: Annotated[Optional[list[str]], typer.Option(help="repeatable")] = None,
    historical: Annotated[bool, typer.Option("--historical/--current",
                                             help="include background events")] = False,
    with_actor: Annotated[bool, typer.Option(help="only events naming at least one actor")]
    = False,
    limit: int = 200,
    out: OutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List stored events. Example: eventatlas events --actor Saleh --format geojson"""
    from datetime import date

    from pydantic import ValidationError

    from eventatlas.store import EventFilter, open_store

    try:
        filters = EventFilter(
            since=date.fromisoformat(since) if since else None,
            until=date.fromisoformat(until) if until else None,
            type=type, actor=actor, place=place, country=country,
            certainty=tuple(certainty or ()), include_historical=historical,
            with_actor=with_actor)
    except (ValueError, ValidationError) as exc:
        raise _fail(f"bad filter: {plain(str(exc)).splitlines()[0]}", 2) from exc
    with open_store(_settings(config, db).store.url) as store:
        _render("events", store.events(filters, limit=limit), fmt, out)


@app.command()
def actors(db: DbOpt = None, fmt: FormatOpt = "table",
           name: Annotated[Optional[str], typer.Option(help="name or alias substring")] = None,
           kind: Annotated[Optional[str], typer.Option(help="person, armed_group, ...")] = None,
           limit: int = 200, config: ConfigOpt = None) -> None:
    """List stored actors with aliases and mention counts. Example: eventatlas actors"""
    from eventatlas.store import ActorFilter, open_store

    with open_store(_settings(config, db).store.url) as store:
        _render("actors", store.actors(ActorFilter(name=name, kind=kind), limit=limit), fmt)


@app.command()
def places(db: DbOpt = None, fmt: FormatOpt = "table",
           name: Annotated[Optional[str], typer.Option(help="name substring")] = None,
           country: Annotated[Optional[str], typer.Option(help="ISO 3166 alpha-2")] = None,
           limit: int = 200, config: ConfigOpt = None) -> None:
    """List stored places with event counts. Example: eventatlas places --format geojson"""
    from eventatlas.store import PlaceFilter, open_store

    with open_store(_settings(config, db).store.url) as store:
        _render("places", store.places(PlaceFilter(name=name, country=country), limit=limit),
                fmt)


@app.command()
def stories(db: DbOpt = None,
            fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
            config: ConfigOpt = None) -> None:
    """Cross-source stories: documents and fused events per real-world happening.

    Example: eventatlas stories --format json
    """
    from eventatlas.cli.stories import stories_json, stories_table
    from eventatlas.store import open_store

    if fmt not in {"table", "json"}:
        raise _fail(f"unknown format {fmt!r} (table, json)", 2)
    with open_store(_settings(config, db).store.url) as store:
        if fmt == "json":
            write_stdout(json.dumps(stories_json(store), ensure_ascii=False, indent=2))
        else:
            Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(
                stories_table(store))


@app.command()
def failures(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """List inputs that failed, with stage and reason. Example: eventatlas failures"""
    from eventatlas.store import open_store

    console = Console(highlight=False)
    with open_store(_settings(config, db).store.url) as store:
        for row in store.failures():
            console.print(safe(f"{row.source}: {row.stage} failed: {row.reason} "
                               f"({row.detail}) ×{row.count}"))


@app.command()
def demo(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Ingest the bundled sample corpus into the store and print its events that name an
    actor, who held which place over time (hand-overs marked →) and where the sources
    contradict each other.

    Example: eventatlas demo
    """
    from eventatlas.cli.ingest_cmd import ingest
    from eventatlas.cli.stories import situation
    from eventatlas.demo import corpus_inputs
    from eventatlas.store import open_store

    ingest(corpus_inputs(), db=db, config=config)
    events(db=db, fmt="table", since=None, until=None, type=None, actor=None, place=None,
           country=None, certainty=None, historical=False, with_actor=True, limit=200, out=None,
           config=config)
    error_console().print("(events naming at least one actor; `eventatlas events` lists all)")
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    with open_store(_settings(config, db).store.url) as store:
        for table in situation(store):
            console.print(table)


@app.command(name="eval")
def evaluate(
    suite: Annotated[str, typer.Argument(help="extraction | places | events | actors")],
    data: Annotated[Path, typer.Option(help="evaluation data directory")] = Path("../shared/eval"),
    limit: Annotated[Optional[int], typer.Option(help="score only the first N items")] = None,
    check: Annotated[bool, typer.Option(help="fail when a score is below its baseline floor")]
    = False,
    update_baseline: Annotated[bool, typer.Option(help="write these scores as the new floors")]
    = False,
    allow_lower: Annotated[bool, typer.Option(help="let --update-baseline lower a floor")]
    = False,
) -> None:
    """Score a stage on annotated data and print precision / recall / F1.

    Example: eventatlas eval extraction --data ../shared/eval
    """
    from eventatlas.evaluate.gate import GateError, check_floors, update_floors
    from eventatlas.evaluate.suites import SUITES, run_suite

    if suite not in SUITES:
        raise _fail(f"unknown suite {suite!r} (known: {', '.join(SUITES)})", 2)
    if not data.is_dir():
        raise _fail(f"evaluation data not found at {data}", 2)
    result = run_suite(suite, data, limit)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    console.print(result.table())
    try:
        if update_baseline:
            update_floors(result, data, allow_lower=allow_lower)
        elif check:
            for line in check_floors(result, data):
                console.print(safe(line))
    except GateError as exc:
        raise _fail(str(exc), 1) from exc


def _register_commands() -> None:
    from eventatlas.cli.ingest_cmd import ingest
    from eventatlas.cli.report import report
    from eventatlas.cli.serve import serve

    app.command()(ingest)
    app.command()(serve)
    app.command()(report)


_register_commands()

gazetteer_app = typer.Typer(help="The place gazetteer: extend it with a GeoNames dump.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("load")
def gazetteer_load(
    path: Annotated[Path, typer.Argument(help="GeoNames allCountries.txt or a country file")],
    config: ConfigOpt = None,
) -> None:
    """Merge a GeoNames dump into the cached gazetteer (villages, passes, rivers...).

    Load it again after an upgrade: a new index version is built without it.
    Example: eventatlas gazetteer load AF.txt
    """
    from eventatlas.errors import BadDumpFile
    from eventatlas.stages.geonames_dump import load_dump

    try:
        added = load_dump(path, _settings(config).places)
    except BadDumpFile as exc:
        raise _fail(str(exc), 1) from exc
    error_console().print(f"{added} place(s) added to the gazetteer from {safe(str(path))}")


def main() -> None:
    try:
        app()
    except EventAtlasError as exc:
        error_console().print(f"error: {safe(str(exc))}")
        sys.exit(2)


if __name__ == "__main__":
    main()
