"""http(s) URLs: fetched politely with timeouts, a size limit and bounded redirects.

Every problem is a Failure naming the URL. Reasons: ``transient`` (timeouts, dropped
connections, HTTP 5xx, 408, 429 — worth retrying later), ``fetch_failed`` (other 4xx, a redirect
loop, too many redirects, a bad URL), ``too_large`` (the body is not read past ``max_bytes``;
a declared Content-Length over it is refused before reading) and ``not_text`` (an image, a
video, a PDF ... announced by Content-Type). A page that turns out to be an RSS/Atom feed is
expanded into its items by ``acquire_url``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import httpx

from eventatlas import __version__
from eventatlas.model import DateValue, Failure, RawDocument
from eventatlas.model.document import InputKind
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import charset_of
from eventatlas.stages.acquire_feed import declares_feed, looks_like_feed, read_feed

log = logging.getLogger(__name__)

USER_AGENT = f"eventatlas/{__version__} (+https://example.org/eventatlas; research crawler)"
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
MAX_REDIRECTS = 5
TOTAL_TIME_FACTOR = 3.0  # a whole fetch may take this many times the per-read timeout
TRANSIENT_STATUS = frozenset({408, 425, 429})  # besides every 5xx
BINARY_TYPES = ("image/", "audio/", "video/", "font/", "model/", "application/pdf",
                "application/zip", "application/gzip", "application/x-gzip",
                "application/vnd.", "application/msword", "application/x-tar",
                "application/x-7z-compressed", "application/wasm")


def _fail(url: str, reason: str, detail: str) -> Failure:
    return Failure(source=url, stage="acquire", reason=reason, detail=detail)


def kind_of(content_type: str) -> InputKind:
    """``html`` or ``text`` as the Content-Type announces it; ``unknown`` lets extract sniff."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if "html" in mime:
        return "html"
    return "text" if mime == "text/plain" else "unknown"


@dataclass(frozen=True)
class Fetched:
    """A successful GET: the body and what the server said about it."""

    url: str  # as asked for: the document's source
    final_url: str  # after redirects
    content: bytes
    content_type: str
    accessed: DateValue

    def to_raw(self) -> RawDocument:
        return RawDocument(source=self.url, content=self.content,
                           kind=kind_of(self.content_type),
                           encoding=charset_of(self.content_type), url=self.final_url,
                           accessed=self.accessed)


class HttpFetcher:
    """One polite HTTP client for many GETs (a feed's items). Use it as a context manager.

    Example: ``with HttpFetcher(AcquireSettings()) as http: raw = http.fetch(url)``.
    """

    def __init__(self, config: AcquireSettings,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._client = httpx.Client(
            timeout=config.http_timeout_s, follow_redirects=False, transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Language": "en"})

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Fetched | Failure:
        """GET ``url`` following at most MAX_REDIRECTS redirects; never raises for the URL."""
        deadline = time.monotonic() + TOTAL_TIME_FACTOR * self.config.http_timeout_s
        try:
            return self._follow(url, deadline)
        except httpx.TimeoutException as exc:
            return _fail(url, "transient", f"timeout after {self.config.http_timeout_s:g} s: "
                         f"{type(exc).__name__}")
        except httpx.NetworkError as exc:
            return _fail(url, "transient", f"network error: {exc or type(exc).__name__}")
        except httpx.RemoteProtocolError as exc:
            return _fail(url, "transient", f"connection dropped: {exc}")
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return _fail(url, "fetch_failed", str(exc) or type(exc).__name__)

    def fetch(self, url: str) -> RawDocument | Failure:
        """``get`` as a RawDocument (the access date is today's, basis ``fetch``)."""
        got = self.get(url)
        return got.to_raw() if isinstance(got, Fetched) else got

    def _follow(self, url: str, deadline: float) -> Fetched | Failure:
        seen = {url.split("#", 1)[0]}
        current = httpx.URL(url)
        for _ in range(MAX_REDIRECTS + 1):
            with self._client.stream("GET", current) as response:
                target = response.next_request
                if not response.is_redirect or target is None:
                    return self._read(url, response, deadline)
            key = str(target.url).split("#", 1)[0]
            if key in seen:
                return _fail(url, "fetch_failed", f"redirect loop at {key}")
            seen.add(key)
            log.debug("%s: redirected to %s", url, key)
            current = target.url
        return _fail(url, "fetch_failed", f"too many redirects (more than {MAX_REDIRECTS})")

    def _refusal(self, url: str, response: httpx.Response) -> Failure | None:
        """A Failure decided from the status line and headers alone, before the body."""
        status = response.status_code
        if status >= 400:
            transient = status >= 500 or status in TRANSIENT_STATUS
            return _fail(url, "transient" if transient else "fetch_failed",
                         f"HTTP {status} {response.reason_phrase}".strip())
        ctype = response.headers.get("content-type", "").lower()
        if ctype.startswith(BINARY_TYPES):
            return _fail(url, "not_text", f"Content-Type {ctype.split(';')[0]}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.config.max_bytes:
            return _fail(url, "too_large", f"Content-Length {declared} > limit "
                         f"{self.config.max_bytes}")
        return None

    def _read(self, url: str, response: httpx.Response, deadline: float) -> Fetched | Failure:
        refusal = self._refusal(url, response)
        if refusal is not None:
            return refusal
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.config.max_bytes:
                return _fail(url, "too_large", f"more than {self.config.max_bytes} bytes")
            if time.monotonic() > deadline:
                return _fail(url, "transient", "timeout: the body took longer than "
                             f"{TOTAL_TIME_FACTOR * self.config.http_timeout_s:g} s")
            chunks.append(chunk)
        today = datetime.now(UTC).date().isoformat()
        return Fetched(url=url, final_url=str(response.url), content=b"".join(chunks),
                       content_type=response.headers.get("content-type", ""),
                       accessed=DateValue(value=today, precision="day", basis="fetch"))


def fetch(url: str, config: AcquireSettings) -> RawDocument | Failure:
    """GET one page; any problem is a Failure naming the URL and the reason."""
    with HttpFetcher(config) as http:
        return http.fetch(url)


def acquire_url(url: str, config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    """The page at ``url``; or, when it is an RSS/Atom feed, each of its items."""
    with HttpFetcher(config) as http:
        got = http.get(url)
        if isinstance(got, Failure):
            yield got
        elif looks_like_feed(got.content) or declares_feed(url, got.content_type):
            yield from read_feed(url, got.content, http.fetch, base_url=got.final_url)
        else:
            yield got.to_raw()
