"""Scraped plain text → clean body and metadata, by classifying each line of the page.

A scraper's text keeps the page's furniture in reading order: a rendered date at the top (the
access date, not the publication date), a breadcrumb, the headline, the body with its
subheadings, then an author box, appeals and link lists. Each paragraph gets one ``LineKind``;
only ``body`` and ``subheading`` paragraphs make ``text``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from eventatlas.model import DateValue
from eventatlas.stages.extract_rules import (
    ChromeRules,
    find_tail_start,
    is_prose,
    norm_space,
    parse_date,
    words,
)

log = logging.getLogger(__name__)

LineKind = Literal["page_header_date", "breadcrumb", "headline", "byline", "dateline", "body",
                   "subheading", "chrome"]
BODY_KINDS: frozenset[LineKind] = frozenset({"body", "subheading"})

_LONE_DATE = re.compile(
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?)?", re.IGNORECASE)
_BY_LINE = re.compile(
    r"(?i:by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el|da)){0,4})"
    r"(?:\s*(?:[,|•·]|[-–—]\s|\band\b)\s*(?P<rest>.{0,80}))?", re.UNICODE)
_DATELINE = re.compile(
    r"[A-Z][A-Za-z .'-]{1,40},\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
    r"\s*(?:\([^)]{2,40}\))?\s*[-–—:]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "…": ".", "–": "-", "—": "-"})
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*|de|van|von|bin|al|el|da")


@dataclass(frozen=True)
class ClassifiedLine:
    index: int  # position among the page's paragraphs
    text: str
    kind: LineKind


@dataclass(frozen=True)
class TextExtraction:
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: DateValue = field(default_factory=DateValue.unknown)
    accessed: DateValue = field(default_factory=DateValue.unknown)
    lines: tuple[ClassifiedLine, ...] = ()


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines; a line continuing the previous sentence (hard wrap) is joined to it."""
    paragraphs: list[str] = []
    previous_blank = True
    for raw in text.split("\n"):
        line = norm_space(raw)
        if not line:
            previous_blank = True
            continue
        if (paragraphs and not previous_blank and line[0].islower()
                and not re.search(r"[.!?:;\"”]$", paragraphs[-1])):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def lone_date(paragraph: str) -> str | None:
    """The ISO date when the whole paragraph is just a date (with optional weekday and time)."""
    para = paragraph.strip(" |·•-–—")
    if len(para) > 60 or not _LONE_DATE.fullmatch(para):
        return None
    return parse_date(para)


def _normal(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.translate(_QUOTES).lower()).strip()


def is_breadcrumb(paragraph: str, rules: ChromeRules) -> bool:
    """A trail like "Home > World > ..." or the glued "HomeWorldHeadline of the page…"."""
    low = paragraph.lower()
    for root in rules.breadcrumb_roots:
        if low.startswith(root) and len(paragraph) > len(root):
            following = paragraph[len(root)]
            if following.isupper() or following in ">/»›|:" or paragraph[len(root):].lstrip()[:1] in (
                ">", "/", "»", "›", "|"
            ):
                return True
    separators = len(re.findall(r"\s[>»›/]\s", paragraph))
    return separators >= 2 and not is_prose(paragraph)


def _label_date(paragraph: str, labels: Sequence[str]) -> str | None:
    low = paragraph.lower()
    for label in sorted(labels, key=len, reverse=True):
        if low.startswith(label) and re.match(r"\s*(?:on\s+)?[:\-–—]?\s*", paragraph[len(label):]):
            rest = paragraph[len(label):].lstrip(" :-–—")
            rest = re.sub(r"^on\s+", "", rest, flags=re.IGNORECASE)
            if rest and (value := parse_date(rest[:60])):
                return value
    return None


@lru_cache(maxsize=16)
def _role_pattern(author_roles: tuple[str, ...]) -> re.Pattern[str]:
    roles = "|".join(re.escape(r) for r in author_roles)
    return re.compile(
        rf"(?:(?P<name>[A-Z][^,]{{1,60}}?)\s+is\s+(?:an?|the)\s+)?(?:[\w-]+\s+){{0,3}}?"
        rf"(?:{roles})\s+(?:at|for|with|of)\s+(?P<outlet>[^.,;:!?]{{2,60}})\.?", re.IGNORECASE)


def is_name_line(paragraph: str) -> bool:
    """A short line of capitalised words, as in an author box ("Jane Doe")."""
    tokens = paragraph.split()
    return 1 <= len(tokens) <= 6 and all(_NAME_WORD.fullmatch(t) for t in tokens)


@dataclass
class _Page:
    """Mutable working state of one classification (local to a call)."""

    paragraphs: list[str]
    rules: ChromeRules
    kinds: list[LineKind]
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: DateValue = field(default_factory=DateValue.unknown)
    accessed: DateValue = field(default_factory=DateValue.unknown)

    def published_from(self, paragraph: str) -> bool:
        value = _label_date(paragraph, self.rules.published_labels)
        if value and self.published.value is None:
            self.published = DateValue(value=value, precision="day", basis="text")
        return value is not None or _label_date(paragraph, self.rules.updated_labels) is not None

    def byline_from(self, paragraph: str) -> bool:
        match = _BY_LINE.fullmatch(paragraph)
        if match is None or len(paragraph) > 120:
            return False
        self.author = self.author or match.group("name").strip()
        rest = match.group("rest") or ""
        if rest and (value := parse_date(rest)) and self.published.value is None:
            self.published = DateValue(value=value, precision="day", basis="text")
        return True


