"""Gather a situation report from the store: counts, places, actors, key events, changes."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta

from pydantic import BaseModel

from eventatlas.errors import ReportError
from eventatlas.store import Store
from eventatlas.store.api_queries import EventQuery, events_per_day
from eventatlas.store.rows import EventFilter, EventRow

log = logging.getLogger(__name__)

KEY_EVENTS = 12
TOP = 10
_CERTAINTY_RANK = {"confirmed": 0, "reported": 1, "claimed": 2, "unconfirmed": 3, "denied": 4}


class Count(BaseModel, frozen=True):
    name: str
    count: int
    previous: int = 0


class PlacePoint(BaseModel, frozen=True):
    name: str
    country: str | None
    lat: float
    lon: float
    count: int


class SituationReport(BaseModel, frozen=True):
    since: date
    until: date
    country: str | None
    total: int
    previous_total: int
    documents: int
    sources: int
    by_type: list[Count]
    by_certainty: list[Count]
    places: list[PlacePoint]
    actors: list[Count]
    new_actors: list[str]
    new_places: list[str]
    per_day: list[tuple[str, int]]
    key_events: list[EventRow]
    events: list[EventRow]


def _counts(now: Counter[str], before: Counter[str]) -> list[Count]:
    return [Count(name=k, count=n, previous=before.get(k, 0)) for k, n in now.most_common()]


def _actors(events: list[EventRow]) -> Counter[str]:
    return Counter(a for e in events for a in (e.actor1, e.actor2) if a)


def _places(events: list[EventRow]) -> list[PlacePoint]:
    counts = Counter(e.place_id for e in events if e.place_id and e.lat is not None)
    first = {e.place_id: e for e in events if e.place_id}
    out = []
    for place_id, n in counts.most_common():
        e = first[place_id]
        assert e.lat is not None and e.lon is not None
        out.append(PlacePoint(name=e.place or place_id, country=e.country, lat=e.lat,
                              lon=e.lon, count=n))
    return out


def _key_events(events: list[EventRow]) -> list[EventRow]:
    def rank(e: EventRow) -> tuple[int, int, str]:
        return (-(e.fatalities or 0), _CERTAINTY_RANK.get(e.certainty, 9), e.date_start or "")

    return sorted(events, key=rank)[:KEY_EVENTS]


def build_report(store: Store, since: date, until: date, country: str | None = None
                 ) -> SituationReport:
    """Current (non-historical) events overlapping [since, until], compared with the period
    of the same length just before."""
    if since > until:
        raise ReportError(f"--from {since} is after --to {until}")
    filters = EventFilter(since=since, until=until, country=country)
    span = (until - since).days + 1
    before = EventFilter(since=since - timedelta(days=span), until=since - timedelta(days=1),
                         country=country)
    events = store.events(filters, limit=None)
    previous = store.events(before, limit=None)
    with store.reading() as conn:
        per_day = [(d, n) for d, n in events_per_day(conn, EventQuery(filters=filters))
                   if since.isoformat() <= d <= until.isoformat()]
    actors_now, actors_before = _actors(events), _actors(previous)
    places_before = {e.place for e in previous if e.place}
    places = _places(events)
    log.info("report %s..%s: %d events (%d before)", since, until, len(events), len(previous))
    return SituationReport(
        since=since, until=until, country=country, total=len(events),
        previous_total=len(previous), documents=len({e.document_id for e in events}),
        sources=len({e.site or e.source for e in events}),
        by_type=_counts(Counter(e.type for e in events), Counter(e.type for e in previous)),
        by_certainty=_counts(Counter(e.certainty for e in events),
                             Counter(e.certainty for e in previous)),
        places=places, actors=_counts(actors_now, actors_before)[:TOP],
        new_actors=sorted(a for a in actors_now if a not in actors_before),
        new_places=sorted({p.name for p in places} - places_before),
        per_day=per_day, key_events=_key_events(events), events=events,
    )
