"""Query parameters shared by the listing endpoints, validated into store filters.

FastAPI checks types and ranges (422 with the parameter's name); what it cannot express —
a bounding box, a certainty list, a reversed date range — raises InvalidParameter, which the
application also answers with 422 and a message naming the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, get_args

from fastapi import Query
from pydantic import ValidationError

from eventatlas.api.schemas import MAX_LIMIT
from eventatlas.errors import InvalidParameter
from eventatlas.model.records import Certainty
from eventatlas.store.api_queries import BBox, EventQuery
from eventatlas.store.rows import EventFilter

CERTAINTIES: tuple[str, ...] = get_args(Certainty)

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
ShortText = Annotated[str | None, Query(min_length=1, max_length=200)]


def parse_bbox(value: str) -> BBox:
    """``west,south,east,north`` in degrees → BBox (InvalidParameter when malformed)."""
    parts = value.split(",")
    if len(parts) != 4:
        raise InvalidParameter("bbox", "expected four numbers 'west,south,east,north'")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise InvalidParameter("bbox", "expected four numbers 'west,south,east,north'") from exc
    try:
        return BBox(west=west, south=south, east=east, north=north)
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise InvalidParameter("bbox", reasons) from exc


def parse_certainty(values: list[str]) -> tuple[Certainty, ...]:
    """Repeated and/or comma-separated certainty values, each one of the known five."""
    out: list[Certainty] = []
    for value in values:
        for item in (v.strip().lower() for v in value.split(",")):
            if not item:
                continue
            if item not in CERTAINTIES:
                raise InvalidParameter(
                    "certainty", f"unknown value {item!r}; expected one of {', '.join(CERTAINTIES)}"
                )
            out.append(item)  # type: ignore[arg-type]
    return tuple(dict.fromkeys(out))


def event_query(
    since: Annotated[date | None, Query(description="events ending on or after (YYYY-MM-DD)")]
    = None,
    until: Annotated[date | None, Query(description="events starting on or before")] = None,
    type: ShortText = None,
    subtype: ShortText = None,
    actor: ShortText = None,
    place: ShortText = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$",
                                         description="ISO 3166 alpha-2 code")] = None,
    certainty: Annotated[list[str] | None, Query(description="repeat or comma-separate")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    q: ShortText = None,
    include_historical: bool = False,
    document_id: ShortText = None,
    with_actor: Annotated[bool, Query(description="only events naming at least one actor")]
    = False,
) -> EventQuery:
    """The event filters of a request (a FastAPI dependency)."""
    if since is not None and until is not None and since > until:
        raise InvalidParameter("since", f"since ({since}) is after until ({until})")
    filters = EventFilter(
        since=since, until=until, type=type, subtype=subtype, actor=actor, place=place,
        country=country.upper() if country else None,
        certainty=parse_certainty(certainty or []), include_historical=include_historical,
        document_id=document_id, with_actor=with_actor,
    )
    return EventQuery(filters=filters, bbox=parse_bbox(bbox) if bbox else None, q=q)
