"""Shared heuristics of the extract stage: page-chrome rules (data in resources/chrome.yaml),
paragraph tests and date parsing, used by both the HTML and the scraped-text extractors."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eventatlas.resources import read_yaml

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]\s*$")


def norm_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return _WS.sub(" ", text).strip()


def _alternation(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class ChromeRules:
    """Compiled page-chrome heuristics; see resources/chrome.yaml for what each part means."""

    lines: re.Pattern[str]
    prefixes: re.Pattern[str]
    short_phrases: re.Pattern[str]
    short_line_chars: int
    phrases: re.Pattern[str]
    tail_markers: re.Pattern[str]
    tail_revert_chars: int
    breadcrumb_roots: tuple[str, ...]
    author_roles: tuple[str, ...]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    function_words: frozenset[str]
    site_patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ChromeRules:
        return cls(
            lines=_alternation(data["lines"]),
            prefixes=re.compile("|".join(f"(?:{p})" for p in data["prefixes"]), re.IGNORECASE),
            short_phrases=_alternation(data["short_phrases"]),
            short_line_chars=int(data["short_line_chars"]),
            phrases=_alternation(data["phrases"]),
            tail_markers=_alternation(data["tail_markers"]),
            tail_revert_chars=int(data["tail_revert_chars"]),
            breadcrumb_roots=tuple(data["breadcrumb_roots"]),
            author_roles=tuple(sorted(data["author_roles"], key=len, reverse=True)),
            published_labels=tuple(data["published_labels"]),
            updated_labels=tuple(data["updated_labels"]),
            function_words=frozenset(data["english_function_words"]),
            site_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["site_patterns"]),
        )

    def is_chrome(self, paragraph: str) -> bool:
        """Whether one paragraph is page furniture rather than article text."""
        para = norm_space(paragraph).strip("|•·")
        if not para:
            return False
        if self.lines.fullmatch(para) or self.prefixes.match(para) or self.phrases.search(para):
            return True
        return len(para) <= self.short_line_chars and bool(self.short_phrases.search(para))

    def is_tail_marker(self, paragraph: str) -> bool:
        """Whether a short paragraph opens a trailing block of chrome ("Related articles")."""
        para = norm_space(paragraph).strip(" :|•·-–—»›")
        return len(para) <= 60 and bool(self.tail_markers.fullmatch(para))


@lru_cache(maxsize=1)
def load_chrome_rules() -> ChromeRules:
    """The bundled chrome rules, read and compiled once."""
    return ChromeRules.from_mapping(read_yaml("chrome.yaml"))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(paragraph: str, min_words: int = 12) -> bool:
    """A paragraph that reads as running sentences (several words, sentence punctuation)."""
    para = norm_space(paragraph)
    if len(words(para)) < min_words:
        return False
    return bool(_SENTENCE_END.search(para)) or ". " in para


def guess_language(text: str, rules: ChromeRules) -> str | None:
    """``"en"`` when English function words are frequent enough, else None (unknown)."""
    tokens = [w.lower() for w in words(text[:20_000])]
    if len(tokens) < 20:
        return None
    share = sum(1 for t in tokens if t in rules.function_words) / len(tokens)
    return "en" if share >= 0.22 else None


def find_tail_start(paragraphs: Sequence[str], rules: ChromeRules, start: int = 0) -> int | None:
    """Index of the marker that opens a trailing chrome block, if one stands after ``start``.

    A marker is ignored when enough cue-free prose follows it (a "Related" box mid-article).
    """
    for i in range(start, len(paragraphs)):
        if not rules.is_tail_marker(paragraphs[i]):
            continue
        prose = sum(len(p) for p in paragraphs[i + 1:]
                    if is_prose(p, 20) and not rules.is_chrome(p))
        if prose < rules.tail_revert_chars:
            return i
    return None


def drop_chrome(paragraphs: Sequence[str], rules: ChromeRules) -> list[str]:
    """Paragraphs without chrome lines and without a trailing chrome block."""
    tail = find_tail_start(paragraphs, rules, start=1)
    kept = paragraphs[:tail] if tail is not None else paragraphs
    return [p for p in kept if not (rules.is_chrome(p) or rules.is_tail_marker(p))]


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if not 1900 <= year <= dt.date.today().year + 1:
        return None
    return value.isoformat()


def parse_date(text: str, languages: Sequence[str] | None = ("en",)) -> str | None:
    """An ISO date (YYYY-MM-DD) read from ``text`` when it names day, month and year."""
    text = norm_space(text)[:120]
    iso = _ISO_DATE.search(text)
    if iso:
        return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if not re.search(r"\d{4}", text):
        return None
    import dateparser  # slow import, only when a non-ISO date needs it

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=list(languages) if languages else None,
                                  settings=settings)
    except (ValueError, OverflowError, TypeError, re.error) as exc:
        log.debug("date %r not parsed: %s", text, exc)
        return None
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None
