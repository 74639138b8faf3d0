"""Shared heuristics of the extract stage: page-chrome rules (data in resources/chrome.yaml),
paragraph tests and date parsing, used by both the HTML and the scraped-text extractors."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eventatlas.errors import ConfigError
from eventatlas.resources import read_yaml
from eventatlas.stages.regex_prefilter import Prefiltered

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]\s*$")
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


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
    short_phrases: Prefiltered
    short_line_chars: int
    phrases: Prefiltered
    tail_markers: re.Pattern[str]
    tail_revert_chars: int
    breadcrumb_roots: tuple[str, ...]
    author_roles: tuple[str, ...]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    site_patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ChromeRules:
        return cls(
            lines=_alternation(data["lines"]),
            prefixes=re.compile("|".join(f"(?:{p})" for p in data["prefixes"]), re.IGNORECASE),
            short_phrases=Prefiltered(data["short_phrases"]),
            short_line_chars=int(data["short_line_chars"]),
            phrases=Prefiltered(data["phrases"]),
            tail_markers=_alternation(data["tail_markers"]),
            tail_revert_chars=int(data["tail_revert_chars"]),
            breadcrumb_roots=tuple(data["breadcrumb_roots"]),
            author_roles=tuple(sorted(data["author_roles"], key=len, reverse=True)),
            published_labels=tuple(data["published_labels"]),
            updated_labels=tuple(data["updated_labels"]),
            site_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["site_patterns"]),
        )

    def is_chrome(self, paragraph: str) -> bool:
        """Whether one paragraph is page furniture rather than article text."""
        para = norm_space(paragraph).strip("|•·")
        if not para:
            return False
        if self.lines.fullmatch(para) or self.prefixes.match(para) or self.phrases.found(para):
            return True
        return len(para) <= self.short_line_chars and self.short_phrases.found(para)

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
    return _parse_full_date(text, tuple(languages) if languages else None, dt.date.today())


@lru_cache(maxsize=1024)  # pages repeat their dates; today bounds the accepted years
def _parse_full_date(text: str, languages: tuple[str, ...] | None, _today: dt.date) -> str | None:
    import dateparser  # slow import, only when a non-ISO date needs it

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=list(languages) if languages else None,
                                  settings=settings)
    except (ValueError, OverflowError, TypeError, re.error) as exc:
        log.debug("date %r not parsed: %s", text, exc)
        return None
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None


@dataclass(frozen=True)
class LanguageGuess:
    """The language a text is written in, as far as a cheap profile match can tell."""

    code: str | None  # ISO 639-1 code; None when no profile or script default applies
    script: str | None  # dominant script (ISO 15924), None for a text without letters
    share: float  # share of the text's words in the winning profile
    supported_share: float  # best share among the supported languages' profiles
    reliable: bool  # enough text to act on


@dataclass(frozen=True)
class LanguageProfiles:
    """Script ranges and function-word profiles; see resources/languages.yaml."""

    supported: frozenset[str]
    min_words: int
    min_letters: int
    min_share: float
    supported_ratio: float
    range_starts: tuple[int, ...]  # sorted starts of the script ranges, for bisection
    ranges: tuple[tuple[int, int, str], ...]  # (first, last, script), sorted by first
    defaults: tuple[tuple[str, str | None], ...]  # script → default language
    profiles: tuple[tuple[str, str, frozenset[str]], ...]  # (code, script, words)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> LanguageProfiles:
        ranges = sorted((int(lo), int(hi), str(script))
                        for script, spec in data["scripts"].items() for lo, hi in spec["ranges"])
        profiles = []
        for code, spec in data["profiles"].items():
            if not all(isinstance(w, str) for w in spec["words"]):
                raise ConfigError(f"languages.yaml: profile {code!r} has a word that is not a "
                                  "string (quote words such as 'no' and 'on')")
            profiles.append((str(code), str(spec["script"]),
                             frozenset(w.casefold() for w in spec["words"])))
        return cls(
            supported=frozenset(data["supported"]), min_words=int(data["min_words"]),
            min_letters=int(data["min_letters"]), min_share=float(data["min_share"]),
            supported_ratio=float(data["supported_ratio"]),
            range_starts=tuple(r[0] for r in ranges), ranges=tuple(ranges),
            defaults=tuple((str(s), spec.get("default")) for s, spec in data["scripts"].items()),
            profiles=tuple(profiles),
        )

    def _script_of(self, char: str) -> str | None:
        point = ord(char)
        index = bisect.bisect_right(self.range_starts, point) - 1
        if index >= 0 and point <= self.ranges[index][1]:
            return self.ranges[index][2]
        return None

    def dominant_script(self, text: str) -> tuple[str | None, int]:
        """The script most of the letters of ``text`` are written in, and the letter count."""
        counts: Counter[str] = Counter()
        sample = text[:8_000]  # a sample decides the script; the whole text is not needed
        latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
        for char in _NON_ASCII.findall(sample):
            if char.isalpha() and (script := self._script_of(char)) is not None:
                counts[script] += 1
        if latin:
            counts[self._script_of("a") or "Latn"] += latin
        if not counts:
            return None, 0
        script, _ = counts.most_common(1)[0]
        return script, sum(counts.values())

    def detect(self, text: str) -> LanguageGuess:
        """Best profile within the dominant script, else that script's default language.
        The same text is asked about twice in a row (extract, then the language gate), so the
        last few answers are kept."""
        return _detect(self, text[:20_000])

    def _detect(self, sample: str) -> LanguageGuess:
        script, letters = self.dominant_script(sample)
        tokens = Counter(w.casefold() for w in words(sample))
        total = tokens.total()
        shares = {code: (sum(tokens[w] for w in vocab & tokens.keys()) / total if total else 0.0)
                  for code, _, vocab in self.profiles}
        in_script = [code for code, s, _ in self.profiles if s == script]
        best = max(in_script, key=shares.__getitem__, default=None)
        code = best if best is not None and shares[best] >= self.min_share else None
        if code is None:
            code = dict(self.defaults).get(script) if script else None
        reliable = letters >= self.min_letters and (script != "Latn"
                                                    or total >= self.min_words)
        return LanguageGuess(
            code=code, script=script, share=shares.get(code, 0.0) if code else 0.0,
            supported_share=max((shares.get(c, 0.0) for c in self.supported), default=0.0),
            reliable=reliable)

    def is_unsupported(self, guess: LanguageGuess) -> bool:
        """A reliable guess of a language outside ``supported``, with too little of a
        supported language beside it (bilingual pages and quotations are kept)."""
        if not guess.reliable or guess.code is None or guess.code in self.supported:
            return False
        keep_at = max(self.min_share, self.supported_ratio * guess.share)
        return guess.supported_share < keep_at


@lru_cache(maxsize=256)  # a batch's texts: extract asks, then the gate asks again
def _detect(profiles: LanguageProfiles, sample: str) -> LanguageGuess:
    return profiles._detect(sample)


@lru_cache(maxsize=1)
def load_language_profiles() -> LanguageProfiles:
    """The bundled language profiles, read and compiled once."""
    return LanguageProfiles.from_mapping(read_yaml("languages.yaml"))
