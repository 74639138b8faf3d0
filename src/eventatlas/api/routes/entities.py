"""Actors (with their relations), places, relations, documents and failures."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from eventatlas.api.context import Ctx, require_read_access
from eventatlas.api.evidence import evidence_view
from eventatlas.api.params import Limit, Offset, ShortText
from eventatlas.api.schemas import (
    DEFAULT_LIMIT,
    ActorDetail,
    DocumentEvent,
    DocumentView,
    Page,
    page,
)
from eventatlas.store import api_queries as aq
from eventatlas.store import queries
from eventatlas.store.api_queries import RelationRow
from eventatlas.store.rows import (
    ActorFilter,
    ActorRow,
    DocumentRow,
    EventFilter,
    FailureRow,
    PlaceFilter,
    PlaceRow,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["entities"], dependencies=[Depends(require_read_access)])
Id = Annotated[str, Path(min_length=1, max_length=200)]
ActorKind = Literal[
    "person", "armed_group", "state", "state_forces", "political", "organization", "media", "other"
]
RelationKind = Literal["alliance", "command", "support", "opposition", "membership"]


@router.get("/actors", response_model=Page[ActorRow])
def list_actors(ctx: Ctx, name: ShortText = None, kind: ActorKind | None = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Page[ActorRow]:
    """Actors, most mentioned first; ``name`` matches any spelling, case-insensitively."""
    filters = ActorFilter(name=name, kind=kind)
    with ctx.store.reading() as conn:
        rows = queries.actors(conn, filters, limit, offset)
        total = aq.count_actors(conn, filters)
    return page(rows, total, limit, offset)


@router.get("/actors/{actor_id}", response_model=ActorDetail)
def get_actor(ctx: Ctx, actor_id: Id, include_historical: bool = True) -> ActorDetail:
    """One actor with every relation it takes part in (first 500)."""
    with ctx.store.reading() as conn:
        actor = aq.actor_by_id(conn, actor_id)
        relations, _ = aq.relation_page(conn, actor_id=actor_id,
                                        include_historical=include_historical, limit=500)
    return ActorDetail(actor=actor, relations=relations)


@router.get("/places", response_model=Page[PlaceRow])
def list_places(ctx: Ctx, name: ShortText = None,
                country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> Page[PlaceRow]:
    """Places, those with most events first."""
    filters = PlaceFilter(name=name, country=country.upper() if country else None)
    with ctx.store.reading() as conn:
        rows = queries.places(conn, filters, limit, offset)
        total = aq.count_places(conn, filters)
    return page(rows, total, limit, offset)


@router.get("/relations", response_model=Page[RelationRow])
def list_relations(ctx: Ctx, actor: ShortText = None, type: RelationKind | None = None,
                   include_historical: bool = True, limit: Limit = DEFAULT_LIMIT,
                   offset: Offset = 0) -> Page[RelationRow]:
    """Relations between actors; ``actor`` is an actor id."""
    with ctx.store.reading() as conn:
        rows, total = aq.relation_page(conn, actor_id=actor, rel_type=type,
                                       include_historical=include_historical,
                                       limit=limit, offset=offset)
    return page(rows, total, limit, offset)


@router.get("/documents", response_model=Page[DocumentRow])
def list_documents(ctx: Ctx, limit: Limit = DEFAULT_LIMIT,
                   offset: Offset = 0) -> Page[DocumentRow]:
    """Stored documents by source."""
    with ctx.store.reading() as conn:
        rows = queries.documents(conn, limit, offset)
        total = aq.count_documents(conn)
    return page(rows, total, limit, offset)


@router.get("/documents/{document_id}", response_model=DocumentView)
def get_document(ctx: Ctx, document_id: Id) -> DocumentView:
    """A document's clean text and its events, each with evidence offsets into that text."""
    with ctx.store.reading() as conn:
        doc = aq.document_text(conn, document_id)
        events = queries.events(
            conn, EventFilter(document_id=document_id, include_historical=True), None, 0
        )
    views = [
        DocumentEvent(id=e.id, type=e.type, certainty=e.certainty, historical=e.historical,
                      evidence=[evidence_view(ev, doc.text, e.trigger) for ev in e.evidence])
        for e in events
    ]
    return DocumentView(**doc.model_dump(), events=views)


@router.get("/failures", response_model=Page[FailureRow])
def list_failures(ctx: Ctx, limit: Limit = DEFAULT_LIMIT,
                  offset: Offset = 0) -> Page[FailureRow]:
    """Inputs that failed, most recent first, with their stage and reason."""
    with ctx.store.reading() as conn:
        rows, total = aq.failure_page(conn, limit, offset)
    return page(rows, total, limit, offset)
