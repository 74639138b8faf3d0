"""What fusion produces: frozen pydantic models, JSON-ready for ``eventatlas stories``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from eventatlas.model import stable_id

FusedCertainty = Literal["confirmed", "reported", "unconfirmed", "claimed", "denied", "contested"]
ContradictionKind = Literal["denial", "rival_control"]
Stance = Literal["with", "against"]


class SourceEvidence(BaseModel, frozen=True):
    """One member report behind a fused event or one side of a contradiction."""

    event_id: str
    document_id: str
    source: str  # the outlet (site, else host, else the document)
    certainty: str
    date: str | None = None
    sentence: str = ""
    start: int | None = None
    end: int | None = None


class FusedEvent(BaseModel, frozen=True):
    id: str
    type: str
    subtype: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    certainty: FusedCertainty
    historical: bool = False
    contested: bool = False
    n_documents: int
    n_sources: int
    sources: tuple[str, ...] = ()
    members: tuple[SourceEvidence, ...] = ()


class StoryDocument(BaseModel, frozen=True):
    id: str
    source: str
    title: str | None = None
    day: str | None = None


class Story(BaseModel, frozen=True):
    id: str
    title: str | None = None
    first_day: str | None = None
    last_day: str | None = None
    n_sources: int
    documents: tuple[StoryDocument, ...] = ()
    events: tuple[str, ...] = ()  # fused event ids with a member in this story


class Contradiction(BaseModel, frozen=True):
    id: str
    kind: ContradictionKind
    fused_event_id: str
    other_fused_event_id: str | None = None
    place: str | None = None
    day: str | None = None
    summary: str
    side_a: tuple[SourceEvidence, ...]
    side_b: tuple[SourceEvidence, ...]


class ControlPeriod(BaseModel, frozen=True):
    place: str
    holder: str  # actor id
    start: str | None = None  # None: held since before anything read
    end: str | None = None  # None: still held, as far as the sources say
    certainty: FusedCertainty
    contested: bool = False
    n_sources: int = 0
    basis: tuple[str, ...] = ()  # fused event ids


class AllianceEdge(BaseModel, frozen=True):
    a: str  # actor id (a < b)
    b: str
    stance: Stance
    since: str | None = None
    certainty: str
    n_reports: int  # relations and fused events behind the current stance
    basis: tuple[str, ...] = ()  # relation or fused event ids


class FuseReport(BaseModel, frozen=True):
    new_documents: int
    new_events: int
    reopened_stories: int
    reopened_events: int
    stories: int
    fused_events: int
    contradictions: int
    control_periods: int
    seconds: float


def fusion_id(kind: Literal["story", "fused_event", "contradiction", "control"],
              *parts: object) -> str:
    """A content-derived id: ``sty_…``, ``fev_…``, ``con_…`` or ``ctl_…``."""
    prefix = {"story": "sty", "fused_event": "fev", "contradiction": "con", "control": "ctl"}
    return f"{prefix[kind]}_{stable_id(kind, *parts).split('_', 1)[1]}"
