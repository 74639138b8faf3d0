"""SQL for fusion: what is pending, what it may join, and writing clusters back.

Everything runs on the caller's connection inside one transaction; values reach SQL only as
bound parameters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse.certainty import source_key
from eventatlas.fuse.docsim import DocFeatures, features
from eventatlas.fuse.matching import Mention
from eventatlas.store import schema as s

_CHUNK = 500
Embed = Callable[[Sequence[str]], Any]  # texts → one unit vector per text


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


# -- stories ----------------------------------------------------------------------------------

def reopen_stale_stories(conn: Connection) -> list[str]:
    """Dissolve stories that lost documents; return their remaining document ids."""
    sd, st = s.story_documents, s.stories
    counts = (sa.select(sd.c.story_id, sa.func.count().label("n"))
              .group_by(sd.c.story_id).subquery())
    stale = [r[0] for r in conn.execute(
        sa.select(st.c.id).outerjoin(counts, counts.c.story_id == st.c.id)
        .where(sa.func.coalesce(counts.c.n, 0) != st.c.n_documents)
    )]
    remaining: list[str] = []
    for part in chunks(stale):
        remaining += [r[0] for r in conn.execute(
            sa.select(sd.c.document_id).where(sd.c.story_id.in_(part)))]
        conn.execute(sa.delete(sd).where(sd.c.story_id.in_(part)))
        conn.execute(sa.delete(st).where(st.c.id.in_(part)))
    return sorted(remaining)


def pending_documents(conn: Connection, embed: Embed | None = None
                      ) -> dict[str, tuple[str, DocFeatures]]:
    """Documents in no story yet: id → (source key, features), with each text's embedding
    when ``embed`` is given."""
    d, sd = s.documents, s.story_documents
    rows = conn.execute(
        sa.select(d.c.id, d.c.site, d.c.url, d.c.title, d.c.text, d.c.published)
        .outerjoin(sd, sd.c.document_id == d.c.id).where(sd.c.document_id.is_(None))
        .order_by(d.c.id)
    ).all()
    ids = [r.id for r in rows]
    entities = _document_entities(conn, ids)
    events = _placed_events(conn, ids)
    vectors = embed([f"{r.title or ''}\n{r.text}" for r in rows]) if embed and rows else ()
    out: dict[str, tuple[str, DocFeatures]] = {}
    for i, r in enumerate(rows):
        mine = events.get(r.id, [])
        day = r.published or max((d for _, _, d in mine), default=None)
        out[r.id] = (source_key(r.site, r.url, r.id),
                     features(r.text, day=day, title=r.title, entities=entities[r.id],
                              events=mine, vector=vectors[i] if len(vectors) else ()))
    return out


def _document_entities(conn: Connection, ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for part in chunks(ids):
        for table, col in ((s.document_actors, "actor_id"), (s.document_places, "place_id")):
            stmt = sa.select(table.c.document_id, table.c[col]).where(
                table.c.document_id.in_(part))
            for doc_id, key in conn.execute(stmt):
                out[doc_id].add(key)
    return out


def _placed_events(conn: Connection, ids: Sequence[str]) -> dict[str, list[tuple[str, str, str]]]:
    """(type, place, day) of each document's current, placed, day-precise events."""
    e = s.events
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for part in chunks(ids):
        stmt = (sa.select(e.c.document_id, e.c.type, e.c.place, e.c.date_start)
                .where(e.c.document_id.in_(part), e.c.date_precision == "day",
                       e.c.historical.is_(False), e.c.place.is_not(None),
                       e.c.date_start.is_not(None))
                .order_by(e.c.document_id, e.c.seq))
        for doc, etype, place, day in conn.execute(stmt):
            out[doc].append((etype, place, day))
    return out


def story_neighbours(conn: Connection, day: date | None, window: int
                     ) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """Stored (document, story, day, features) that a document of ``day`` may join."""
    sd = s.story_documents
    stmt = sa.select(sd.c.document_id, sd.c.story_id, sd.c.day, sd.c.features)
    if day is not None:
        lo, hi = (day - timedelta(days=window)).isoformat(), (day + timedelta(days=window))
        stmt = stmt.where(sa.or_(sd.c.day.is_(None),
                                 sa.and_(sd.c.day >= lo, sd.c.day <= hi.isoformat())))
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(stmt.order_by(sd.c.document_id))]


