"""Response and request bodies of the REST API (the OpenAPI schema is generated from them)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

from eventatlas.store.api_queries import DocumentText, RelationRow
from eventatlas.store.rows import ActorRow, EventRow

T = TypeVar("T")

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_INGEST_DOCUMENTS = 20


class Page(BaseModel, Generic[T], frozen=True):
    """One page of a listing: ``items``, how many match in all, and where the next page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None


def page(items: list[T], total: int, limit: int, offset: int) -> Page[T]:
    after = offset + len(items)
    return Page[T](items=items, total=total, limit=limit, offset=offset,
                   next_offset=after if after < total else None)


class Mark(BaseModel, frozen=True):
    """A span to emphasise inside an evidence sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: Literal["trigger", "cue"]


class EvidenceView(BaseModel, frozen=True):
    """An evidence sentence in its context: ``before + sentence + after`` is a slice of the text."""

    start: int  # offsets of the sentence in the document text
    end: int
    sentence: str
    cue: str | None
    before: str
    after: str
    marks: list[Mark]


class SourceView(BaseModel, frozen=True):
    document_id: str
    source: str
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    attribution: str | None
    event_id: str
    certainty: str | None = None  # how this source reports the event
    sentence: str | None = None  # the source's own evidence sentence


class EventDetail(BaseModel, frozen=True):
    event: EventRow
    evidence: list[EvidenceView]
    sources: list[SourceView]


class DocumentEvent(BaseModel, frozen=True):
    id: str
    type: str
    certainty: str
    historical: bool
    evidence: list[EvidenceView]


class DocumentView(DocumentText, frozen=True):
    """A document's text with the events read from it."""

    events: list[DocumentEvent]


class ActorDetail(BaseModel, frozen=True):
    actor: ActorRow
    relations: list[RelationRow]


class DayCount(BaseModel, frozen=True):
    day: str
    count: int


class Timeline(BaseModel, frozen=True):
    days: list[DayCount]
    undated: int


class FacetValue(BaseModel, frozen=True):
    value: str
    count: int


class Facets(BaseModel, frozen=True):
    types: list[FacetValue]
    certainty: list[FacetValue]


class IngestDocument(BaseModel, frozen=True):
    """One article to analyse: its source name and either ``html`` or ``text``."""

    source: str = Field(min_length=1, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    html: str | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _one_body(self) -> IngestDocument:
        if (self.html is None) == (self.text is None):
            raise ValueError("give exactly one of 'html' or 'text'")
        return self


class IngestRequest(BaseModel, frozen=True):
    documents: list[IngestDocument] = Field(min_length=1, max_length=MAX_INGEST_DOCUMENTS)


class IngestItem(BaseModel, frozen=True):
    source: str
    status: Literal["inserted", "replaced", "unchanged", "failed"]
    document_id: str | None = None
    events: int = 0
    stage: str | None = None
    reason: str | None = None
    detail: str | None = None


class IngestResponse(BaseModel, frozen=True):
    items: list[IngestItem]
