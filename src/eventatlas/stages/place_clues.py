"""Clues around a name that the places stage weighs: a town named by its police or people
("the Dayton Police Department", "a Racine man"), a name that is a street's ("Elm Lane"), a
word of a person's full name, one or two stray letters.

Example: ``names_street("shot on Erie Street", Toponym(8, 12, "Erie", "erie", None, "ner"))``
→ ``True``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from rapidfuzz import fuzz

from eventatlas.model import Annotation
from eventatlas.stages.gazetteer import VIA_ALT, Candidate, Gazetteer, normalize
from eventatlas.stages.name_keys import ARABIC_ARTICLES
from eventatlas.stages.place_resolve import Toponym

# A headline or site name run into the body's first word ("abc7news.comSan", "DeputiesRichland"):
# the capitalised word after the seam may begin a name. At least four characters come before
# it, as names have their own short capitalised prefixes ("LeFlore", "McAllen", "MacArthur").
_SEAM = re.compile(r"(?<=\w{3})[a-z.][A-Z](?=[a-z]{2}|[A-Z]{2})")
_MAX_WORDS = 4
_ABBREVIATED = frozenset({"country", "admin1"})  # what a name of two letters may abbreviate
_LARGE_TOWN = 100_000  # a town this big is known by other names ("Bombay"); a small one is not
_INSIDE_ITS_NAME = 90.0  # rapidfuzz partial ratio: the other name is part of the town's own
_ARTICLES = ARABIC_ARTICLES | {"the"}
# Nouns for a town's people, officers and incidents: a name modifying one ("a Conroe police
# officer", "the Dayton Police Department", "Smithville residents", "the Elmwood shooting") is
# that town.
_LOCAL_NOUNS = frozenset({
    "police", "policeman", "policemen", "officer", "officers", "cop", "cops", "deputy",
    "deputies", "sheriff", "trooper", "troopers", "detective", "detectives", "firefighters",
    "fire", "officials", "authorities", "mayor", "council", "resident", "residents", "man",
    "men", "woman", "women", "boy", "boys", "girl", "girls", "teen", "teens", "teenager",
    "teenagers", "youth", "student", "students", "mother", "father", "family", "couple",
    "homeowner", "native", "shooting", "stabbing", "homicide", "murder", "slaying"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_NAME_TYPES = frozenset({"", "ORG", "GPE", "LOC", "FAC"})
_STREET_WORDS = (r"(?:St|Street|Ave|Avenue|Rd|Road|Ln|Lane|Dr|Drive|Blvd|Boulevard|Pkwy|Parkway"
                 r"|Hwy|Highway|Expressway|Freeway|Way|Court|Place|Circle|Terrace|Trail|Pike)")
_STREET_AFTER = re.compile(rf"[ \t]+{_STREET_WORDS}\b")
_STREET_END = re.compile(rf"\s{_STREET_WORDS}\.?$")
_STREET_WORD = re.compile(rf"{_STREET_WORDS}\.?")
_NAMED_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*|\d\w*)[ \t]+$")


def modifies_local_noun(text: str, ann: Annotation, i: int, j: int,
                         opening: bool = False) -> bool:
    """Whether tokens ``i:j`` name the town of the local noun right after them ("Conroe police",
    "an Elmwood man"): they modify it, the NER tagged them as nothing or as a name of a body or
    place, and the text does not also use them as a common word ("many", "mall"). Unless
    ``opening``, a name opening its sentence is left out, as common words are also the names of
    small towns ("Metro police said")."""
    toks = ann.tokens
    if j >= len(toks) or not opening and (i == 0 or toks[i - 1].sent != toks[i].sent):
        return False
    if toks[j].text.casefold() not in _LOCAL_NOUNS or toks[j - 1].dep not in _MODIFIER_DEPS:
        return False
    if any(t.ent_type not in _NAME_TYPES for t in toks[i:j]):
        return False
    name = text[toks[i].start:toks[j - 1].end]
    return re.search(rf"\b{re.escape(name.lower())}\b", text) is None


def glued_names(text: str, ann: Annotation, gazetteer: Gazetteer, known: Collection[str],
                toponym: Callable[[int, int], Toponym]) -> list[Toponym]:
    """Names that begin inside a token where a headline or site name ran into the body without
    a space ("… | abc7news.comSan Francisco police said", "shot at deputiesRichland County
    deputies say"): kept when the gazetteer knows the name and it is a county or the like, names
    the town of a local noun right after it, or is a place the text names elsewhere.
    ``toponym(start, end)`` reads a span as a toponym."""
    found: list[Toponym] = []
    toks = ann.tokens
    for i, tok in enumerate(toks):
        seam = _SEAM.search(tok.text)
        if seam is None:
            continue
        start = tok.start + seam.start() + 1
        for j in range(min(len(toks), i + _MAX_WORDS), i, -1):
            if toks[j - 1].sent != tok.sent or not toks[j - 1].text[:1].isupper():
                continue
            top = toponym(start, toks[j - 1].end)
            if not gazetteer.has_key(top.key):
                continue
            local = j < len(toks) and toks[j].text.casefold() in _LOCAL_NOUNS
            if top.hint is not None or local or top.key in known:
                found.append(top)
            break
    return found


def stray_letters(top: Toponym, gazetteer: Gazetteer) -> bool:
    """A name of one or two letters ("W Hotel", "St.", "No", "D.A.") that abbreviates no
    country or state ("U.S.", "N.C.", "Pa." do)."""
    if sum(c.isalpha() for c in top.text) > 2:
        return False
    return not any(c.feature in _ABBREVIATED for c in gazetteer.lookup_key(top.key))


def unrelated_alias(top: Toponym, cand: Candidate) -> bool:
    """Whether a small town was matched only by another name of it that is no spelling of its
    own: a code in capitals ("SUV" for Suva), or a word or part of a longer name ("North Side",
    "Fort", "Francisco") that neither starts like the town's name nor lies inside it. A
    transliteration ("Kabol", "Sweida" for As-Suwayda), a shorter form ("Evian"), or any
    other name of a large town, stays."""
    if cand.via != VIA_ALT or cand.feature != "city" or cand.population >= _LARGE_TOWN:
        return False
    if top.text.isupper() and sum(c.isalpha() for c in top.text) <= 4:
        return True
    said, own = normalize(top.text), normalize(cand.name)
    return _initial(said) != _initial(own) and fuzz.partial_ratio(said, own) < _INSIDE_ITS_NAME


def _initial(key: str) -> str:
    """The first letter of a name after any article ("al-Qusur" → "q")."""
    words = key.split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return words[0][:1] if words else ""


def names_street(text: str, top: Toponym) -> bool:
    """Whether a name is (part of) a street's: "Ellis Avenue", "the 900 block of Erie Street",
    "San Jose St." A street names no town itself; the town is told elsewhere."""
    if _STREET_AFTER.match(text, top.end) or _STREET_END.search(top.text):
        return True
    return _STREET_WORD.fullmatch(top.text) is not None and \
        _NAMED_BEFORE.search(text, max(0, top.start - 40), top.start) is not None  # "Elm Lane"


def person_words(ann: Annotation) -> frozenset[str]:
    """The words of the full person names the NER found ("Dana Smith"), case-folded."""
    return frozenset(t.text.casefold() for e in ann.entities
                     if e.label == "PERSON" and e.last_token - e.first_token > 1
                     for t in ann.tokens[e.first_token:e.last_token])