def story_members(conn: Connection, story_ids: Sequence[str]) -> list[str]:
    sd = s.story_documents
    out: list[str] = []
    for part in chunks(story_ids):
        out += [r[0] for r in conn.execute(
            sa.select(sd.c.document_id).where(sd.c.story_id.in_(part)))]
    return out


def stored_features(conn: Connection, doc_ids: Sequence[str]) -> dict[str, DocFeatures]:
    sd = s.story_documents
    out: dict[str, DocFeatures] = {}
    for part in chunks(sorted(set(doc_ids))):
        stmt = sa.select(sd.c.document_id, sd.c.day, sd.c.features).where(
            sd.c.document_id.in_(part))
        for doc_id, day, feats in conn.execute(stmt):
            out[doc_id] = DocFeatures.from_json(feats, day)
    return out


# -- events -----------------------------------------------------------------------------------

def fused_places(conn: Connection, fused_ids: Sequence[str]) -> list[tuple[str, str | None]]:
    f = s.fused_events
    out: list[tuple[str, str | None]] = []
    for part in chunks(sorted(fused_ids)):
        out += [(r[0], r[1]) for r in conn.execute(
            sa.select(f.c.id, f.c.place).where(f.c.id.in_(part)))]
    return out


def reopen_stale_fused(conn: Connection) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Dissolve fused events that lost members; return their remaining event ids and the
    (id, place) of the dissolved ones."""
    m, f = s.fused_event_members, s.fused_events
    counts = sa.select(m.c.fused_id, sa.func.count().label("n")).group_by(m.c.fused_id).subquery()
    stale = [r[0] for r in conn.execute(
        sa.select(f.c.id).outerjoin(counts, counts.c.fused_id == f.c.id)
        .where(sa.func.coalesce(counts.c.n, 0) != f.c.n_members)
    )]
    dissolved = fused_places(conn, stale)
    remaining: list[str] = []
    for part in chunks(stale):
        remaining += [r[0] for r in conn.execute(
            sa.select(m.c.event_id).where(m.c.fused_id.in_(part)))]
        conn.execute(sa.delete(m).where(m.c.fused_id.in_(part)))
        conn.execute(sa.delete(f).where(f.c.id.in_(part)))
    return sorted(remaining), dissolved


def _mention_select() -> sa.Select[Any]:
    e, sd = s.events, s.story_documents
    return (
        sa.select(e.c.id, e.c.document_id, sd.c.source_key, e.c.type, e.c.subtype, e.c.actor1,
                  e.c.actor2, e.c.place, e.c.date_start, e.c.date_end, e.c.date_precision,
                  e.c.certainty, e.c.historical)
        .join(sd, sd.c.document_id == e.c.document_id)
    )


def _mentions(conn: Connection, stmt: sa.Select[Any]) -> list[Mention]:
    rows = conn.execute(stmt).all()
    feats = stored_features(conn, [r.document_id for r in rows])
    return [
        Mention(id=r.id, document_id=r.document_id, source=r.source_key, type=r.type,
                subtype=r.subtype, actor1=r.actor1, actor2=r.actor2, place=r.place,
                start=r.date_start, end=r.date_end, precision=r.date_precision,
                certainty=r.certainty, historical=bool(r.historical), doc=feats[r.document_id])
        for r in rows
    ]


def pending_mentions(conn: Connection) -> list[Mention]:
    """Events in no fused event yet (their documents are in stories by now)."""
    e, m = s.events, s.fused_event_members
    stmt = (_mention_select().outerjoin(m, m.c.event_id == e.c.id)
            .where(m.c.event_id.is_(None)).order_by(e.c.id))
    return _mentions(conn, stmt)


def fused_members(conn: Connection, fused_ids: Sequence[str]) -> dict[str, list[Mention]]:
    """The member mentions of the given fused events, by fused id."""
    e, m = s.events, s.fused_event_members
    out: dict[str, list[Mention]] = defaultdict(list)
    for part in chunks(sorted(set(fused_ids))):
        owner = dict(conn.execute(
            sa.select(m.c.event_id, m.c.fused_id).where(m.c.fused_id.in_(part))).all())
        stmt = (_mention_select().join(m, m.c.event_id == e.c.id)
                .where(m.c.fused_id.in_(part)).order_by(e.c.id))
        for mention in _mentions(conn, stmt):
            out[owner[mention.id]].append(mention)
    return out


def candidate_members(conn: Connection, pending: Sequence[Mention], slack: int
                      ) -> dict[str, list[Mention]]:
    """Stored fused events (with all their members) that some pending mention might join.

    A superset of what :func:`same_event` accepts, found by index in a few queries: members
    at a pending mention's place dated within the pending dates (± ``slack``) or undated,
    and unplaced members sharing an actor with a pending mention.
    """
    e, m = s.events, s.fused_event_members
    places = sorted({x.place for x in pending if x.place is not None})
    actors = sorted({a for x in pending for a in x.actors})
    spans = [x.interval() for x in pending if x.place is not None]
    dated = [sp for sp in spans if sp is not None]
    fused: set[str] = set()
    for part in chunks(places):
        cond: sa.ColumnElement[bool] = e.c.place.in_(part)
        if dated and len(dated) == len(spans):
            lo = (min(sp[0] for sp in dated) - timedelta(days=slack)).isoformat()
            hi = (max(sp[1] for sp in dated) + timedelta(days=slack)).isoformat()
            cond = sa.and_(cond, sa.or_(e.c.date_start.is_(None), sa.and_(
                e.c.date_start <= hi, sa.func.coalesce(e.c.date_end, e.c.date_start) >= lo)))
        fused |= {r[0] for r in conn.execute(
            sa.select(m.c.fused_id).join(e, e.c.id == m.c.event_id).where(cond))}
    for part in chunks(actors):
        fused |= {r[0] for r in conn.execute(
            sa.select(m.c.fused_id).join(e, e.c.id == m.c.event_id).where(
                e.c.place.is_(None), sa.or_(e.c.actor1.in_(part), e.c.actor2.in_(part))))}
    return fused_members(conn, sorted(fused))


def fused_rows(conn: Connection, *, places: Sequence[str] = (), ids: Sequence[str] = ()
               ) -> list[dict[str, Any]]:
    """Stored fused events at the given places or with the given ids, sorted by id."""
    f = s.fused_events
    out: dict[str, dict[str, Any]] = {}
    for values, column in ((places, f.c.place), (ids, f.c.id)):
        for part in chunks(sorted(set(values))):
            for r in conn.execute(sa.select(f).where(column.in_(part))).mappings():
                out[r["id"]] = dict(r)
    return [out[k] for k in sorted(out)]


def evidence_for(conn: Connection, event_ids: Sequence[str]) -> dict[str, tuple[int, int, str]]:
    """The first evidence sentence of each event: (start, end, sentence)."""
    ev = s.event_evidence
    out: dict[str, tuple[int, int, str]] = {}
    for part in chunks(sorted(set(event_ids))):
        stmt = sa.select(ev.c.event_id, ev.c.start, ev.c.end, ev.c.sentence).where(
            ev.c.event_id.in_(part), ev.c.seq == 0)
        out.update({r[0]: (r[1], r[2], r[3]) for r in conn.execute(stmt)})
    return out


def fused_near(conn: Connection, rows: Sequence[dict[str, Any]], window: int
               ) -> dict[str, list[dict[str, Any]]]:
    """Fused events at the places of ``rows`` dated within the rows' span (± ``window``
    days) or undated, by place; callers narrow them per place."""
    f = s.fused_events
    days = sorted(r["date_start"] for r in rows if r["date_start"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(sorted({r["place"] for r in rows})):
        stmt = sa.select(f).where(f.c.place.in_(part))
        if days and len(days) == len(rows):
            lo = (date.fromisoformat(days[0][:10]) - timedelta(days=window)).isoformat()
            hi = (date.fromisoformat(days[-1][:10]) + timedelta(days=window)).isoformat()
            stmt = stmt.where(sa.or_(f.c.date_start.is_(None),
                                     sa.and_(f.c.date_start >= lo, f.c.date_start <= hi)))
        for r in conn.execute(stmt.order_by(f.c.id)).mappings():
            out[r["place"]].append(dict(r))
    return out
