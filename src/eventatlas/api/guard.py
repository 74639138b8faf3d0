"""Request guards as one ASGI middleware: rate limit, request size limit, security headers.

The rate limiter is a token bucket per client address, held by the middleware instance (one
per application), never in module state. Every response carries a Content-Security-Policy
that allows scripts only from the page's own origin, so markup that slipped into article
text could not run even if it were ever inserted as HTML.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_MAX_CLIENTS = 10_000


class TokenBucket:
    """``rate`` requests per minute per client, with bursts up to ``burst``; thread-safe."""

    def __init__(self, per_minute: int, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 4))
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds to wait before retrying."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > _MAX_CLIENTS:
                self._buckets.popitem(last=False)
        return wait


class Guard:
    """Wraps the app: 429 over the rate, 413 over the size limit, headers on every response."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int,
                 limiter: TokenBucket | None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.limiter is not None and scope["path"].startswith("/api/"):
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.limiter.take(str(client))
            if wait > 0:
                await _reply(send, 429, "too many requests: slow down and retry later",
                             [(b"retry-after", str(max(1, round(wait))).encode())])
                return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _reply(send, 413, f"request body over {self.max_body_bytes} bytes")
            return
        await self.app(scope, self._limited(receive), _with_headers(send))

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return wrapped


class BodyTooLarge(Exception):
    """A chunked body grew past the limit; the app turns this into 413."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"request body over {limit} bytes")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
            message["headers"] = headers
        await send(message)

    return wrapped


async def _reply(send: Send, status: int, message: str,
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": message}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS, *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
