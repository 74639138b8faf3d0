"""The FastAPI application: routers, error answers, guards and the static web page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from eventatlas import __version__
from eventatlas.api.context import ApiContext, ApiOptions
from eventatlas.api.guard import BodyTooLarge, Guard, TokenBucket
from eventatlas.api.routes import entities, events, fusion, ingest
from eventatlas.errors import EventAtlasError, InvalidParameter, NotFound, StoreError
from eventatlas.services import Services
from eventatlas.settings import Settings
from eventatlas.store import open_store

log = logging.getLogger(__name__)

WEB_ROOT = Path(__file__).resolve().parent.parent / "web" / "static"


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "request"


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"parameter": _where(e.get("loc", ())), "message": str(e.get("msg", "")),
         "loc": list(e.get("loc", ())), "type": e.get("type")}
        for e in exc.errors()
    ]
    message = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
    return JSONResponse({"message": f"invalid request: {message}", "detail": errors}, 422)


def _invalid_parameter(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidParameter)
    detail = [{"parameter": exc.parameter, "message": exc.message,
               "loc": ["query", exc.parameter], "type": "value_error"}]
    return JSONResponse({"message": f"invalid request: {exc}", "detail": detail}, 422)


def _not_found(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, 404)


def _store_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("store error while serving a request: %s", exc)
    return JSONResponse({"detail": "the store could not answer; see the server log"}, 503)


def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, 400)


def _too_large(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BodyTooLarge)
    return JSONResponse({"detail": f"request body over {exc.limit} bytes"}, 413)


def _mount_web(app: FastAPI) -> None:
    index = WEB_ROOT / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_ROOT), name="static")


def create_app(settings: Settings, store_url: str, api_key: str | None = None, *,
               options: ApiOptions | None = None, services: Services | None = None) -> FastAPI:
    """The API over the store at ``store_url`` (opened and migrated now, closed on shutdown).

    ``api_key`` enables writes (ingest) for requests that present it; ``options`` tunes reads,
    rate and size limits. ``services`` lets a caller share an already loaded NLP model.
    Example: ``uvicorn.run(create_app(load_settings(), "eventatlas.db", api_key="k"))``.
    """
    opts = (options or ApiOptions()).model_copy(update={"api_key": api_key}) if api_key \
        else (options or ApiOptions())
    store = open_store(store_url)
    store.optimize(only_if_missing=True)
    ctx = ApiContext(settings=settings, store=store, options=opts, services=services)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="eventatlas", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Sourced, geocoded events: who did what to whom, where, when, "
                              "and how sure we are.")
    app.state.ctx = ctx
    for router in (events.router, entities.router, ingest.router, fusion.router):
        app.include_router(router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InvalidParameter, _invalid_parameter)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(EventAtlasError, _app_error)
    app.add_exception_handler(BodyTooLarge, _too_large)
    if opts.serve_web:
        _mount_web(app)
    limiter = (TokenBucket(opts.rate_limit_per_minute, opts.rate_limit_burst)
               if opts.rate_limit_per_minute else None)
    app.add_middleware(Guard, max_body_bytes=opts.max_body_bytes, limiter=limiter)
    return app
