"""places: toponyms in the text → geocoded ``Place``s (recognition, then resolution in context).

Recognition (here) takes the NER's places (GPE, LOC, FAC), demonyms that name a country (NORP),
and capitalised names the NER missed or mislabelled when the gazetteer knows them and the
context says "place" ("in X", "X province", "the X area", "north of X"). Resolution is in
``place_resolve``; relative locations ("40 km north of X") in ``place_relative``. The words
involved are data, in ``resources/places_extra.yaml``.

Example: ``find_places(analysis, ctx).places[0].id`` → ``"geonames:2988507"`` (Paris).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from eventatlas.model import Analysis, Annotation, Mention, Place
from eventatlas.settings import PlacesSettings
from eventatlas.stages.dateline import dateline_toponym
from eventatlas.stages.gazetteer import (
    VIA_DEMONYM,
    Candidate,
    Gazetteer,
    PlaceWords,
    normalize,
    place_words,
)
from eventatlas.stages.place_clues import (
    glued_names,
    modifies_local_noun,
    names_street,
    person_words,
    stray_letters,
    unrelated_alias,
)
from eventatlas.stages.place_relative import relative_places
from eventatlas.stages.place_resolve import Toponym, candidates_for, resolve

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_BLOCK_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
_RELABEL = frozenset({"ORG"})  # one-word places the NER often calls organisations
# Prepositions that, before a name the NER called an organisation, still say "place" ("in X",
# "near X"); "from X", "to X" and "at X" as easily name a sender, addressee or employer.
_SETTING_PREPS = frozenset({"in", "near", "outside", "inside", "across", "around", "through",
                            "throughout", "within"})
_MAX_NGRAM = 5
_WORD = re.compile(r"[\w’'-]+")


def find_places(item: Analysis, ctx: StageContext) -> Analysis:
    """Find and geocode the places of one annotated document."""
    assert isinstance(ctx.config, PlacesSettings)
    if item.annotation is None:
        log.warning("%s: no annotation; places stage skipped", item.document.source)
        return item
    gazetteer: Gazetteer = ctx.services.gazetteer
    text = item.document.text
    toponyms = recognize(text, item.annotation, gazetteer)
    chosen = [None if c is not None and unrelated_alias(t, c) else c
              for t, c in zip(toponyms, resolve(text, toponyms, gazetteer), strict=True)]
    places = to_places(text, toponyms, chosen)
    return item.model_copy(update={"places": (*places, *relative_places(text, places))})


def resolve_spans(text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer
                  ) -> list[Candidate | None]:
    """Resolve given toponym spans (e.g. gold ones) in the context of each other.

    Example: ``resolve_spans("Lyon in France", [(0, 4), (8, 14)], gaz)[0].country`` → "FR".
    """
    words = place_words()
    toponyms = [_toponym(text, s, e, "gold", words) for s, e in spans]
    return resolve(text, toponyms, gazetteer)


def to_places(text: str, toponyms: Sequence[Toponym], chosen: Sequence[Candidate | None]
              ) -> tuple[Place, ...]:
    """One Place per resolved location, with all its mentions, in order of first mention."""
    mentions: dict[str, list[Mention]] = {}
    best: dict[str, Candidate] = {}
    for top, cand in sorted(zip(toponyms, chosen, strict=True), key=lambda p: p[0].start):
        if cand is None:
            continue
        best.setdefault(cand.ref, cand)
        mentions.setdefault(cand.ref, []).append(
            Mention(start=top.start, end=top.end, text=text[top.start:top.end]))
    return tuple(
        Place(id=ref, name=c.name, feature=c.feature, country=c.country,
              admin1=c.admin1 if c.feature != "country" else None, lat=c.lat, lon=c.lon,
              mentions=tuple(mentions[ref]))
        for ref, c in best.items()
    )


# -------------------------------------------------------------------------------- recognition


def recognize(text: str, ann: Annotation, gazetteer: Gazetteer) -> list[Toponym]:
    """Toponyms from the NER's places and demonyms, plus gazetteer names found in context."""
    words = place_words()
    found: list[Toponym] = []
    taken = [False] * len(ann.tokens)
    for ent in ann.entities:
        top = None
        if ent.label in _PLACE_LABELS:
            top = _toponym(text, ent.start, ent.end, "ner", words)
            if top.key in words.not_places or not _known(top, gazetteer):
                top = None
        elif ent.label == "NORP" and _is_demonym(ent.text, gazetteer, words):
            top = Toponym(ent.start, ent.end, ent.text, normalize(ent.text), None, "norp")
        elif ent.label in _RELABEL:
            top = _town_of_body(text, ann, ent.first_token, ent.last_token, gazetteer, words)
            if top is None and ent.last_token - ent.first_token == 1:
                top = _mislabelled(text, ann, ent.first_token, gazetteer, words)
        if top is not None or _blocks(ent.label, ent.last_token - ent.first_token):
            taken[ent.first_token:ent.last_token] = [True] * (ent.last_token - ent.first_token)
        if top is not None and not names_street(text, top):
            found.append(top)
    head = dateline_toponym(text, gazetteer)  # "SPRINGFIELD, Ill. (AP) —"
    if head is not None and not _overlaps(head, found):
        found.append(head)
        taken = [t or head.start <= k.start < head.end for t, k in zip(taken, ann.tokens)]
    countries = {c.country for c in resolve(text, found, gazetteer) if c and c.country}
    found.extend(t for t in _gazetteer_names(text, ann, gazetteer, taken, found, countries)
                 if not names_street(text, t))
    found.extend(t for t in glued_names(text, ann, gazetteer, {t.key for t in found}, lambda s, e:
                 _toponym(text, s, e, "gazetteer", words)) if not _overlaps(t, found))
    return sorted((t for t in found if not stray_letters(t, gazetteer)), key=lambda t: t.start)


