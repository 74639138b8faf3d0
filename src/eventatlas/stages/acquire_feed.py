"""RSS / Atom feeds (feedparser): each item's page, or the item's own content when the page
cannot be fetched.

A feed is recognised by its content (an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root), or by a
``.rss`` / ``.atom`` / ``.rdf`` name or a feed Content-Type; one so named that cannot be read as
a feed is one Failure (``bad_feed``). Every item is one RawDocument or one Failure: a bad item
never stops the others.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from eventatlas.model import Failure, RawDocument

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".rdf")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_FEED_ROOT = re.compile(
    rb"(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<\?[^>]*\?>)*"
    rb"<(?:[A-Za-z][\w.-]*:)?(?:rss|feed|RDF)[\s>/]",
    re.IGNORECASE | re.DOTALL)

Fetcher = Callable[[str], RawDocument | Failure]


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` is XML whose root element is an RSS, Atom or RDF (RSS 1.0) feed."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    return _FEED_ROOT.match(head) is not None


def declares_feed(name: str, content_type: str = "") -> bool:
    """Whether a file name / URL or a Content-Type says "this is a feed"."""
    path = urlsplit(name).path if "://" in name else name
    mime = content_type.split(";", 1)[0].strip().lower()
    return path.lower().removesuffix(".gz").endswith(FEED_SUFFIXES) or mime in FEED_TYPES


def _fail(source: str, reason: str, detail: str) -> Failure:
    return Failure(source=source, stage="acquire", reason=reason, detail=detail)


def _iso_day(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _content(entry: Any) -> str:
    """The item's longest body (``content``, else ``summary``) as HTML; may be empty."""
    parts = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    parts.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    value, kind = max(parts, key=lambda p: len(p[0].strip()))
    if not value.strip():
        return ""
    if "html" in kind:
        return value
    paragraphs = (p.strip() for p in value.split("\n\n"))
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def item_page(title: str, body_html: str, published: str | None) -> str:
    """A small HTML page for an item's own content, with its title and publication date where
    the extract stage reads them (``<title>``, ``article:published_time``)."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
            f"<body><article>{heading}{body_html}</article></body></html>")


def _link(entry: Any, base: str | None) -> str | None:
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(base, link.strip()) if base else link.strip()
    return absolute if absolute.startswith(("http://", "https://")) else None


def _item(source: str, n: int, entry: Any, fetch: Fetcher, base: str | None
          ) -> RawDocument | Failure:
    link = _link(entry, base)
    body = _content(entry)
    where = link or f"{source}#item{n}"
    if link is not None:
        got = fetch(link)
        if isinstance(got, RawDocument):
            return got
        if not body:
            return got
        log.info("%s: %s (%s); using the feed's own content", link, got.reason, got.detail)
    elif not body:
        return _fail(where, "empty", "feed item has neither a link nor content")
    page = item_page(str(entry.get("title") or ""), body, _iso_day(entry))
    return RawDocument(source=where, content=page.encode("utf-8"), kind="html",
                       encoding="utf-8", url=link)


def read_feed(source: str, data: bytes, fetch: Fetcher, *, base_url: str | None = None
              ) -> Iterator[RawDocument | Failure]:
    """One RawDocument or Failure per item of the feed in ``data``, in feed order.

    ``fetch`` gets each item's link (``HttpFetcher.fetch``); ``base_url`` resolves relative
    links (default: the feed's own link, or ``source`` when it is a URL).

    Example: ``with HttpFetcher(cfg) as http: list(read_feed("news.rss", data, http.fetch))``.
    """
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            error = parsed.get("bozo_exception")
            yield _fail(source, "bad_feed", f"not a readable RSS/Atom feed: {error}")
        else:
            yield _fail(source, "empty", "the feed has no items")
        return
    if parsed.get("bozo"):
        log.warning("%s: feed read despite errors: %s", source, parsed.get("bozo_exception"))
    feed_link = (parsed.get("feed") or {}).get("link")
    base = base_url or (source if source.startswith(("http://", "https://")) else feed_link)
    log.info("%s: %d feed items", source, len(entries))
    for n, entry in enumerate(entries, 1):
        yield _item(source, n, entry, fetch, base)
