"""When an event happened: an interval with a precision, resolved against publication.

A page-render date is never a reference: only a publication date (or, failing that, the
capture/fetch date of an archived page) anchors relative expressions. Weekday phrases
("earlier on Tuesday"), which dateparser does not resolve, are handled here.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from eventatlas.model import Annotation, DateInterval, DateValue, Sentence, Token

log = logging.getLogger(__name__)

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = re.compile(r"\b(last|this|on|earlier on|late on|early on|since)?\s*"
                      r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_YEAR = re.compile(r"\b(in|since|by|during|until|of|from)?\s*((?:1[89]|20)\d\d)\b", re.I)
_RECENT = re.compile(r"\b(?:(?:this|last|past|earlier this|later this) (?:week|weekend|month)|"
                     r"today|yesterday|tonight|this morning|this afternoon|this evening|"
                     r"last night|overnight)\b", re.I)
_PARSE_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                   "REQUIRE_PARTS": ["day"]}


@dataclass(frozen=True)
class Timing:
    date: DateInterval
    explicit: bool  # read from the sentence, not defaulted to publication
    recent: bool  # a weekday phrase or "yesterday": told as news
    background: bool = False  # told as what lies years behind the news ("20 years after X")


def reference_day(published: DateValue, accessed: DateValue) -> date | None:
    """The day relative expressions count from: publication, else an archive capture/fetch."""
    for value in (published, accessed):
        if value.value and value.precision == "day" and value.basis not in {"page_header",
                                                                            "unknown"}:
            try:
                return date.fromisoformat(value.value[:10])
            except ValueError:
                continue
    return None


def _weekday(match: re.Match[str], ref: date) -> date:
    target = WEEKDAYS[match.group(2).lower()]
    back = (ref.weekday() - target) % 7
    if (match.group(1) or "").lower() == "last" and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _day(d: date) -> DateInterval:
    return DateInterval(start=d.isoformat(), end=d.isoformat(), precision="day")


def _parse(text: str, ref: date | None) -> DateInterval | None:
    # dateparser costs milliseconds a phrase, and a story repeats its date phrases; without a
    # reference day dateparser counts from today, so today is part of the key
    return _parse_memo(text, ref, date.today() if ref is None else None)


@lru_cache(maxsize=1024)
def _parse_memo(text: str, ref: date | None, _today: date | None) -> DateInterval | None:
    settings = dict(_PARSE_SETTINGS)
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)  # type: ignore[assignment]
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError, RecursionError):
        return None
    if parsed is None:
        return None
    return _day(parsed.date())


def _recent(phrase: str, ref: date | None) -> DateInterval:
    """"yesterday" → that day; "this week", "last month" → an interval before ``ref``."""
    if ref is None:
        return DateInterval()
    low = phrase.lower()
    if "yesterday" in low or "last night" in low:
        return _day(ref - timedelta(days=1))
    if "month" in low:
        return DateInterval(start=(ref - timedelta(days=30)).isoformat(), end=ref.isoformat(),
                            precision="month")
    if "week" in low:
        return DateInterval(start=(ref - timedelta(days=6)).isoformat(), end=ref.isoformat(),
                            precision="week")
    return _day(ref)


def _date_phrases(ann: Annotation, sent: Sentence) -> list[tuple[int, str]]:
    return [(e.start, e.text) for e in ann.entities
            if e.label == "DATE" and sent.start <= e.start < sent.end]


def event_timing(ann: Annotation, sent: Sentence, text: str, trigger_start: int,
                 ref: date | None) -> Timing:
    """The date of an event whose trigger is at ``trigger_start`` in sentence ``sent``."""
    phrases = sorted(_date_phrases(ann, sent), key=lambda p: abs(p[0] - trigger_start))
    for _, phrase in phrases:
        if (m := _WEEKDAY.search(phrase)) is not None:
            if ref is None:
                return Timing(DateInterval(), explicit=True, recent=True)
            return Timing(_day(_weekday(m, ref)), explicit=True, recent=True)
        if (y := _YEAR.search(phrase)) is not None and (y.group(1) or "").lower() == "since":
            continue
        if y is not None and len(phrase.split()) <= 3 and \
                not re.search(r"\d{1,2}\b.*\d{4}|[a-z]{3,}\.? \d{1,2}", phrase, re.I):
            year = int(y.group(2))
            return Timing(DateInterval(start=f"{year}-01-01", end=f"{year}-12-31",
                                       precision="year"), explicit=True, recent=False)
        if _RECENT.search(phrase):
            return Timing(_recent(phrase, ref), explicit=True, recent=True)
        if ref is None and not re.search(r"\b\d{4}\b", phrase):
            continue  # "1 September" with no year and no publication date: the year is unknown
        if re.search(r"\d", phrase) or re.search(r"[A-Z][a-z]+\.? \d", phrase):
            parsed = _parse(phrase, ref)
            if parsed is not None:
                return Timing(parsed, explicit=True, recent=False)
    sentence = text[sent.start : sent.end]
    if (m := _WEEKDAY.search(sentence)) is not None and m.group(1):
        return Timing(_day(_weekday(m, ref)) if ref else DateInterval(), True, True)
    if ref is None:
        return Timing(DateInterval(), explicit=False, recent=False)
    return Timing(DateInterval(start=(ref - timedelta(days=6)).isoformat(), end=ref.isoformat(),
                               precision="week"), explicit=False, recent=False)


@lru_cache(maxsize=4096)  # asked once per event, and a sentence may hold several
def years_in(text: str) -> tuple[int, ...]:
    return tuple(int(m.group(2)) for m in _YEAR.finditer(text))


def dated_back(sentence: str, now_year: int) -> bool:
    """Whether a sentence names years, all before last year, and none as "since <year>"."""
    years = [y for y in years_in(sentence) if y <= now_year]
    return bool(years) and max(years) < now_year - 1 and f"since {max(years)}" not in sentence


def long_dead(actors: Iterable[str | None], dead: dict[str, str], now_year: int) -> bool:
    """Whether one of ``actors`` died before last year (``dead``: actor id → date of death)."""
    return any(a in dead and int(dead[a][:4]) < now_year - 1 for a in actors if a)


# A duration that puts an event years behind the news: "twenty years after the invasion",
# "two decades before", "decades of war". Weeks and months are still the news.
YEAR_UNITS = {"year": 1, "decade": 10, "century": 100}
_SPAN_WORDS = frozenset({"after", "before", "since"})


def background_timing(ann: Annotation, tok: Token, ref: date | None,
                      number_words: dict[str, int]) -> Timing | None:
    """The timing of an event the parse places years back, else None.

    "N years after <event>" (the event is the preposition's object, or the subject or object
    of an "after" clause: "years after an invasion drove it out") dates it N years before the
    news, at year precision; "decades of war", "years of fighting" are a span of background
    with no date."""
    cur = tok
    while cur.dep == "conj" and cur.head != cur.i:
        cur = ann.tokens[cur.head]
    head = ann.tokens[cur.head]
    if cur.dep == "pobj" and head.text.lower() == "of" and head.head != head.i:
        unit = ann.tokens[head.head]
        if unit.lemma.lower() in YEAR_UNITS and (unit.tag == "NNS" or _count(ann, unit, {})):
            return Timing(DateInterval(), explicit=True, recent=False, background=True)
    clause = head if cur.dep in {"nsubj", "nsubjpass", "dobj"} else cur
    marks = [k for k in ann.children(clause.i) if k.dep == "mark"]
    word = head if cur.dep == "pobj" else (marks[0] if marks else None)
    if word is None or word.text.lower() not in _SPAN_WORDS:
        return None
    # the duration hangs from the word or its clause, or (a parser slip) only precedes it
    spans = ann.children(word.i) + ann.children(clause.i)
    if word.i > 0:
        spans.append(ann.tokens[word.i - 1])
    for unit in spans:
        if unit.lemma.lower() not in YEAR_UNITS or unit.i > word.i:
            continue
        n = _count(ann, unit, number_words)
        years = n * YEAR_UNITS[unit.lemma.lower()] if n else None
        if years is not None and years < 2:
            return None
        if years is None or ref is None:
            return Timing(DateInterval(), explicit=True, recent=False, background=True)
        year = ref.year - years
        return Timing(DateInterval(start=f"{year}-01-01", end=f"{year}-12-31",
                                   precision="year"), explicit=True, recent=False,
                      background=True)
    return None


def _count(ann: Annotation, unit: Token, number_words: dict[str, int]) -> int | None:
    """The number a duration noun counts: "twenty years" 20, "a decade" 1, "years" None."""
    for k in ann.children(unit.i):
        word = k.text.lower()
        if k.dep == "nummod":
            if word.isdigit():
                return int(word)
            if word in number_words:
                return number_words[word]
        if k.dep == "det" and word in {"a", "an", "one"}:
            return 1
    return None
