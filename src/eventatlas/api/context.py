"""What every request handler may use: the store, the options, keys, the ingest pipeline."""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel

from eventatlas.services import Services
from eventatlas.settings import Settings
from eventatlas.store import Store

if TYPE_CHECKING:
    from eventatlas.pipeline import Pipeline

log = logging.getLogger(__name__)

KEY_HEADER = "X-API-Key"


class ApiOptions(BaseModel, frozen=True):
    """How the API guards itself. ``api_key`` None disables every write."""

    api_key: str | None = None
    public_reads: bool = True  # False: reads need the key too
    rate_limit_per_minute: int | None = 1200  # per client address; None: no limit
    rate_limit_burst: int | None = None
    max_body_bytes: int = 2_000_000
    serve_web: bool = True


class CountCache:
    """Recent listing totals by query, for ``ttl_s`` seconds (counting is a full scan);
    cleared whenever the API writes. Bounded, thread-safe, one per application."""

    def __init__(self, ttl_s: float = 30.0, size: int = 512) -> None:
        self.ttl_s = ttl_s
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def get(self, key: str) -> int | None:
        with self._lock:
            found = self._items.get(key)
            if found is None or time.monotonic() - found[0] > self.ttl_s:
                return None
            return found[1]

    def put(self, key: str, value: int) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass
class ApiContext:
    settings: Settings
    store: Store
    options: ApiOptions
    services: Services | None = None
    _pipeline: Pipeline | None = field(default=None, init=False)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    counts: CountCache = field(default_factory=CountCache, init=False)

    def pipeline(self) -> Pipeline:
        """The ingest pipeline, built on first use (loads the NLP model); hold ingest_lock."""
        if self._pipeline is None:
            from eventatlas.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings, self.services)
        return self._pipeline


def get_context(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ApiContext, Depends(get_context)]


def _presented_key(request: Request) -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key:
        return key
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _check_key(request: Request, expected: str) -> None:
    presented = _presented_key(request)
    if presented is None:
        raise HTTPException(401, f"an API key is required: send it in the {KEY_HEADER} header",
                            headers={"WWW-Authenticate": "ApiKey"})
    if not hmac.compare_digest(presented.encode(), expected.encode()):
        raise HTTPException(403, "the API key is not valid")


def require_write_key(request: Request, ctx: Ctx) -> None:
    """401 without a key, 403 with a wrong one, 403 when the server has writes disabled."""
    if ctx.options.api_key is None:
        raise HTTPException(403, "writes are disabled: the server was started without an API key")
    _check_key(request, ctx.options.api_key)


def require_read_access(request: Request, ctx: Ctx) -> None:
    """Reads are public unless the server was started with ``public_reads=False``."""
    if not ctx.options.public_reads and ctx.options.api_key is not None:
        _check_key(request, ctx.options.api_key)
