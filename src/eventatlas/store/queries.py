"""Read queries: events with their context joined in, actors, places, documents, failures.

Every value from a filter reaches SQL as a bound parameter; substring filters escape LIKE
wildcards, so ``%`` or ``_`` in a name match themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.model import Evidence
from eventatlas.store import schema as s
from eventatlas.store.rows import (
    ActorFilter,
    ActorRow,
    DocumentRow,
    EventFilter,
    EventRow,
    FailureRow,
    PlaceFilter,
    PlaceRow,
)

_ESCAPE = "\\"


def contains_ci(column: sa.ColumnElement[Any], needle: str) -> sa.ColumnElement[bool]:
    """``column`` contains ``needle``, ignoring case the same way on both sides."""
    escaped = (
        needle.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    pattern = sa.func.lower(sa.bindparam(None, f"%{escaped}%", type_=sa.Text))
    return sa.func.lower(column).like(pattern, escape=_ESCAPE)


def equals_ci(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(column) == sa.func.lower(sa.bindparam(None, value, type_=sa.Text))


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _page(stmt: sa.Select[Any], limit: int | None, offset: int) -> sa.Select[Any]:
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt.offset(offset) if offset else stmt


def fingerprint(conn: Connection, source: str) -> str | None:
    found = conn.execute(
        sa.select(s.documents.c.fingerprint).where(s.documents.c.source == source)
    ).scalar()
    return str(found) if found is not None else None


# -- events ---------------------------------------------------------------------------------

_A1 = s.actors.alias("a1")
_A2 = s.actors.alias("a2")


def _actor_matches(actor_col: sa.ColumnElement[Any], needle: str) -> sa.ColumnElement[bool]:
    """The actor whose id is in ``actor_col`` has ``needle`` in its name or any spelling."""
    names = sa.select(s.actors.c.id).where(contains_ci(s.actors.c.name, needle))
    spellings = sa.select(s.document_actors.c.actor_id).where(
        contains_ci(s.document_actors.c.name, needle)
    )
    aliases = sa.select(s.actor_aliases.c.actor_id).where(
        contains_ci(s.actor_aliases.c.alias, needle)
    )
    return actor_col.in_(sa.union(names, spellings, aliases))


def _event_conditions(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    e, p = s.events, s.places
    conds: list[sa.ColumnElement[bool]] = []
    if not f.include_historical:
        conds.append(e.c.historical.is_(False))
    if f.since is not None:
        conds.append(sa.func.coalesce(e.c.date_end, e.c.date_start) >= f.since.isoformat())
    if f.until is not None:
        conds.append(e.c.date_start <= f.until.isoformat())
    if f.type is not None:
        conds.append(equals_ci(e.c.type, f.type))
    if f.subtype is not None:
        conds.append(equals_ci(e.c.subtype, f.subtype))
    if f.certainty:
        conds.append(e.c.certainty.in_(list(f.certainty)))
    if f.actor is not None:
        conds.append(sa.or_(_actor_matches(e.c.actor1, f.actor),
                            _actor_matches(e.c.actor2, f.actor)))
    if f.place is not None:
        conds.append(sa.or_(e.c.place == f.place, contains_ci(p.c.name, f.place)))
    if f.country is not None:
        conds.append(equals_ci(p.c.country, f.country))
    if f.document_id is not None:
        conds.append(e.c.document_id == f.document_id)
    if f.with_actor:
        conds.append(sa.or_(e.c.actor1.is_not(None), e.c.actor2.is_not(None)))
    return conds


def events(
    conn: Connection, filters: EventFilter, limit: int | None, offset: int
) -> list[EventRow]:
    e, p, d = s.events, s.places, s.documents
    stmt = (
        sa.select(
            e, _A1.c.name.label("actor1_name"), _A1.c.kind.label("actor1_kind"),
            _A2.c.name.label("actor2_name"), _A2.c.kind.label("actor2_kind"),
            p.c.name.label("place_name"), p.c.country, p.c.admin1, p.c.lat, p.c.lon,
            d.c.source.label("doc_source"), d.c.site, d.c.title, d.c.published,
        )
        .select_from(
            e.join(d, d.c.id == e.c.document_id)
            .outerjoin(_A1, _A1.c.id == e.c.actor1)
            .outerjoin(_A2, _A2.c.id == e.c.actor2)
            .outerjoin(p, p.c.id == e.c.place)
        )
        .where(*_event_conditions(filters))
        .order_by(e.c.date_start.is_(None), e.c.date_start, d.c.source, e.c.seq, e.c.id)
    )
    rows = conn.execute(_page(stmt, limit, offset)).mappings().all()
    evidence = _event_evidence(conn, [r["id"] for r in rows])
    return [_event_row(r, evidence.get(r["id"], ())) for r in rows]


def _event_row(r: Any, evidence: Sequence[Evidence]) -> EventRow:
    return EventRow(
        id=r["id"], type=r["type"], subtype=r["subtype"], plover=r["plover"],
        date_start=r["date_start"], date_end=r["date_end"], date_precision=r["date_precision"],
        certainty=r["certainty"], historical=bool(r["historical"]), fatalities=r["fatalities"],
        injured=r["injured"], trigger=r["trigger"], source_attribution=r["source_attribution"],
        geo_precision=r["geo_precision"],
        actor1_id=r["actor1"], actor1=r["actor1_name"], actor1_kind=r["actor1_kind"],
        actor2_id=r["actor2"], actor2=r["actor2_name"], actor2_kind=r["actor2_kind"],
        place_id=r["place"], place=r["place_name"], country=r["country"], admin1=r["admin1"],
        lat=r["lat"], lon=r["lon"],
        document_id=r["document_id"], source=r["doc_source"], site=r["site"],
        title=r["title"], published=r["published"], evidence=tuple(evidence),
    )


def _event_evidence(conn: Connection, ids: Sequence[str]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = defaultdict(list)
    if not ids:
        return out
    ev = s.event_evidence
    found = conn.execute(
        sa.select(ev).where(ev.c.event_id.in_(list(ids))).order_by(ev.c.event_id, ev.c.seq)
    ).mappings()
    for r in found:
        out[r["event_id"]].append(
            Evidence(start=r["start"], end=r["end"], sentence=r["sentence"], cue=r["cue"])
        )
    return out


# -- actors and places ----------------------------------------------------------------------


def _count(table: sa.Table, column: str, key: sa.ColumnElement[Any]) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count()).select_from(table).where(table.c[column] == key)
        .scalar_subquery()
    )


def actors(
    conn: Connection, filters: ActorFilter, limit: int | None, offset: int
) -> list[ActorRow]:
    a, e = s.actors, s.events
    n_events = (
        sa.select(sa.func.count()).select_from(e)
        .where(sa.or_(e.c.actor1 == a.c.id, e.c.actor2 == a.c.id)).scalar_subquery()
    )
    mentions = _count(s.actor_mentions, "actor_id", a.c.id).label("n_mentions")
    stmt = sa.select(
        a, mentions, _count(s.document_actors, "actor_id", a.c.id).label("n_documents"),
        n_events.label("n_events"),
    )
    if filters.name is not None:
        stmt = stmt.where(_actor_matches(a.c.id, filters.name))
    if filters.kind is not None:
        stmt = stmt.where(a.c.kind == filters.kind)
    stmt = stmt.order_by(mentions.desc(), a.c.name, a.c.id)
    rows = conn.execute(_page(stmt, limit, offset)).mappings().all()
    spellings = _actor_spellings(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        names, roles = spellings.get(r["id"], ([], []))
        out.append(ActorRow(
            id=r["id"], name=r["name"], kind=r["kind"], country=r["country"],
            aliases=tuple(n for n in names if n != r["name"]), roles=tuple(roles),
            mentions=r["n_mentions"], documents=r["n_documents"], events=r["n_events"],
        ))
    return out


def _actor_spellings(
    conn: Connection, ids: Sequence[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """Per actor: every distinct name/alias and role any document gave it, in first-seen order."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if not ids:
        return out
    da, aa = s.document_actors, s.actor_aliases
    per_doc = conn.execute(
        sa.select(da.c.actor_id, da.c.name, da.c.roles).where(da.c.actor_id.in_(list(ids)))
        .order_by(da.c.actor_id, da.c.document_id)
    )
    for actor_id, name, roles in per_doc:
        names, all_roles = out.setdefault(actor_id, ([], []))
        _add_new(names, [name])
        _add_new(all_roles, list(roles or []))
    aliases = conn.execute(
        sa.select(aa.c.actor_id, aa.c.alias).where(aa.c.actor_id.in_(list(ids)))
        .order_by(aa.c.actor_id, aa.c.document_id, aa.c.seq)
    )
    for actor_id, alias in aliases:
        _add_new(out.setdefault(actor_id, ([], []))[0], [alias])
    return out


