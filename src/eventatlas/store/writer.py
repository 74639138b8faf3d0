"""Idempotent writes: one document's analysis per transaction, failures counted per stage.

- A document already stored with the same id and fingerprint (its ``content_hash``, or a hash
  of its text) writes nothing: ``status="unchanged"``.
- A document whose id or source is already stored with other content replaces it: the old
  document's rows (events, relations, mentions, aliases) go with it, nothing is duplicated.
- Actors and places are shared across documents by id: the first name/kind written is kept;
  what each document says (spelling, aliases, roles, mentions) is stored per document.
- A successful write of a source clears the failures recorded for that source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from eventatlas.errors import InvalidAnalysis
from eventatlas.model import Actor, Analysis, Document, Evidence, Failure, Place, content_hash
from eventatlas.store import schema as s

WriteStatus = Literal["inserted", "replaced", "unchanged"]
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class WriteResult:
    document_id: str
    source: str
    status: WriteStatus
    events: int = 0
    actors: int = 0
    places: int = 0
    relations: int = 0
    replaced: tuple[str, ...] = ()  # ids of the stored documents this write replaced


def fingerprint(document: Document) -> str:
    """What decides "same content": the document's content_hash, else a hash of its text."""
    return document.content_hash or content_hash(document.text)


def write_analysis(
    conn: Connection, analysis: Analysis, *, now: datetime, force: bool = False
) -> WriteResult:
    """Write ``analysis`` inside the caller's transaction on ``conn``.

    Raises InvalidAnalysis (a StageError, stage "store") for dangling or duplicate ids and
    for text the database cannot hold (lone surrogates; NUL on PostgreSQL).
    """
    _validate(analysis)
    source = analysis.document.source
    try:
        return _write(conn, analysis, now=now, force=force)
    except sa.exc.IntegrityError as exc:
        raise InvalidAnalysis(source, f"conflicting ids: {exc.orig}", stage="store") from exc
    except sa.exc.DataError as exc:
        raise InvalidAnalysis(source, f"unstorable value: {exc.orig}", stage="store") from exc
    except UnicodeEncodeError as exc:
        raise InvalidAnalysis(source, f"text is not valid Unicode: {exc}", stage="store") from exc


def _write(conn: Connection, analysis: Analysis, *, now: datetime, force: bool) -> WriteResult:
    doc = analysis.document
    fp = fingerprint(doc)
    existing = conn.execute(
        sa.select(s.documents.c.id, s.documents.c.fingerprint).where(
            sa.or_(s.documents.c.id == doc.id, s.documents.c.source == doc.source)
        )
    ).all()
    _clear_failures(conn, doc.source)
    if not force and [(r.id, r.fingerprint) for r in existing] == [(doc.id, fp)]:
        return WriteResult(doc.id, doc.source, "unchanged")
    old_ids = tuple(r.id for r in existing)
    old_actors, old_places = _delete_documents(conn, old_ids)
    _insert_analysis(conn, analysis, fp, now)
    _prune(conn, old_actors, old_places)
    return WriteResult(
        doc.id,
        doc.source,
        "replaced" if old_ids else "inserted",
        events=len(analysis.events),
        actors=len(analysis.actors),
        places=len(analysis.places),
        relations=len(analysis.relations),
        replaced=old_ids,
    )


def record_failure(conn: Connection, failure: Failure, *, now: datetime) -> None:
    """Insert the failure, or bump its count and refresh reason/detail/last_seen."""
    table = s.failures
    row: Row = {
        "source": failure.source, "stage": failure.stage, "reason": failure.reason,
        "detail": failure.detail, "first_seen": now, "last_seen": now, "count": 1,
    }
    stmt = _dialect_insert(conn, table)
    if stmt is None:
        updated = conn.execute(
            sa.update(table)
            .where(table.c.source == failure.source, table.c.stage == failure.stage)
            .values(reason=failure.reason, detail=failure.detail, last_seen=now,
                    count=table.c.count + 1)
        )
        if updated.rowcount == 0:
            conn.execute(sa.insert(table).values(**row))
        return
    conn.execute(
        stmt.values(**row).on_conflict_do_update(
            index_elements=[table.c.source, table.c.stage],
            set_={
                "reason": stmt.excluded.reason,
                "detail": stmt.excluded.detail,
                "last_seen": stmt.excluded.last_seen,
                "count": table.c.count + 1,
            },
        )
    )


