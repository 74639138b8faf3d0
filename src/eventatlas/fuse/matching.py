"""When are two event mentions one real-world event? A pairwise, symmetric rule.

Same ACLED type (and sub-type where both give one), both historical or both current,
compatible actors (equal where both are known, in either order), the same place, and
overlapping dates — day-precise dates at most ``event_day_slack`` days apart. Where a place or
a date is missing on either side, the two documents must also belong to the same story
(:func:`eventatlas.fuse.docsim.same_story`), and a missing place also needs a shared actor.
Certainty is ignored on purpose: a denial answers the claim it denies, so it joins its event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import DocFeatures, parse_day, same_story


@dataclass(frozen=True, slots=True)
class Mention:
    """An event as fusion sees it, with its document's source and features."""

    id: str
    document_id: str
    source: str
    type: str
    subtype: str | None
    actor1: str | None
    actor2: str | None
    place: str | None
    start: str | None
    end: str | None
    precision: str
    certainty: str
    historical: bool
    doc: DocFeatures

    @property
    def actors(self) -> frozenset[str]:
        return frozenset(a for a in (self.actor1, self.actor2) if a)

    def interval(self) -> tuple[date, date] | None:
        start = parse_day(self.start)
        if start is None:
            return None
        end = parse_day(self.end) or start
        return (start, max(start, end))


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def actors_compatible(a: Mention, b: Mention) -> bool:
    direct = _same(a.actor1, b.actor1) and _same(a.actor2, b.actor2)
    swapped = _same(a.actor1, b.actor2) and _same(a.actor2, b.actor1)
    return direct or swapped


def dates_compatible(a: Mention, b: Mention, slack: int) -> bool | None:
    """True/False when both dates are known, None when either is not."""
    ia, ib = a.interval(), b.interval()
    if ia is None or ib is None:
        return None
    pad = timedelta(days=slack)
    if a.precision == "day" and b.precision == "day":
        return abs((ia[0] - ib[0]).days) <= slack
    return ia[0] - pad <= ib[1] and ib[0] - pad <= ia[1]


def same_event(a: Mention, b: Mention, cfg: FuseConfig) -> bool:
    """Do mentions ``a`` and ``b`` report the same real-world event?"""
    if a.type != b.type or a.historical != b.historical or not _same(a.subtype, b.subtype):
        return False
    if not actors_compatible(a, b):
        return False
    if a.place is not None and b.place is not None and a.place != b.place:
        return False
    dated = dates_compatible(a, b, cfg.event_day_slack)
    if dated is False:
        return False
    placed = a.place is not None and b.place is not None
    if placed and dated:
        return True
    if not placed and not (a.actors & b.actors):
        return False
    return a.document_id == b.document_id or same_story(a.doc, b.doc, cfg)
