"""Rebuild one document's :class:`Analysis` exactly as it was written.

Actors and places come back as the document stated them (its spelling, aliases, roles), not
as the shared rows merged across documents. The linguistic annotation is never stored.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.errors import StoreError
from eventatlas.model import (
    Actor,
    Affiliation,
    Analysis,
    DateInterval,
    DateValue,
    Document,
    Event,
    Evidence,
    Mention,
    Place,
    Relation,
)
from eventatlas.store import schema as s


def read_analysis(conn: Connection, document_id: str) -> Analysis:
    d = s.documents
    row = conn.execute(sa.select(d).where(d.c.id == document_id)).mappings().first()
    if row is None:
        raise StoreError(f"no document {document_id!r} in the store")
    return Analysis(
        document=_document(row),
        actors=_actors(conn, document_id),
        places=_places(conn, document_id),
        events=_events(conn, document_id),
        relations=_relations(conn, document_id),
        stages=tuple(row["stages"] or ()),
    )


def _document(r: Any) -> Document:
    return Document(
        id=r["id"], source=r["source"], site=r["site"], title=r["title"], author=r["author"],
        language=r["language"],
        published=DateValue(value=r["published"], precision=r["published_precision"],
                            basis=r["published_basis"]),
        accessed=DateValue(value=r["accessed"], precision=r["accessed_precision"],
                           basis=r["accessed_basis"]),
        text=r["text"], url=r["url"], content_hash=r["content_hash"], simhash=r["simhash"],
    )


def _mentions(conn: Connection, table: sa.Table, key: str, doc_id: str) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    stmt = sa.select(table).where(table.c.document_id == doc_id).order_by(table.c[key], table.c.seq)
    for r in conn.execute(stmt).mappings():
        out[r[key]].append(Mention(start=r["start"], end=r["end"], text=r["text"]))
    return out


def _actors(conn: Connection, doc_id: str) -> tuple[Actor, ...]:
    da, aa = s.document_actors, s.actor_aliases
    aliases: dict[str, list[str]] = defaultdict(list)
    stmt = sa.select(aa).where(aa.c.document_id == doc_id).order_by(aa.c.actor_id, aa.c.seq)
    for r in conn.execute(stmt).mappings():
        aliases[r["actor_id"]].append(r["alias"])
    mentions = _mentions(conn, s.actor_mentions, "actor_id", doc_id)
    rows = conn.execute(sa.select(da).where(da.c.document_id == doc_id).order_by(da.c.seq))
    return tuple(
        Actor(
            id=r["actor_id"], name=r["name"], aliases=tuple(aliases[r["actor_id"]]),
            kind=r["kind"], roles=tuple(r["roles"] or ()), country=r["country"],
            mentions=tuple(mentions[r["actor_id"]]), ethnicity=r["ethnicity"],
            affiliations=_affiliations(r["affiliations"]),
        )
        for r in rows.mappings()
    )


def _affiliations(stored: Any) -> tuple[Affiliation, ...]:
    """The JSON list written for an actor; NULL (a row from before migration 4) is none."""
    return tuple(Affiliation.model_validate(item) for item in stored or ())


def _places(conn: Connection, doc_id: str) -> tuple[Place, ...]:
    dp = s.document_places
    mentions = _mentions(conn, s.place_mentions, "place_id", doc_id)
    rows = conn.execute(sa.select(dp).where(dp.c.document_id == doc_id).order_by(dp.c.seq))
    return tuple(
        Place(
            id=r["place_id"], name=r["name"], feature=r["feature"], country=r["country"],
            admin1=r["admin1"], lat=r["lat"], lon=r["lon"], mentions=tuple(mentions[r["place_id"]]),
            relation=r["relation"], anchor=r["anchor"], distance_km=r["distance_km"],
        )
        for r in rows.mappings()
    )


def _evidence(conn: Connection, table: sa.Table, key: str, owner: sa.Table, doc_id: str
              ) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = defaultdict(list)
    stmt = (
        sa.select(table).join(owner, owner.c.id == table.c[key])
        .where(owner.c.document_id == doc_id).order_by(table.c[key], table.c.seq)
    )
    for r in conn.execute(stmt).mappings():
        out[r[key]].append(
            Evidence(start=r["start"], end=r["end"], sentence=r["sentence"], cue=r["cue"])
        )
    return out


def _events(conn: Connection, doc_id: str) -> tuple[Event, ...]:
    e = s.events
    evidence = _evidence(conn, s.event_evidence, "event_id", e, doc_id)
    rows = conn.execute(sa.select(e).where(e.c.document_id == doc_id).order_by(e.c.seq))
    return tuple(
        Event(
            id=r["id"], type=r["type"], subtype=r["subtype"], plover=r["plover"],
            actor1=r["actor1"], actor2=r["actor2"], place=r["place"],
            geo_precision=r["geo_precision"],
            date=DateInterval(start=r["date_start"], end=r["date_end"],
                              precision=r["date_precision"]),
            certainty=r["certainty"], historical=bool(r["historical"]),
            fatalities=r["fatalities"], trigger=r["trigger"], evidence=tuple(evidence[r["id"]]),
            source_attribution=r["source_attribution"], injured=r["injured"],
        )
        for r in rows.mappings()
    )


def _relations(conn: Connection, doc_id: str) -> tuple[Relation, ...]:
    rel = s.relations
    evidence = _evidence(conn, s.relation_evidence, "relation_id", rel, doc_id)
    rows = conn.execute(sa.select(rel).where(rel.c.document_id == doc_id).order_by(rel.c.seq))
    return tuple(
        Relation(
            id=r["id"], type=r["type"], source=r["source"], target=r["target"],
            certainty=r["certainty"], historical=bool(r["historical"]),
            evidence=tuple(evidence[r["id"]]),
        )
        for r in rows.mappings()
    )
