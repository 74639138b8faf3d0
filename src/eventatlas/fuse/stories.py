"""Clustering: documents into stories, event mentions into fused events, incrementally.

Both are connected components of a pairwise, symmetric rule (:func:`docsim.same_story`,
:func:`matching.same_event`). New items are compared with each other and, through indexed
candidate queries, with what is stored; a component that reaches stored clusters absorbs
them. A cluster's id derives from its smallest member id, so the same inputs give the same
clusters and ids whatever order they came in, and an incremental update equals a recompute.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse import repo
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import DocFeatures, same_story
from eventatlas.fuse.embeddings import embed
from eventatlas.fuse.graph import Components
from eventatlas.fuse.model import (
    FusedEvent,
    SourceEvidence,
    Story,
    StoryDocument,
    fusion_id,
)
from eventatlas.store import Store
from eventatlas.store import schema as s

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Change:
    """What one clustering pass did."""

    new: int = 0
    reopened: int = 0
    clusters: list[str] = field(default_factory=list)  # ids written (new or rebuilt)
    scopes: set[str] = field(default_factory=set)  # places / fused ids whose picture changed
    places: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)  # cluster ids dissolved or merged away


# -- documents --------------------------------------------------------------------------------

def _link_new_documents(pending: dict[str, tuple[str, DocFeatures]], cfg: FuseConfig,
                        comp: Components[str]) -> None:
    dated = sorted((f.day, doc) for doc, (_, f) in pending.items() if f.day is not None)
    for i, (day, a) in enumerate(dated):
        for other_day, b in dated[i + 1 :]:
            if (other_day - day).days > cfg.story_max_days:
                break
            if same_story(pending[a][1], pending[b][1], cfg):
                comp.union("d:" + a, "d:" + b)
    undated = sorted(doc for doc, (_, f) in pending.items() if f.day is None)
    for a in undated:
        for b in sorted(pending):
            if a != b and same_story(pending[a][1], pending[b][1], cfg):
                comp.union("d:" + a, "d:" + b)


def _link_stored_documents(conn: Connection, pending: dict[str, tuple[str, DocFeatures]],
                           cfg: FuseConfig, comp: Components[str]) -> None:
    by_day: dict[date | None, list[str]] = {}
    for doc, (_, f) in sorted(pending.items()):
        by_day.setdefault(f.day, []).append(doc)
    cache: dict[str, DocFeatures] = {}
    for day, docs in by_day.items():
        for stored, story, stored_day, raw in repo.story_neighbours(conn, day, cfg.story_max_days):
            feats = cache.get(stored)
            if feats is None:
                feats = cache[stored] = DocFeatures.from_json(raw, stored_day)
            for doc in docs:
                if same_story(pending[doc][1], feats, cfg):
                    comp.union("d:" + doc, "s:" + story)


def cluster_documents(conn: Connection, cfg: FuseConfig) -> Change:
    """Put every document that is in no story into one, merging stories it bridges."""
    change = Change(reopened=len(repo.reopen_stale_stories(conn)))
    pending = repo.pending_documents(conn, embed if cfg.embeddings else None)
    change.new = len(pending)
    if not pending:
        return change
    comp: Components[str] = Components("d:" + doc for doc in pending)
    _link_new_documents(pending, cfg, comp)
    _link_stored_documents(conn, pending, cfg, comp)
    for group in comp.groups():
        new_docs = [k[2:] for k in group if k.startswith("d:")]
        if new_docs:
            old = [k[2:] for k in group if k.startswith("s:")]
            change.clusters.append(_write_story(conn, new_docs, old, pending))
    return change


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _write_story(conn: Connection, new_docs: Sequence[str], old_stories: Sequence[str],
                 pending: dict[str, tuple[str, DocFeatures]]) -> str:
    sd, st = s.story_documents, s.stories
    old_docs = repo.story_members(conn, old_stories)
    story_id = fusion_id("story", min([*new_docs, *old_docs]))
    if old_stories:
        conn.execute(sa.delete(st).where(st.c.id.in_(old_stories)))
        conn.execute(sa.update(sd).where(sd.c.story_id.in_(old_stories)).values(story_id=story_id))
    conn.execute(sa.insert(sd), [
        {"document_id": doc, "story_id": story_id, "source_key": pending[doc][0],
         "day": _iso(pending[doc][1].day),
         "features": pending[doc][1].to_json()}
        for doc in sorted(new_docs)
    ])
    d = s.documents
    rows = conn.execute(
        sa.select(d.c.id, d.c.title, sd.c.day, sd.c.source_key).join(sd, sd.c.document_id == d.c.id)
        .where(sd.c.story_id == story_id)
    ).all()
    days = sorted(r.day for r in rows if r.day)
    first = min(rows, key=lambda r: (r.day is None, r.day or "", r.id))
    conn.execute(sa.insert(st).values(
        id=story_id, title=first.title, first_day=days[0] if days else None,
        last_day=days[-1] if days else None, n_documents=len(rows),
        n_sources=len({r.source_key for r in rows}),
    ))
    return story_id


# -- reading ----------------------------------------------------------------------------------

def fused_event_of(store: Store, event_id: str) -> FusedEvent | None:
    """The fused event a single event report belongs to (with every member), if fused."""
    m = s.fused_event_members
    with store.reading() as conn:
        fused_id = conn.execute(
            sa.select(m.c.fused_id).where(m.c.event_id == event_id)).scalar_one_or_none()
    if fused_id is None:
        return None
    found = list_fused_events(store, [fused_id])
    return found[0] if found else None


def list_fused_events(store: Store, ids: Sequence[str] | None = None) -> list[FusedEvent]:
    """Fused events (all, or the given ids) with every member report, by id."""
    f = s.fused_events
    with store.reading() as conn:
        stmt = sa.select(f).order_by(f.c.id)
        if ids is not None:
            stmt = stmt.where(f.c.id.in_(sorted(set(ids))))
        rows = conn.execute(stmt).mappings().all()
        members = repo.fused_members(conn, [r["id"] for r in rows])
        evidence = repo.evidence_for(conn, [m.id for ms in members.values() for m in ms])
    out = []
    for r in rows:
        reports = tuple(
            SourceEvidence(event_id=m.id, document_id=m.document_id, source=m.source,
                           certainty=m.certainty, date=m.start,
                           sentence=evidence.get(m.id, (0, 0, ""))[2],
                           start=evidence[m.id][0] if m.id in evidence else None,
                           end=evidence[m.id][1] if m.id in evidence else None)
            for m in members[r["id"]])
        data = {k: v for k, v in r.items() if k != "n_members"}
        out.append(FusedEvent.model_validate({**data, "sources": tuple(r["sources"]),
                                              "members": reports}))
    return out


def list_stories(store: Store) -> list[Story]:
    """Every story with its documents (by day) and the fused events they report, by id."""
    st, sd, d, m = s.stories, s.story_documents, s.documents, s.fused_event_members
    with store.reading() as conn:
        stories = conn.execute(sa.select(st).order_by(st.c.id)).mappings().all()
        docs = conn.execute(
            sa.select(sd.c.story_id, d.c.id, sd.c.source_key, d.c.title, sd.c.day)
            .join(d, d.c.id == sd.c.document_id)
            .order_by(sd.c.story_id, sd.c.day, d.c.id)
        ).all()
        events = conn.execute(
            sa.select(sd.c.story_id, m.c.fused_id).join(m, m.c.document_id == sd.c.document_id)
            .distinct()
        ).all()
    by_story: dict[str, list[StoryDocument]] = {}
    for r in docs:
        by_story.setdefault(r.story_id, []).append(
            StoryDocument(id=r.id, source=r.source_key, title=r.title, day=r.day))
    fused: dict[str, set[str]] = {}
    for story_id, fused_id in events:
        fused.setdefault(story_id, set()).add(fused_id)
    return [
        Story(id=r["id"], title=r["title"], first_day=r["first_day"], last_day=r["last_day"],
              n_sources=r["n_sources"], documents=tuple(by_story.get(r["id"], ())),
              events=tuple(sorted(fused.get(r["id"], ()))))
        for r in stories
    ]
