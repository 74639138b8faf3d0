"""``eventatlas serve``: the REST API and the web map on one local port.

Registered in cli/main.py with ``app.command()(serve)``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from eventatlas.cli.output import error_console, safe
from eventatlas.errors import EventAtlasError
from eventatlas.settings import load_settings

log = logging.getLogger(__name__)

KEY_ENV = "EVENTATLAS_API_KEY"


def serve(
    db: Annotated[str | None, typer.Option("--db", help="Store URL or SQLite path.")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    api_key: Annotated[str | None, typer.Option(
        "--api-key", envvar=KEY_ENV,
        help=f"Key that writes (ingest) require; also read from ${KEY_ENV}. Unset: no writes.",
    )] = None,
    keyed_reads: Annotated[bool, typer.Option(help="Require the key for reads too.")] = False,
    rate_limit: Annotated[int, typer.Option(help="Requests per minute per client; 0: none.",
                                            min=0)] = 1200,
    max_body: Annotated[int, typer.Option(help="Largest request body in bytes.",
                                          min=1024)] = 2_000_000,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")]
    = None,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the web map/timeline at /.

    Example: eventatlas serve --db eventatlas.db --port 8000 --api-key s3cret
    """
    import uvicorn

    from eventatlas.api import ApiOptions, create_app

    try:
        settings = load_settings(config, **({"store": {"url": db}} if db else {}))
        options = ApiOptions(public_reads=not keyed_reads, max_body_bytes=max_body,
                             rate_limit_per_minute=rate_limit or None)
        app = create_app(settings, settings.store.url, api_key=api_key or None, options=options)
    except EventAtlasError as exc:
        error_console().print(f"error: {safe(str(exc))}")
        raise typer.Exit(2) from exc
    if keyed_reads and not api_key:
        error_console().print("warning: --keyed-reads without a key leaves reads public")
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: anyone who can reach it can read the store", host)
    uvicorn.run(app, host=host, port=port, log_level="info")
