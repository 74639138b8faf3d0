"""Events: filtered pages, one event with its evidence in context, per-day counts, facets."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from eventatlas.api.context import Ctx, require_read_access
from eventatlas.api.evidence import evidence_view
from eventatlas.api.params import Limit, Offset, event_query
from eventatlas.api.schemas import (
    DEFAULT_LIMIT,
    DayCount,
    EventDetail,
    Facets,
    FacetValue,
    Page,
    SourceView,
    Timeline,
    page,
)
from eventatlas.errors import NotFound
from eventatlas.store import api_queries as aq
from eventatlas.store.api_queries import EventQuery
from eventatlas.store.rows import EventRow

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["events"], dependencies=[Depends(require_read_access)])
Query_ = Annotated[EventQuery, Depends(event_query)]
Id = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/events", response_model=Page[EventRow])
def list_events(ctx: Ctx, query: Query_, limit: Limit = DEFAULT_LIMIT,
                offset: Offset = 0) -> Page[EventRow]:
    """Events matching every filter, ordered by date (undated last), one page at a time."""
    key = query.model_dump_json()
    with ctx.store.reading() as conn:
        found = aq.event_page(conn, query, limit, offset, total=ctx.counts.get(key))
    ctx.counts.put(key, found.total)
    return page(list(found.items), found.total, limit, offset)


@router.get("/events/{event_id}", response_model=EventDetail)
def get_event(ctx: Ctx, event_id: Id) -> EventDetail:
    """One event with its evidence sentences in context (trigger and cue marked) and sources."""
    with ctx.store.reading() as conn:
        event = aq.event_by_id(conn, event_id)
        try:
            doc: aq.DocumentText | None = aq.document_text(conn, event.document_id)
        except NotFound:
            doc = None
    text = doc.text if doc is not None else None
    evidence = [evidence_view(ev, text, event.trigger) for ev in event.evidence]
    sources = [SourceView(
        document_id=event.document_id, source=event.source, url=doc.url if doc else None,
        site=event.site, title=event.title, published=event.published,
        attribution=event.source_attribution, event_id=event.id, certainty=event.certainty,
    )]
    return EventDetail(event=event, evidence=evidence,
                       sources=sources + _corroborating(ctx, event.id))


def _corroborating(ctx: Ctx, event_id: str) -> list[SourceView]:
    """The other reports fusion joined to this event: every source behind it."""
    from eventatlas.fuse.stories import fused_event_of

    fused = fused_event_of(ctx.store, event_id)
    if fused is None:
        return []
    out = []
    with ctx.store.reading() as conn:
        for member in fused.members:
            if member.event_id == event_id:
                continue
            try:
                doc = aq.document_text(conn, member.document_id)
            except NotFound:
                continue
            out.append(SourceView(
                document_id=doc.id, source=doc.source, url=doc.url, site=doc.site,
                title=doc.title, published=doc.published, attribution=None,
                event_id=member.event_id, certainty=member.certainty,
                sentence=member.sentence or None))
    return out


@router.get("/timeline", response_model=Timeline)
def timeline(ctx: Ctx, query: Query_) -> Timeline:
    """Matching events per day of their start date (for the timeline), and how many are undated."""
    with ctx.store.reading() as conn:
        days = aq.events_per_day(conn, query)
        total = aq.count_events(conn, query)
    dated = sum(n for _, n in days)
    return Timeline(days=[DayCount(day=d, count=n) for d, n in days], undated=total - dated)


@router.get("/facets", response_model=Facets)
def facets(ctx: Ctx, query: Query_) -> Facets:
    """How many matching events have each type and each certainty."""
    with ctx.store.reading() as conn:
        types = aq.facet_counts(conn, "type", query)
        certainty = aq.facet_counts(conn, "certainty", query)
    return Facets(types=[FacetValue(value=v, count=n) for v, n in types],
                  certainty=[FacetValue(value=v, count=n) for v, n in certainty])
