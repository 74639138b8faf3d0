"""HTML → clean article text and metadata: trafilatura, a recall fallback, chrome post-cleaning.

The publication date comes from the page's own markup (meta tags, JSON-LD, ``<time>``) or its
URL, never from the fetch date; trafilatura's date search is the last resort (basis "text").
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from eventatlas.model import DateValue
from eventatlas.stages.extract_rules import (
    ChromeRules,
    drop_chrome,
    norm_space,
    parse_date,
    words,
)

log = logging.getLogger(__name__)

FALLBACK_BELOW_CHARS = 300  # a primary extraction shorter than this triggers the fallbacks

_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True,
                            "include_formatting": False, "include_images": False}
_DATE_KEYS = frozenset({
    "article:published_time", "og:published_time", "published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "published-date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dc.date.published", "dcterms.created",
    "dcterms.issued", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
    "article_date_original", "originalpublicationdate", "citation_publication_date",
    "citation_date", "cxenseparse:recs:publishtime", "displaydate", "date.created",
})
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")
_TITLE_SEP = re.compile(r"\s+(?:\||–|—|-|·|•|»|::)\s+")


@dataclass(frozen=True)
class HtmlExtraction:
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    published: DateValue = field(default_factory=DateValue.unknown)


def _bare(page: HtmlElement, url: str | None, **extra: Any) -> Any:
    return trafilatura.bare_extraction(page, url=url, with_metadata=True, **_OPTIONS, **extra)


def _body(page: HtmlElement, url: str | None) -> tuple[str, Any]:
    """The main text (with the recall fallbacks when it is short) and trafilatura's metadata.

    ``page`` is the parsed page, read by every extractor: trafilatura copies a tree it is
    given before cleaning it, so one parse serves them all and ``page`` is left untouched."""
    doc = _bare(page, url)
    text: str = (doc.text or "") if doc is not None else ""
    if len(text) < FALLBACK_BELOW_CHARS:
        recall = _bare(page, url, favor_recall=True)
        candidates = [text, (recall.text or "") if recall is not None else "",
                      trafilatura.baseline(page)[1] or ""]
        best = max(candidates, key=len)
        if best is not text:
            log.debug("%s: fallback extraction used (%d → %d chars)", url, len(text), len(best))
        text = best
        doc = doc if doc is not None else recall
    return text, doc


def _meta_key(element: HtmlElement) -> str:
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        value = element.get(attribute)
        if isinstance(value, str) and value:
            return value.strip().lower()
    return ""


def _json_ld_dates(tree: HtmlElement) -> Iterator[str]:
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            value = node.get("datePublished") or node.get("dateCreated")
            if isinstance(value, str):
                yield value
            for child in node.values():
                yield from walk(child)
        elif isinstance(node, list):
            for child in node:
                yield from walk(child)

    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            yield from walk(json.loads(script.text or ""))
        except ValueError:
            continue


def _markup_dates(tree: HtmlElement) -> Iterator[str]:
    for meta in tree.iter("meta"):
        if _meta_key(meta) in _DATE_KEYS and meta.get("content"):
            yield meta.get("content", "")
    yield from _json_ld_dates(tree)
    for element in tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate] "
                              "| //article//time[@datetime] | //header//time[@datetime]"):
        yield element.get("content") or element.get("datetime") or element.text_content()


def date_from_url(url: str | None) -> DateValue | None:
    """A date written in the URL path (``/2021/09/06/``), day or month precision."""
    if not url:
        return None
    path = urlsplit(url).path
    day = _URL_DAY.search(path)
    if day and (value := parse_date("-".join(day.groups()))):
        return DateValue(value=value, precision="day", basis="url")
    month = _URL_MONTH.search(path)
    if month and (value := parse_date(f"{month.group(1)}-{int(month.group(2)):02d}-01")):
        return DateValue(value=value, precision="month", basis="url")
    return None


def published_date(tree: HtmlElement | None, url: str | None, fallback: str | None) -> DateValue:
    """Markup first, then the URL, then trafilatura's date search; unknown otherwise."""
    if tree is not None:
        for raw in _markup_dates(tree):
            if raw and (value := parse_date(raw)):
                return DateValue(value=value, precision="day", basis="meta")
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url
    if fallback and (value := parse_date(fallback)):
        return DateValue(value=value, precision="day", basis="text")
    return DateValue.unknown()


def _same_name(a: str, b: str) -> bool:
    key_a, key_b = (re.sub(r"[\W_]+", "", x.lower()).removeprefix("www") for x in (a, b))
    return bool(key_a and key_b) and (key_a in key_b or key_b in key_a)


def clean_title(title: str | None, site: str | None, host: str | None) -> str | None:
    """The headline without a leading or trailing " | Site name" segment."""
    if not title:
        return None
    title = norm_space(title)
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    names = [n for n in (site, host.split(".")[-2] if host and "." in host else host) if n]
    if any(_same_name(parts[-1], n) for n in names) or (
        " | " in title and len(words(parts[-1])) <= 3 < len(words(parts[0]))
    ):
        return clean_title(" - ".join(parts[:-1]), site, host) if len(parts) > 2 else parts[0]
    if any(_same_name(parts[0], n) for n in names):
        return " - ".join(parts[1:])
    return title


def _language(tree: HtmlElement | None, meta_language: str | None) -> str | None:
    lang = tree.get("lang") if tree is not None else None
    lang = lang or meta_language
    return lang.split("-")[0].split("_")[0].lower()[:3] if lang else None


def extract_html(html: str, url: str | None, rules: ChromeRules) -> HtmlExtraction:
    """Body and metadata of one HTML page; an empty ``text`` means no article was found."""
    tree = load_html(html)
    text, doc = _body(tree, url) if tree is not None else ("", None)
    paragraphs = drop_chrome([p for p in text.split("\n") if p.strip()], rules)
    host = urlsplit(url).hostname if url else None
    site = (doc.sitename if doc is not None else None) or host
    title = clean_title(doc.title if doc is not None else None, site, host)
    if paragraphs and title and norm_space(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]  # the headline repeated at the top of the body
    return HtmlExtraction(
        text="\n\n".join(paragraphs),
        title=title,
        author=(doc.author or None) if doc is not None else None,
        site=site,
        language=_language(tree, doc.language if doc is not None else None),
        published=published_date(tree, url, doc.date if doc is not None else None),
    )