def _overlaps(top: Toponym, found: Sequence[Toponym]) -> bool:
    return any(t.start < top.end and top.start < t.end for t in found)


def _blocks(label: str, size: int) -> bool:
    """An ORG, a multi-word PERSON, etc. is not searched for place names inside it."""
    return label in _BLOCK_LABELS and (label != "PERSON" or size > 1)


def _known(top: Toponym, gazetteer: Gazetteer) -> bool:
    return any(gazetteer.has_key(k) for k in top.keys if k) or bool(
        gazetteer.lookup_fuzzy(top.key))


def _is_demonym(name: str, gazetteer: Gazetteer, words: PlaceWords) -> bool:
    if name.casefold() in words.ethnonyms:
        return False
    return any(c.via == VIA_DEMONYM and c.feature == "country" for c in gazetteer.lookup(name))


def _toponym(text: str, start: int, end: int, source: str, words: PlaceWords) -> Toponym:
    """Read a span's lookup name and feature hint from its own words and the next word."""
    span = text[start:end]
    tokens = _WORD.findall(span)
    hint = None
    if len(tokens) > 1 and words.hint(tokens[-1]) is not None:
        hint = words.hint(tokens[-1])
        short = tokens[:-1]
    elif len(tokens) > 1 and tokens[0].casefold() in words.natural_before:
        hint, short = "natural", tokens[1:]
    else:
        nxt = _WORD.match(text, _skip_space(text, end))
        hint = words.hint(nxt.group()) if nxt else None
        short = tokens
    part = len(short) > 1 and short[0].casefold() in words.directions
    if part:
        short = short[1:]
    key, short_key = normalize(span), normalize(" ".join(short))
    return Toponym(start, end, span, key, hint, source, part,
                   short_key if short_key != key else "")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _gazetteer_names(text: str, ann: Annotation, gazetteer: Gazetteer, taken: list[bool],
                     found: Sequence[Toponym], countries: set[str]) -> list[Toponym]:
    """Capitalised names the NER did not tag as places, kept when the context says "place".

    Without a cue, a name is kept when the document already used it as a place, or when it
    names a large place of a country the document is about (misspellings included) and is not
    a word of a full person name the text gives ("Dana Henderson ... Henderson said").
    """
    words = place_words()
    accepted: list[Toponym] = []
    pending: list[Toponym] = []
    toks = ann.tokens
    i = 0
    while i < len(toks):
        if taken[i] or not _capitalised(toks[i].text) or toks[i].text.casefold() in words.stop:
            i += 1
            continue
        match = _longest_name(text, ann, i, taken, gazetteer, words)
        if match is None:
            i += 1
            continue
        j, top = match
        if modifies_local_noun(text, ann, i, j, opening=i == 0):  # the headline opens on it
            top = replace(top, hint="city")
        if top.hint is not None or _place_context(ann, i, top, words):
            accepted.append(top)
        else:
            pending.append(top)
        i = j
    keys = {t.key for t in (*found, *accepted)}
    people = person_words(ann)
    for top in pending:
        if top.key in keys or top.text.casefold() not in people and \
                _large_in(top, gazetteer, countries):
            accepted.append(top)
    return accepted


