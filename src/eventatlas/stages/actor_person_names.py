"""What of a PERSON entity is a person's name, and which named people are not actors.

The tagger's PERSON spans carry debris: a page title glued to the first name ("TimesGarry
Smith"), the words after the name ("Carl Brunen was beaten", "Laquan Doe 16 times"), a headline
in title case ("Teen Shot To Death"), a squad's abbreviation ("LAPD Det"). ``trim`` keeps the
name; ``plausible`` says whether what is left can be a person's name at all. ``credit`` tells a
byline or contact line ("reporter X contributed", "call Det. Y at 555-0100"): the people named
only there wrote or take calls about the news; they are not its actors.
"""

from __future__ import annotations

import re

from eventatlas.stages.name_keys import ARABIC_ARTICLES, fold

# lowercase words that belong inside names ("Ludwig van Beethoven", "Bill de Blasio")
PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "ter", "le",
             "la", "al", "el", "bin", "ibn", "bint", "ben", "abu", "dos", "das", "y", "st."}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# "al-Assad", "el-Sisi", "ash-Shara": an article joined to a capitalised name
_ARTICLE = re.compile(rf"^(?i:{'|'.join(sorted(ARABIC_ARTICLES, key=len, reverse=True))})-(?=[A-Z])")
# capitalised function words: a name does not contain them, a title-case headline does
_HEADLINE_WORDS = {"to", "in", "of", "for", "on", "at", "with", "from", "by", "after", "the",
                   "a", "an", "is", "are", "was", "has", "over", "into"}
_STOP = re.compile(r"[\d“”\"«»|@?!;:(]|\s[-–—]\s")
_CAMEL = re.compile(r"^[A-Z][a-z]{4,}(?=[A-Z][a-z])")  # "TimesGarry": "Times" is page chrome
_CREDIT_BEFORE = re.compile(
    r"(?:\breporters?|\bcorrespondents?|\bphotographers?|\bwritten by|\bcompiled by|"
    r"\breporting by|\beditors?)\s*(?:[A-Z][\w.'’-]*\s+){0,3}$", re.IGNORECASE)
_CREDIT_AFTER = re.compile(
    r"^(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?,?\s+(?:contributed\b|"
    r"reports?\s*(?:$|\n)|is following\b)|"
    r"^,?\s+(?:at\s+|or\s+)?(?:\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|[\w.+-]+@[\w-]+\.\w)")


def trim(raw: str) -> tuple[int, str]:
    """(offset in ``raw``, the name): debris after and before the name cut off."""
    stop = _STOP.search(raw)
    text = raw[: stop.start()] if stop else raw
    offset = 0
    if camel := _CAMEL.match(text):
        offset = camel.end()
    words = list(re.finditer(r"\S+", text[offset:]))
    while words and _lowercase(words[0].group()):
        words.pop(0)  # "rob Watkins": a verb the tagger took in
    for k, w in enumerate(words[1:], start=1):
        if _lowercase(w.group()):
            words = words[:k]
            break
    if not words:
        return 0, ""
    start, end = offset + words[0].start(), offset + words[-1].end()
    return start, raw[start:end].rstrip(" ,.'’")


def _lowercase(word: str) -> bool:
    return word[:1].islower() and word.lower() not in PARTICLES


def plausible(name: str, not_person_words: frozenset[str], title_abbreviations: set[str]
              ) -> bool:
    """Whether a trimmed span can be a person's name: letters, no street or office word, no
    headline function word, not a bare squad abbreviation, not one shouted word."""
    words = fold(name).split()
    if not words or not any(ch.isalpha() for ch in name):
        return False
    # a street or office word anywhere but first ("Park Chung-hee" is a name)
    if any(w in not_person_words for w in words[1:]) or words[-1] in not_person_words or \
            words[-1] in title_abbreviations:
        return False
    if any(w[:1].isupper() and w.lower() in _HEADLINE_WORDS for w in name.split()[1:]):
        return False
    return not (len(words) == 1 and name.isupper() and len(name) > 2)


def surname(name: str) -> str:
    """The last word of a name that is not a generation: "John Hale Jr." → "Hale"."""
    words = name.split()
    while len(words) > 1 and fold(words[-1]) in SUFFIXES:
        words.pop()
    return words[-1] if words else name


def surname_forms(name: str) -> tuple[str, ...]:
    """The surname, and without its Arabic article when it has one: "Bashar al-Assad" is
    "al-Assad" and "Assad" on later reference."""
    last = surname(name)
    bare = _ARTICLE.sub("", last)
    return (last, bare) if bare and bare != last else (last,)


def credit(text: str, start: int, end: int) -> bool:
    """Whether a mention sits in a byline, a credit or a contact line."""
    return bool(_CREDIT_BEFORE.search(text[max(0, start - 60) : start]) or
                _CREDIT_AFTER.match(text[end : end + 60]))


def in_longer_name(text: str, start: int, end: int, titles: frozenset[str]) -> bool:
    """Whether a one-word match is the end or start of a longer capitalised name ("Ann Kohl",
    "Kohl Center"), a title before it aside ("Chancellor Kohl")."""
    before = re.search(r"([A-Z][\w'’-]*)\s+$", text[max(0, start - 40) : start])
    after = re.match(r"\s+[A-Z][a-z]", text[end : end + 3])
    return bool(after) or (before is not None and fold(before.group(1)) not in titles)


def shared_surnames(text: str, hits: list[tuple[int, int, str]], titles: frozenset[str]
                    ) -> set[str]:
    """One-word registry names that the document also writes as part of a longer name: there
    they are someone else, and alone they are more likely that someone ("Ann Kohl ... Kohl")."""
    return {text[s:e] for s, e, _ in hits
            if " " not in text[s:e] and in_longer_name(text, s, e, titles)}
