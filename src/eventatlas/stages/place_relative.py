"""Relative locations: "40 km north of X", "on the outskirts of X", "near X".

Such a phrase names a location of its own, not X: it becomes a ``Place`` with the anchor's id
in ``anchor``, the relation ("north", "outskirts", "near", ...) in ``relation`` and the stated
distance in ``distance_km``. Its point is the anchor's, moved by the distance along the
direction when both are stated; its feature is "other", so an event placed there gets ACLED's
geo-precision 2 ("near / part of") instead of the anchor's. The anchor keeps its own Place.
A name that only locates a site the phrase is about ("outside X's Town Center", "near X Race
Course") makes no relative location: the site is in X. The words are data (``relative`` in
``resources/places_extra.yaml``).

Example: ``relative_places("a village 30 km north of Lyon", places)[0].relation`` → ``"north"``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from eventatlas.model import Mention, Place
from eventatlas.stages.gazetteer import extra_data, place_words

log = logging.getLogger(__name__)

_LOOK_BACK = 80  # characters before a mention searched for the relative phrase
_EARTH_KM = 6371.0
# relations that make a location relative only when a distance is stated ("200 km from X")
_NEED_DISTANCE = frozenset({"from", "away from", "off"})


@dataclass(frozen=True)
class _Words:
    pattern: re.Pattern[str]
    bearings: dict[str, float]
    units: dict[str, float]


def _alternatives(words: Iterable[str]) -> str:
    ordered = sorted({str(w).casefold() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _words() -> _Words:
    data = extra_data()["relative"]
    bearings = {str(k).casefold(): float(v) for k, v in data["directions"].items()}
    units = {str(k).casefold(): float(v) for k, v in data["units"].items()}
    pattern = re.compile(
        rf"(?:(?P<num>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>{_alternatives(units)})\.?\s+)?"
        rf"(?:(?:to\s+the\s+|just\s+)?(?P<dir>{_alternatives(bearings)})\s+of"
        rf"|(?:on\s+)?(?:the\s+)?(?P<rel>{_alternatives(data['relations'])})(?:\s+of)?)"
        r"\s+(?:the\s+)?$", re.IGNORECASE)
    return _Words(pattern, bearings, units)


@dataclass(frozen=True)
class _Relative:
    start: int
    relation: str
    distance_km: float | None
    bearing: float | None


def _read(text: str, mention: Mention, words: _Words) -> _Relative | None:
    if _names_a_site_in(text, mention):
        return None
    lo = max(0, mention.start - _LOOK_BACK)
    m = words.pattern.search(text, lo, mention.start)
    if m is None:
        return None
    distance = None
    if m.group("num"):
        distance = round(float(m.group("num")) * words.units[m.group("unit").casefold()], 3)
    if m.group("dir"):
        word = m.group("dir").casefold()
        bearing = words.bearings[word]
        relation = min((w for w, b in words.bearings.items() if b == bearing), key=len)
        return _Relative(m.start(), relation, distance, bearing)
    relation = " ".join(m.group("rel").casefold().split())
    if relation in _NEED_DISTANCE and distance is None:
        return None
    return _Relative(m.start(), relation, distance, None)


_SITE_AFTER = re.compile(r"(?:['’]s\s|[ \t]+(?P<word>[A-Z][a-z]+))")


def _names_a_site_in(text: str, mention: Mention) -> bool:
    """Whether the name only says where a site lies that the phrase is about: "outside X's
    Town Center", "near X Race Course" (near the site, in X), not "near X Sunday"."""
    m = _SITE_AFTER.match(text, mention.end)
    if m is None:
        return False
    word = m.group("word")
    return word is None or word.casefold() not in place_words().stop


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along ``bearing`` degrees (great circle)."""
    d, b = km / _EARTH_KM, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def relative_places(text: str, places: Sequence[Place]) -> tuple[Place, ...]:
    """The relative locations anchored on ``places``, in order of first mention."""
    words = _words()
    found: dict[str, Place] = {}
    for anchor in places:
        for mention in anchor.mentions:
            rel = _read(text, mention, words)
            if rel is not None:
                place = _place(text, anchor, mention, rel)
                old = found.get(place.id)
                found[place.id] = place if old is None else old.model_copy(
                    update={"mentions": (*old.mentions, *place.mentions)})
    return tuple(sorted(found.values(), key=lambda p: p.mentions[0].start))


def _place(text: str, anchor: Place, mention: Mention, rel: _Relative) -> Place:
    lat, lon = anchor.lat, anchor.lon
    if lat is not None and lon is not None and rel.bearing is not None and rel.distance_km:
        lat, lon = destination(lat, lon, rel.bearing, rel.distance_km)
    slug = rel.relation.replace(" ", "-")
    if rel.distance_km is not None:
        slug = f"{rel.distance_km:g}km-{slug}"
    phrase = text[rel.start:mention.end]
    return Place(
        id=f"{anchor.id}~{slug}", name=" ".join(phrase.split()), feature="other",
        country=anchor.country, admin1=anchor.admin1, lat=lat, lon=lon,
        mentions=(Mention(start=rel.start, end=mention.end, text=phrase),),
        relation=rel.relation, anchor=anchor.id, distance_km=rel.distance_km)
