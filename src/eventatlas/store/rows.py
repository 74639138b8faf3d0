"""What store queries return and take: frozen, typed rows and filters (no I/O)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from eventatlas.model import Evidence
from eventatlas.model.records import Certainty


class EventFilter(BaseModel, frozen=True):
    """Which events to list. Every field narrows; the defaults list current events.

    ``since``/``until`` keep events whose date interval overlaps the range (undated events are
    dropped when either is set). ``actor`` is a case-insensitive substring of either actor's
    name or any alias; ``place`` a case-insensitive substring of the place name, or a place id;
    ``with_actor`` keeps events that name at least one actor (ACLED codes none without one).
    """

    since: date | None = None
    until: date | None = None
    type: str | None = None
    subtype: str | None = None
    actor: str | None = None
    place: str | None = None
    country: str | None = None
    certainty: tuple[Certainty, ...] = ()  # empty: any
    include_historical: bool = False
    document_id: str | None = None
    with_actor: bool = False


class ActorFilter(BaseModel, frozen=True):
    name: str | None = None  # case-insensitive substring of the name or any alias
    kind: str | None = None


class PlaceFilter(BaseModel, frozen=True):
    name: str | None = None  # case-insensitive substring
    country: str | None = None


class EventRow(BaseModel, frozen=True):
    """An event with its document, actor names and place joined in."""

    id: str
    type: str
    subtype: str | None
    plover: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str
    certainty: str
    historical: bool
    fatalities: int | None
    injured: int | None = None
    trigger: str
    source_attribution: str | None
    geo_precision: int | None
    actor1_id: str | None
    actor1: str | None
    actor1_kind: str | None
    actor2_id: str | None
    actor2: str | None
    actor2_kind: str | None
    place_id: str | None
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    document_id: str
    source: str
    site: str | None
    title: str | None
    published: str | None
    evidence: tuple[Evidence, ...] = ()


class ActorRow(BaseModel, frozen=True):
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]  # every other spelling seen, across documents
    roles: tuple[str, ...]
    mentions: int
    documents: int
    events: int


class PlaceRow(BaseModel, frozen=True):
    id: str
    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    mentions: int
    events: int


class DocumentRow(BaseModel, frozen=True):
    id: str
    source: str
    site: str | None
    title: str | None
    author: str | None
    language: str | None
    published: str | None
    published_precision: str
    url: str | None
    content_hash: str | None
    written_at: datetime
    events: int


class FailureRow(BaseModel, frozen=True):
    source: str
    stage: str
    reason: str
    detail: str
    first_seen: datetime
    last_seen: datetime
    count: int