def _longest_name(text: str, ann: Annotation, i: int, taken: list[bool], gazetteer: Gazetteer,
                  words: PlaceWords) -> tuple[int, Toponym] | None:
    toks = ann.tokens
    for j in range(min(len(toks), i + _MAX_NGRAM), i, -1):
        if any(taken[i:j]) or not _capitalised(toks[j - 1].text) or toks[j - 1].sent != toks[i].sent:
            continue
        top = _toponym(text, toks[i].start, toks[j - 1].end, "gazetteer", words)
        if top.key in words.not_places or top.key in words.ethnonyms:
            continue
        if any(gazetteer.has_key(k) for k in top.keys) or (
                "-" in top.text and gazetteer.lookup_fuzzy(top.key)):
            return j, top
    return None


def _large_in(top: Toponym, gazetteer: Gazetteer, countries: set[str]) -> bool:
    cands = candidates_for(top, gazetteer)[0]
    return any(c.country in countries and (c.population >= 100_000 or c.feature == "admin1")
               for c in cands)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def _mislabelled(text: str, ann: Annotation, i: int, gazetteer: Gazetteer,
                 words: PlaceWords) -> Toponym | None:
    """A one-word name the NER called an organisation, taken as a place when the
    gazetteer knows it and the context is unambiguous: "in X", "the town of X", "northern X",
    "X province". Weaker cues ("from X", "attacked X") do not outweigh the NER."""
    tok = ann.tokens[i]
    top = _toponym(text, tok.start, tok.end, "gazetteer", words)
    if top.key in words.not_places or top.key in words.ethnonyms or \
            not gazetteer.has_key(top.key):
        return None
    if top.hint is not None:
        return top
    k = i - 1
    if k >= 0 and ann.tokens[k].text.casefold() == "the":
        k -= 1
    prev = ann.tokens[k] if k >= 0 and ann.tokens[k].sent == tok.sent else None
    if prev is None:
        return None
    word = prev.text.casefold()
    if word in _SETTING_PREPS or (prev.text.islower() and word in words.directions):
        return top
    before = ann.tokens[k - 1].text.casefold() if k >= 1 else ""
    return top if word == "of" and before in words.part_words else None


def _town_of_body(text: str, ann: Annotation, first: int, last: int, gazetteer: Gazetteer,
                  words: PlaceWords) -> Toponym | None:
    """The town an organisation the NER found is named for: "the Dayton Police Department",
    "Elmwood police" (the noun after the entity), when the gazetteer knows it."""
    toks = ann.tokens
    if toks[first].text.casefold() == "the":
        first += 1
    for k in range(first + 1, min(last + 1, len(toks), first + _MAX_NGRAM)):
        if not all(_capitalised(t.text) for t in toks[first:k]):
            return None
        if modifies_local_noun(text, ann, first, k, opening=True):
            top = _toponym(text, toks[first].start, toks[k - 1].end, "gazetteer", words)
            if k - first == 1 and toks[first].text.casefold() in words.stop:
                return None  # "Police Officer Lee"
            known = top.key not in words.not_places and gazetteer.has_key(top.key)
            return replace(top, hint="city") if known else None
    return None


def _place_context(ann: Annotation, i: int, top: Toponym, words: PlaceWords) -> bool:
    """"in X", "north of X", "outskirts of the X", "X province", "the X area", "south X": X is
    a place."""
    if top.hint is not None:
        return True
    toks = ann.tokens
    if i > 0 and toks[i - 1].sent == toks[i].sent and toks[i - 1].text.islower() and \
            toks[i - 1].text in words.directions:
        return True  # "a south Augusta shopping centre", "in northwest Houston"

    def before(n: int) -> str:
        k = i - n
        return toks[k].text.casefold() if k >= 0 and toks[k].sent == toks[i].sent else ""

    prev, back = before(1), 1
    if prev == "the":
        prev, back = before(2), 2
    if prev in words.cues and prev != "of":
        return True
    return prev == "of" and before(back + 1) in (words.directions | words.part_words)


# --------------------------------------------------------------------------------- resolution
