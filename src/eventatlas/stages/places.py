"""places: toponyms in the text → geocoded ``Place``s (recognition, then resolution in context).

Recognition takes the NER's places (GPE, LOC, FAC), demonyms that name a country (NORP), and
capitalised names the NER missed or mislabelled when the gazetteer knows them and the context
says "place" ("in X", "X province", "the X area", "north of X"). Resolution scores every
candidate by feature and population, then by the document: the country most places belong to,
names stated together ("X in the Y province" → X must lie in Y), closeness to the other places,
and what the text calls the place ("X province", "X valley"). The words involved are data, in
``resources/places_extra.yaml``.

Example: ``find_places(analysis, ctx).places[0].id`` → ``"geonames:2988507"`` (Paris).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventatlas.model import Analysis, Annotation, Mention, Place
from eventatlas.settings import PlacesSettings
from eventatlas.stages.gazetteer import (
    VIA_ALT,
    VIA_DEMONYM,
    Candidate,
    Gazetteer,
    PlaceWords,
    haversine_km,
    normalize,
    place_words,
)

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_BLOCK_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
_MAX_NGRAM = 5
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A span of text taken to name a place, with what its context says about it."""

    start: int
    end: int
    text: str
    key: str  # normalised lookup name of the whole span
    hint: str | None  # "admin" | "natural" | "city" | None
    source: str  # "ner" | "norp" | "gazetteer" | "gold"
    part: bool = False  # "Northern X": only a country, division or region may be X
    short_key: str = ""  # the name without its generic word or direction, tried second

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, self.short_key) if self.short_key else (self.key,)


def find_places(item: Analysis, ctx: StageContext) -> Analysis:
    """Find and geocode the places of one annotated document."""
    assert isinstance(ctx.config, PlacesSettings)
    if item.annotation is None:
        log.warning("%s: no annotation; places stage skipped", item.document.source)
        return item
    gazetteer: Gazetteer = ctx.services.gazetteer
    text = item.document.text
    toponyms = recognize(text, item.annotation, gazetteer)
    chosen = resolve(text, toponyms, gazetteer)
    return item.model_copy(update={"places": to_places(text, toponyms, chosen)})


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
        if top is not None or _blocks(ent.label, ent.last_token - ent.first_token):
            taken[ent.first_token:ent.last_token] = [True] * (ent.last_token - ent.first_token)
        if top is not None:
            found.append(top)
    countries = {c.country for c in resolve(text, found, gazetteer) if c and c.country}
    found.extend(_gazetteer_names(text, ann, gazetteer, taken, found, countries))
    return sorted(found, key=lambda t: t.start)


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
    names a large place of a country the document is about (misspellings included).
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
        (accepted if _place_context(ann, i, top, words) else pending).append(top)
        i = j
    keys = {t.key for t in (*found, *accepted)}
    for top in pending:
        if top.key in keys or _large_in(top, gazetteer, countries):
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
    cands = _candidates(top, gazetteer)[0]
    return any(c.country in countries and (c.population >= 100_000 or c.feature == "admin1")
               for c in cands)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def _place_context(ann: Annotation, i: int, top: Toponym, words: PlaceWords) -> bool:
    """"in X", "north of X", "outskirts of the X", "X province", "the X area": X is a place."""
    if top.hint is not None:
        return True
    toks = ann.tokens

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

_FEATURE_WEIGHT = {"country": 3.0, "region": 2.5, "natural": 2.0, "admin1": 1.5, "admin2": 0.3,
                   "city": 1.2}
_HINT_BONUS = {
    "admin": {"admin1": 3.0, "admin2": 3.0},
    "natural": {"admin1": 2.0, "admin2": 1.5, "natural": 3.0, "region": 1.0, "city": -1.0},
    "city": {"city": 1.0, "admin2": 0.3},
}
_CONNECTORS = frozenset({"in", "of", ",", "the", "near"})


@dataclass
class _Group:
    """All toponyms with one lookup name: one discourse, one sense."""

    members: list[int]
    candidates: list[Candidate]
    priors: list[float]
    source: str
    fuzzy: bool
    choice: int = 0


def resolve(text: str, toponyms: Sequence[Toponym], gazetteer: Gazetteer
            ) -> list[Candidate | None]:
    """The chosen candidate for each toponym (None when nothing fits well enough)."""
    groups = _groups(toponyms, gazetteer)
    of_top = {i: g for g in groups for i in g.members}
    links = _links(text, toponyms)
    for _ in range(2):
        votes = _country_votes(groups)
        for g in groups:
            scores = [p + _context(c, g, groups, votes, links, of_top)
                      for c, p in zip(g.candidates, g.priors, strict=True)]
            g.choice = max(range(len(scores)), key=lambda k: (scores[k], -k))
    votes = _country_votes(groups)
    out: list[Candidate | None] = []
    for i in range(len(toponyms)):
        found = of_top.get(i)
        out.append(found.candidates[found.choice] if found and _accept(found, votes) else None)
    return out