def _header(page: _Page) -> int:
    """Classify the lines above the headline; returns the index of the first line after them."""
    i = 0
    while i < len(page.paragraphs) and i < 6:
        para = page.paragraphs[i]
        if i < 3 and page.accessed.value is None and (value := lone_date(para)):
            page.accessed = DateValue(value=value, precision="day", basis="page_header")
            page.kinds[i] = "page_header_date"
        elif is_breadcrumb(para, page.rules):
            page.kinds[i] = "breadcrumb"
        elif page.rules.is_chrome(para) and not is_prose(para):
            page.kinds[i] = "chrome"
        else:
            break
        i += 1
    return i


def _echoed(candidate: str, crumbs: Sequence[str]) -> bool:
    cand = _normal(candidate)
    for crumb in crumbs:
        tail = _normal(crumb.rstrip(". …"))[-40:].strip()
        if len(tail) >= 12 and tail.split(" ", 1)[-1] in cand:
            return True
    return False


def _top(page: _Page, start: int) -> int:
    """Headline, byline and date lines before the body; returns the body's first index."""
    paras, rules = page.paragraphs, page.rules
    crumbs = [p for p, k in zip(paras, page.kinds, strict=True) if k == "breadcrumb"]
    body = next((j for j in range(start, len(paras)) if is_prose(paras[j])
                 and not rules.is_chrome(paras[j]) and not _echoed(paras[j], crumbs)), len(paras))
    for j in range(start, body):
        para = paras[j]
        if page.byline_from(para):
            page.kinds[j] = "byline"
        elif page.published_from(para):
            page.kinds[j] = "dateline"
        elif (value := lone_date(para)) is not None:
            if page.published.value is None:
                page.published = DateValue(value=value, precision="day", basis="text")
            page.kinds[j] = "dateline"
        elif rules.is_chrome(para) or len(words(para)) < 3:
            page.kinds[j] = "chrome"
        elif page.title is None or (_echoed(para, crumbs) and not _echoed(page.title, crumbs)):
            if page.title is not None:
                page.kinds[paras.index(page.title, start)] = "chrome"
            page.title = para
            page.kinds[j] = "headline"
        else:
            page.kinds[j] = "chrome"  # a deck, caption or teaser above the body
    return body


def _author_box(page: _Page, index: int) -> bool:
    """Read "<name> / <role> at <outlet>" around ``index``; marks the lines as byline."""
    match = _role_pattern(page.rules.author_roles).fullmatch(page.paragraphs[index])
    if match is None:
        return False
    page.kinds[index] = "byline"
    page.site = page.site or norm_space(match.group("outlet"))
    name = match.group("name")
    j = index - 1
    while j >= 0 and page.kinds[j] != "headline" and is_name_line(page.paragraphs[j]):
        page.kinds[j] = "byline"
        name = page.paragraphs[j]
        j -= 1
    if name:
        page.author = page.author or norm_space(name)
    return True


def _body(page: _Page, start: int) -> None:
    """Classify the body and the trailing chrome after it."""
    paras, rules = page.paragraphs, page.rules
    tail = find_tail_start(paras, rules, start)
    end = len(paras) if tail is None else tail
    for j in range(start, len(paras)):
        para = paras[j]
        if _author_box(page, j) or (j < end and page.byline_from(para) and not is_prose(para)):
            page.kinds[j] = "byline"
        elif j >= end or rules.is_chrome(para) or rules.is_tail_marker(para):
            page.kinds[j] = "chrome"
        elif j < start + 2 and page.published_from(para):
            page.kinds[j] = "dateline"
        elif not is_prose(para) and j + 1 < end and is_prose(paras[j + 1]):
            page.kinds[j] = "subheading"
        else:
            page.kinds[j] = "body"
    first = next((p for p, k in zip(paras, page.kinds, strict=True) if k == "body"), "")
    dateline = _DATELINE.match(first)
    if dateline and page.published.value is None and (value := parse_date(dateline["date"])):
        page.published = DateValue(value=value, precision="day", basis="text")


def _site(page: _Page) -> str | None:
    """The outlet, from the author box, a copyright line or a "coverage by" line."""
    if page.site:
        return page.site
    for pattern in page.rules.site_patterns:
        for para, kind in zip(page.paragraphs, page.kinds, strict=True):
            if kind in BODY_KINDS:
                continue
            match = pattern.search(para)
            if match and (site := norm_space(match.group("site")).strip(" -–—")):
                return site
    return None


def extract_text(text: str, rules: ChromeRules) -> TextExtraction:
    """Classify every paragraph of scraped text and assemble the clean document.

    Example: ``extract_text(page_text, load_chrome_rules()).title``.
    """
    paragraphs = split_paragraphs(text)
    page = _Page(paragraphs, rules, ["chrome"] * len(paragraphs))
    start = _header(page)
    body_start = _top(page, start)
    _body(page, body_start)
    body = "\n\n".join(p for p, k in zip(paragraphs, page.kinds, strict=True) if k in BODY_KINDS)
    lines = tuple(ClassifiedLine(i, p, k)
                  for i, (p, k) in enumerate(zip(paragraphs, page.kinds, strict=True)))
    return TextExtraction(text=body, title=page.title, author=page.author, site=_site(page),
                          published=page.published, accessed=page.accessed, lines=lines)
