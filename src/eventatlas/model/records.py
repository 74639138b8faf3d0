"""Actors, places, events and relations: the coded record, each traceable to its text."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from eventatlas.model.document import Precision

ActorKind = Literal[
    "person", "armed_group", "state", "state_forces", "political", "organization", "media", "other"
]
Feature = Literal["country", "admin1", "admin2", "city", "natural", "facility", "region", "other"]
Certainty = Literal["confirmed", "reported", "unconfirmed", "claimed", "denied"]
RelationType = Literal["alliance", "command", "support", "opposition", "membership"]


class Mention(BaseModel, frozen=True):
    """Where a name occurs: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str = ""


class Evidence(BaseModel, frozen=True):
    """The sentence a record was read from, as offsets into ``document.text``."""

    start: int
    end: int
    sentence: str
    cue: str | None = None  # the certainty cue that decided, when any


class Affiliation(BaseModel, frozen=True):
    """A tie the text states from this actor to another: "forces loyal to X" → command by X.

    ``type`` reads from the actor: ``command`` (the target commands it), ``membership`` (it is
    part of the target), ``support`` (the target backs it), ``opposition`` (it opposes the
    target). ``evidence`` is the phrase's mention in the text.
    """

    type: RelationType
    target: str  # actor id
    evidence: Mention


class Actor(BaseModel, frozen=True):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: ActorKind = "other"
    roles: tuple[str, ...] = ()
    country: str | None = None
    mentions: tuple[Mention, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    ethnicity: str | None = None  # a people ("Tajiks") or a person's stated ethnicity


class Place(BaseModel, frozen=True):
    id: str  # "geonames:<id>" or "iso3166:<code>"
    name: str
    feature: Feature = "other"
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: tuple[Mention, ...] = ()
    # a location stated relative to another place ("40 km north of X", "the outskirts of X"):
    # the relation ("north", "outskirts", "near", ...), the anchor place's id, the distance
    relation: str | None = None
    anchor: str | None = None
    distance_km: float | None = None


class DateInterval(BaseModel, frozen=True):
    start: str | None = None
    end: str | None = None
    precision: Precision = "unknown"


class Event(BaseModel, frozen=True):
    id: str
    type: str
    subtype: str | None = None
    plover: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    geo_precision: int | None = None  # 1 town, 2 near/part of, 3 region
    date: DateInterval = Field(default_factory=DateInterval)
    certainty: Certainty = "confirmed"
    historical: bool = False
    fatalities: int | None = None
    trigger: str
    evidence: tuple[Evidence, ...] = ()
    source_attribution: str | None = None
    injured: int | None = None


class Relation(BaseModel, frozen=True):
    id: str
    type: RelationType
    source: str
    target: str
    certainty: Certainty = "confirmed"
    historical: bool = False
    evidence: tuple[Evidence, ...] = ()