def _groups(toponyms: Sequence[Toponym], gazetteer: Gazetteer) -> list[_Group]:
    by_key: dict[tuple[str, str, bool, bool], list[int]] = {}
    for i, top in enumerate(toponyms):
        by_key.setdefault((top.key, top.short_key, top.part, top.source == "norp"),
                          []).append(i)
    groups = []
    for (_, _, _, norp), members in by_key.items():
        cands, fuzzy = _candidates(toponyms[members[0]], gazetteer)
        if norp:
            cands = [c for c in cands if c.via == VIA_DEMONYM and c.feature == "country"]
        if not cands:
            continue
        hints = [toponyms[i].hint for i in members if toponyms[i].hint]
        hint = Counter(hints).most_common(1)[0][0] if hints else None
        source = min((toponyms[i].source for i in members), key=_SOURCE_RANK.index)
        groups.append(_Group(members, cands, _priors(cands, hint), source, fuzzy))
    return groups


def _candidates(top: Toponym, gazetteer: Gazetteer) -> tuple[list[Candidate], bool]:
    """Entries for the whole name, else for its short form, else for a near spelling."""
    cands = gazetteer.lookup_key(top.key)
    if not cands and top.short_key:
        cands = gazetteer.lookup_key(top.short_key)
        if top.part:
            cands = [c for c in cands if c.feature in _WHOLES]
    if cands:
        return cands, False
    return gazetteer.lookup_fuzzy(top.short_key or top.key), True


_SOURCE_RANK = ["gold", "ner", "norp", "gazetteer"]
_WHOLES = frozenset({"country", "admin1", "region", "natural"})


def _priors(cands: list[Candidate], hint: str | None) -> list[float]:
    """Score before context: feature, size, how the name matched, what the text calls it."""
    towns_in_namesake = {c.admin1_code for c in cands if c.feature in ("admin1", "admin2")}
    out = []
    for c in cands:
        score = math.log10(c.population + 10) / 2 + _FEATURE_WEIGHT.get(c.feature, 0.0)
        if c.via == VIA_ALT:
            score -= 1.0
        if c.lat is None:
            score -= 2.0
        if hint is not None:
            score += _HINT_BONUS[hint].get(c.feature, 0.0)
        elif c.feature == "city" and c.admin1_code in towns_in_namesake:
            score += 1.0  # a bare name shared by a division and its own town: the town
        out.append(score)
    return out


def _links(text: str, toponyms: Sequence[Toponym]) -> dict[int, int]:
    """toponym i → toponym j when the text says i lies in j ("X area in the Y province")."""
    words = place_words()
    links = {}
    for i in range(len(toponyms) - 1):
        a, b = toponyms[i], toponyms[i + 1]
        gap = text[a.end:b.start].casefold()
        if len(gap) > 40 or not gap.strip():
            continue
        parts = re.findall(r"\w+|,", gap)
        if parts and all(p in _CONNECTORS or words.hint(p) for p in parts) and (
                {"in", ",", "of"} & set(parts)):
            links[i] = i + 1
    return links


def _country_votes(groups: Sequence[_Group]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for g in groups:
        c = g.candidates[g.choice]
        if c.country:
            votes[c.country] += len(g.members) * (2 if c.feature == "country" else 1)
    return votes


def _context(c: Candidate, g: _Group, groups: Sequence[_Group], votes: Counter[str],
             links: dict[int, int], of_top: dict[int, _Group]) -> float:
    """Bonus from the document: its main countries, stated containment, nearby places."""
    own = g.candidates[g.choice]
    weight = len(g.members) * (2 if own.feature == "country" else 1)
    total = sum(votes.values()) - weight
    score = 0.0
    if c.country and total > 0:
        same = votes[c.country] - (weight if own.country == c.country else 0)
        score += 3.0 * same / total
    for i in g.members:
        outer = of_top.get(links.get(i, -1))
        if outer is not None and outer is not g:
            score += _inside(c, outer.candidates[outer.choice])
    score += _nearby(c, g, groups)
    return score


def _inside(c: Candidate, outer: Candidate) -> float:
    if outer.feature in ("admin1", "admin2") and c.admin1_code == outer.admin1_code:
        return 4.0
    if outer.feature == "country" and c.country == outer.country:
        return 2.5
    if outer.lat is not None and c.lat is not None and c.lon is not None \
            and outer.lon is not None and haversine_km(c.lat, c.lon, outer.lat, outer.lon) < 50:
        return 2.0
    return 0.0


def _nearby(c: Candidate, g: _Group, groups: Sequence[_Group]) -> float:
    if c.lat is None or c.lon is None or c.feature in ("country", "region"):
        return 0.0
    near = 0.0
    for other in groups:
        o = other.candidates[other.choice]
        if other is g or o.lat is None or o.lon is None or o.feature in ("country", "region"):
            continue
        d = haversine_km(c.lat, c.lon, o.lat, o.lon)
        near = max(near, 1.0 if d < 200 else 0.5 if d < 800 else 0.0)
    return near


def _accept(g: _Group, votes: Counter[str]) -> bool:
    """Keep weak readings (alternate names, fuzzy or gazetteer-only matches) only in context."""
    c = g.candidates[g.choice]
    if g.source == "gold":
        return True
    top = {cc for cc, _ in votes.most_common(3)}
    big = c.feature in ("country", "admin1", "region", "natural") or c.population >= 100_000
    if g.fuzzy or g.source == "gazetteer":
        return big or c.country in top
    if c.via == VIA_ALT and c.feature == "city" and c.population < 10_000:
        return c.country in top
    return True
