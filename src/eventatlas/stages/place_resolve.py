"""Resolution of toponyms: each name → one gazetteer entry, chosen in the document's context.

Every candidate is scored by feature and population, then by the document: the country and
the first-level division most places belong to, names stated together ("X in the Y province"
→ X must lie in Y), closeness to the other places nearby in the text, and what the text calls
the place ("X province", "X valley"). The work per document is bounded: at most
``MAX_CANDIDATES`` entries per name, and closeness is weighed against the ``_NEIGHBOURS``
names mentioned nearest in the text, so an article naming thousands of places stays linear.

Example: ``resolve(text, toponyms, gazetteer)[0].country`` → ``"FR"``.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from eventatlas.stages.gazetteer import (
    VIA_ALT,
    VIA_DEMONYM,
    Candidate,
    Gazetteer,
    haversine_km,
    place_words,
)

log = logging.getLogger(__name__)

MAX_CANDIDATES = 60
_NEIGHBOURS = 30


@dataclass(frozen=True, slots=True)
class Toponym:
    """A span of text taken to name a place, with what its context says about it."""

    start: int
    end: int
    text: str
    key: str  # normalised lookup name of the whole span
    hint: str | None  # "admin" | "natural" | "city" | None
    source: str  # "ner" | "norp" | "gazetteer" | "gold" | "dateline"
    part: bool = False  # "Northern X": only a country, division or region may be X
    short_key: str = ""  # the name without its generic word or direction, tried second

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, self.short_key) if self.short_key else (self.key,)



_FEATURE_WEIGHT = {"country": 3.0, "region": 2.5, "natural": 2.0, "admin1": 1.5, "admin2": 0.3,
                   "city": 1.2}
_HINT_BONUS = {
    "admin": {"admin1": 3.0, "admin2": 3.0},
    "natural": {"admin1": 2.0, "admin2": 1.5, "natural": 3.0, "region": 1.0, "city": -1.0},
    "city": {"city": 1.0, "admin2": 0.3},
}
_ADMIN1_WEIGHT = 2.0
_CONNECTORS = frozenset({"in", "of", ",", "the", "near"})


@dataclass
class _Group:
    """All toponyms with one lookup name: one discourse, one sense."""

    members: list[int]
    candidates: list[Candidate]
    priors: list[float]
    source: str
    fuzzy: bool
    index: int = 0  # order of first mention among the groups
    choice: int = 0


def resolve(text: str, toponyms: Sequence[Toponym], gazetteer: Gazetteer
            ) -> list[Candidate | None]:
    """The chosen candidate for each toponym (None when nothing fits well enough)."""
    groups = _groups(toponyms, gazetteer)
    of_top = {i: g for g in groups for i in g.members}
    links = _links(text, toponyms)
    for _ in range(2):
        votes = _country_votes(groups)
        totals = _vote_totals(votes)
        for g in groups:
            if len(g.candidates) == 1:
                continue  # nothing to choose
            scores = [p + _context(c, g, groups, votes, totals, links, of_top)
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
    groups: list[_Group] = []
    for (_, _, _, norp), members in by_key.items():
        cands, fuzzy = candidates_for(toponyms[members[0]], gazetteer)
        if norp:
            cands = [c for c in cands if c.via == VIA_DEMONYM and c.feature == "country"]
        if not cands:
            continue
        hints = [toponyms[i].hint for i in members if toponyms[i].hint]
        hint = Counter(hints).most_common(1)[0][0] if hints else None
        source = min((toponyms[i].source for i in members), key=_SOURCE_RANK.index)
        cands = cands[:MAX_CANDIDATES]
        groups.append(_Group(members, cands, _priors(cands, hint), source, fuzzy, len(groups)))
    return groups


def candidates_for(top: Toponym, gazetteer: Gazetteer) -> tuple[list[Candidate], bool]:
    """Entries for the whole name, else for its short form, else for a near spelling."""
    cands = gazetteer.lookup_key(top.key)
    if not cands and top.short_key:
        cands = gazetteer.lookup_key(top.short_key)
        if top.part:
            cands = [c for c in cands if c.feature in _WHOLES]
    if cands:
        return cands, False
    return gazetteer.lookup_fuzzy(top.short_key or top.key), True


_SOURCE_RANK = ["gold", "dateline", "ner", "norp", "gazetteer"]
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
    """Mentions per country and per first-level division of the current choices."""
    votes: Counter[str] = Counter()
    for g in groups:
        c = g.candidates[g.choice]
        if c.country:
            votes[c.country] += len(g.members) * (2 if c.feature == "country" else 1)
        if c.admin1_code and c.feature != "country":
            votes["@" + c.admin1_code] += len(g.members)
    return votes


def _vote_totals(votes: Counter[str]) -> tuple[int, int]:
    """All votes for countries, all votes for first-level divisions ("@" keys)."""
    countries = sum(v for k, v in votes.items() if k[0] != "@")
    return countries, sum(votes.values()) - countries


def _context(c: Candidate, g: _Group, groups: Sequence[_Group], votes: Counter[str],
             totals: tuple[int, int], links: dict[int, int], of_top: dict[int, _Group]
             ) -> float:
    """Bonus from the document: its main countries, stated containment, nearby places."""
    own = g.candidates[g.choice]
    weight = len(g.members) * (2 if own.feature == "country" else 1)
    total = totals[0] - weight
    score = 0.0
    if c.country and total > 0:
        same = votes[c.country] - (weight if own.country == c.country else 0)
        score += 3.0 * same / total
    if c.admin1_code and c.feature != "country":
        mine = len(g.members) if own.admin1_code == c.admin1_code else 0
        rest = totals[1] - (
            len(g.members) if own.admin1_code and own.feature != "country" else 0)
        if rest > 0:
            score += _ADMIN1_WEIGHT * (votes["@" + c.admin1_code] - mine) / rest
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


_KM_PER_DEGREE = 6371.0 * math.pi / 180  # of latitude, on the sphere haversine_km uses


def _nearby(c: Candidate, g: _Group, groups: Sequence[_Group]) -> float:
    if c.lat is None or c.lon is None or c.feature in ("country", "region"):
        return 0.0
    near = 0.0
    for other in groups[max(0, g.index - _NEIGHBOURS):g.index + _NEIGHBOURS + 1]:
        o = other.candidates[other.choice]
        if other is g or o.lat is None or o.lon is None or o.feature in ("country", "region") \
                or abs(c.lat - o.lat) * _KM_PER_DEGREE >= 800:
            continue  # (a great circle is at least as long as its latitude difference)
        d = haversine_km(c.lat, c.lon, o.lat, o.lon)
        near = max(near, 1.0 if d < 200 else 0.5 if d < 800 else 0.0)
        if near == 1.0:
            break
    return near


def _accept(g: _Group, votes: Counter[str]) -> bool:
    """Keep weak readings (alternate names, fuzzy or gazetteer-only matches) only in context."""
    c = g.candidates[g.choice]
    if g.source == "gold":
        return True
    top = [cc for cc, _ in votes.most_common() if cc[0] != "@"][:3]
    big = c.feature in ("country", "admin1", "region", "natural") or c.population >= 100_000
    if g.fuzzy or g.source == "gazetteer":
        return big or c.country in top
    if c.via == VIA_ALT and c.feature == "city" and c.population < 10_000:
        return c.country in top
    return True