def _validate(analysis: Analysis) -> None:
    source = analysis.document.source
    actor_ids = {a.id for a in analysis.actors}
    place_ids = {p.id for p in analysis.places}
    refs: list[tuple[str, str | None, set[str]]] = []
    for event in analysis.events:
        refs += [(event.id, event.actor1, actor_ids), (event.id, event.actor2, actor_ids),
                 (event.id, event.place, place_ids)]
    for rel in analysis.relations:
        refs += [(rel.id, rel.source, actor_ids), (rel.id, rel.target, actor_ids)]
    for owner, ref, known in refs:
        if ref is not None and ref not in known:
            raise InvalidAnalysis(source, f"{owner} refers to unknown id {ref}", stage="store")


def _clear_failures(conn: Connection, source: str) -> None:
    conn.execute(sa.delete(s.failures).where(s.failures.c.source == source))


def _delete_documents(
    conn: Connection, ids: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Delete documents (their rows cascade); return the actor and place ids they used."""
    if not ids:
        return set(), set()
    da, dp = s.document_actors, s.document_places
    actors = set(conn.execute(sa.select(da.c.actor_id).where(da.c.document_id.in_(ids))).scalars())
    places = set(conn.execute(sa.select(dp.c.place_id).where(dp.c.document_id.in_(ids))).scalars())
    conn.execute(sa.delete(s.documents).where(s.documents.c.id.in_(ids)))
    return actors, places


def _prune(conn: Connection, actor_ids: set[str], place_ids: set[str]) -> None:
    """Drop shared actors/places that no stored document mentions any more."""
    if actor_ids:
        used = sa.select(s.document_actors.c.actor_id).where(
            s.document_actors.c.actor_id == s.actors.c.id
        )
        conn.execute(
            sa.delete(s.actors).where(s.actors.c.id.in_(sorted(actor_ids)), ~sa.exists(used))
        )
    if place_ids:
        used = sa.select(s.document_places.c.place_id).where(
            s.document_places.c.place_id == s.places.c.id
        )
        conn.execute(
            sa.delete(s.places).where(s.places.c.id.in_(sorted(place_ids)), ~sa.exists(used))
        )


def _insert_analysis(conn: Connection, analysis: Analysis, fp: str, now: datetime) -> None:
    doc = analysis.document
    conn.execute(sa.insert(s.documents).values(**_document_row(analysis, fp, now)))
    _insert_ignore(conn, s.actors, [
        {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country}
        for a in analysis.actors
    ])
    _insert_ignore(conn, s.places, [{"id": p.id, **_place_row(p)} for p in analysis.places])
    _insert(conn, s.document_actors, [
        {"document_id": doc.id, "actor_id": a.id, "seq": i, "name": a.name, "kind": a.kind,
         "country": a.country, "roles": list(a.roles), "ethnicity": a.ethnicity,
         "affiliations": _affiliations(a)}
        for i, a in enumerate(analysis.actors)
    ])
    _insert(conn, s.actor_aliases, [
        {"document_id": doc.id, "actor_id": a.id, "seq": i, "alias": alias}
        for a in analysis.actors for i, alias in enumerate(a.aliases)
    ])
    _insert(conn, s.actor_mentions, [
        {"document_id": doc.id, "actor_id": a.id, "seq": i, "start": m.start, "end": m.end,
         "text": m.text}
        for a in analysis.actors for i, m in enumerate(a.mentions)
    ])
    _insert(conn, s.document_places, [
        {"document_id": doc.id, "place_id": p.id, "seq": i, **_place_row(p)}
        for i, p in enumerate(analysis.places)
    ])
    _insert(conn, s.place_mentions, [
        {"document_id": doc.id, "place_id": p.id, "seq": i, "start": m.start, "end": m.end,
         "text": m.text}
        for p in analysis.places for i, m in enumerate(p.mentions)
    ])
    _insert_events(conn, analysis)
    _insert_relations(conn, analysis)


def _affiliations(actor: Actor) -> list[Row]:
    """The actor's affiliations as a JSON list (``[]`` for none; NULL only in old rows)."""
    return [aff.model_dump(mode="json") for aff in actor.affiliations]


def _place_row(place: Place) -> Row:
    """What a place row says besides its id: shared in ``places``, per document elsewhere."""
    return {
        "name": place.name, "feature": place.feature, "country": place.country,
        "admin1": place.admin1, "lat": place.lat, "lon": place.lon,
        "relation": place.relation, "anchor": place.anchor, "distance_km": place.distance_km,
    }


def _document_row(analysis: Analysis, fp: str, now: datetime) -> Row:
    doc = analysis.document
    return {
        "id": doc.id, "source": doc.source, "site": doc.site, "title": doc.title,
        "author": doc.author, "language": doc.language,
        "published": doc.published.value, "published_precision": doc.published.precision,
        "published_basis": doc.published.basis,
        "accessed": doc.accessed.value, "accessed_precision": doc.accessed.precision,
        "accessed_basis": doc.accessed.basis,
        "text": doc.text, "url": doc.url, "content_hash": doc.content_hash,
        "fingerprint": fp, "stages": list(analysis.stages), "written_at": now,
        "simhash": doc.simhash,
    }


def _insert_events(conn: Connection, analysis: Analysis) -> None:
    doc_id = analysis.document.id
    _insert(conn, s.events, [
        {"id": e.id, "document_id": doc_id, "seq": i, "type": e.type, "subtype": e.subtype,
         "plover": e.plover, "actor1": e.actor1, "actor2": e.actor2, "place": e.place,
         "geo_precision": e.geo_precision, "date_start": e.date.start,
         "date_end": e.date.end, "date_precision": e.date.precision,
         "certainty": e.certainty, "historical": e.historical, "fatalities": e.fatalities,
         "trigger": e.trigger, "source_attribution": e.source_attribution,
         "injured": e.injured}
        for i, e in enumerate(analysis.events)
    ])
    _insert(conn, s.event_evidence, [
        {"event_id": e.id, **row} for e in analysis.events for row in _evidence(e.evidence)
    ])


def _insert_relations(conn: Connection, analysis: Analysis) -> None:
    doc_id = analysis.document.id
    _insert(conn, s.relations, [
        {"id": r.id, "document_id": doc_id, "seq": i, "type": r.type, "source": r.source,
         "target": r.target, "certainty": r.certainty, "historical": r.historical}
        for i, r in enumerate(analysis.relations)
    ])
    _insert(conn, s.relation_evidence, [
        {"relation_id": r.id, **row}
        for r in analysis.relations for row in _evidence(r.evidence)
    ])


def _evidence(items: Iterable[Evidence]) -> list[Row]:
    return [
        {"seq": i, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "cue": ev.cue}
        for i, ev in enumerate(items)
    ]


def _insert(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        conn.execute(sa.insert(table), list(rows))


def _dialect_insert(conn: Connection, table: sa.Table) -> Any:
    """An INSERT supporting ON CONFLICT for SQLite and PostgreSQL, else None."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return None


def _insert_ignore(conn: Connection, table: sa.Table, rows: Sequence[Row]) -> None:
    """Insert rows whose primary key ``id`` is not stored yet; keep the stored ones."""
    if not rows:
        return
    stmt = _dialect_insert(conn, table)
    if stmt is not None:
        conn.execute(stmt.on_conflict_do_nothing(index_elements=[table.c.id]), list(rows))
        return
    ids = [r["id"] for r in rows]
    have = set(conn.execute(sa.select(table.c.id).where(table.c.id.in_(ids))).scalars())
    _insert(conn, table, [r for r in rows if r["id"] not in have])
