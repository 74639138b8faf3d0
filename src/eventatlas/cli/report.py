"""``eventatlas report``: a situation report for a date range, as Markdown or HTML.

Registered in cli/main.py with ``app.command()(report)``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from eventatlas.cli.output import error_console, safe, write_stdout
from eventatlas.errors import EventAtlasError
from eventatlas.settings import load_settings

log = logging.getLogger(__name__)


def report(
    since: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"],
                                            help="First day (YYYY-MM-DD).")],
    until: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"],
                                            help="Last day (YYYY-MM-DD).")],
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 code.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | html")] = "md",
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write into.")]
    = Path("reports"),
    db: Annotated[str | None, typer.Option("--db", help="Store URL or SQLite path.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")]
    = None,
) -> None:
    """Write a situation report (what happened, where, who, how sure, what changed) with a
    map image and an events-per-day plot.

    Example: eventatlas report --from 2021-08-15 --to 2021-09-15 --country AF --format html
    """
    from eventatlas.reports import build_report, write_report
    from eventatlas.store import open_store

    if fmt not in ("md", "html"):
        error_console().print(f"error: unknown format {safe(fmt)!s} (md, html)")
        raise typer.Exit(2)
    try:
        settings = load_settings(config, **({"store": {"url": db}} if db else {}))
        with open_store(settings.store.url) as store:
            built = build_report(store, since.date(), until.date(),
                                 country.upper() if country else None)
        paths = write_report(built, out, fmt)  # type: ignore[arg-type]
    except EventAtlasError as exc:
        error_console().print(f"error: {safe(str(exc))}")
        raise typer.Exit(2) from exc
    for path in paths:
        write_stdout(str(path))