def _add_new(into: list[str], items: Sequence[str]) -> None:
    into.extend(item for item in items if item not in into)


def places(
    conn: Connection, filters: PlaceFilter, limit: int | None, offset: int
) -> list[PlaceRow]:
    p = s.places
    n_events = _count(s.events, "place", p.c.id).label("n_events")
    stmt = sa.select(p, _count(s.place_mentions, "place_id", p.c.id).label("n_mentions"), n_events)
    if filters.name is not None:
        stmt = stmt.where(contains_ci(p.c.name, filters.name))
    if filters.country is not None:
        stmt = stmt.where(equals_ci(p.c.country, filters.country))
    stmt = stmt.order_by(n_events.desc(), p.c.name, p.c.id)
    return [
        PlaceRow(
            id=r["id"], name=r["name"], feature=r["feature"], country=r["country"],
            admin1=r["admin1"], lat=r["lat"], lon=r["lon"], mentions=r["n_mentions"],
            events=r["n_events"],
        )
        for r in conn.execute(_page(stmt, limit, offset)).mappings()
    ]


# -- documents, failures, counts ------------------------------------------------------------


def documents(conn: Connection, limit: int | None, offset: int) -> list[DocumentRow]:
    d = s.documents
    stmt = sa.select(
        d.c.id, d.c.source, d.c.site, d.c.title, d.c.author, d.c.language, d.c.published,
        d.c.published_precision, d.c.url, d.c.content_hash, d.c.written_at,
        _count(s.events, "document_id", d.c.id).label("n_events"),
    ).order_by(d.c.source)
    return [
        DocumentRow(
            id=r["id"], source=r["source"], site=r["site"], title=r["title"],
            author=r["author"], language=r["language"], published=r["published"],
            published_precision=r["published_precision"], url=r["url"],
            content_hash=r["content_hash"], written_at=_utc(r["written_at"]),
            events=r["n_events"],
        )
        for r in conn.execute(_page(stmt, limit, offset)).mappings()
    ]


def failures(conn: Connection) -> list[FailureRow]:
    f = s.failures
    stmt = sa.select(f).order_by(f.c.last_seen.desc(), f.c.source, f.c.stage)
    return [
        FailureRow(
            source=r["source"], stage=r["stage"], reason=r["reason"], detail=r["detail"],
            first_seen=_utc(r["first_seen"]), last_seen=_utc(r["last_seen"]), count=r["count"],
        )
        for r in conn.execute(stmt).mappings()
    ]


def counts(conn: Connection) -> dict[str, int]:
    return {
        table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in s.DATA_TABLES
    }
