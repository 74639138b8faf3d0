"""Event mentions into fused events: one real-world event, every report behind it.

Pending mentions (new, or left over from a fused event that lost members) are compared with
each other — blocked by type and place, or by a shared actor when unplaced — and with the
members of stored fused events found by index (:func:`repo.candidate_fused`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse import repo
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.fused import fused_row
from eventatlas.fuse.graph import Components
from eventatlas.fuse.matching import Mention, same_event
from eventatlas.fuse.model import fusion_id
from eventatlas.fuse.stories import Change
from eventatlas.store import schema as s


def scope_of(place: str | None, fused_id: str) -> str:
    """Contradictions are recomputed per place, or per fused event when it has none."""
    return place if place is not None else fused_id


def _link_new(pending: Sequence[Mention], cfg: FuseConfig, comp: Components[str]) -> None:
    blocks: dict[tuple[str, bool, str], list[Mention]] = defaultdict(list)
    by_actor: dict[tuple[str, bool, str], list[Mention]] = defaultdict(list)
    for m in pending:
        if m.place is not None:
            blocks[(m.type, m.historical, m.place)].append(m)
        for actor in m.actors:
            by_actor[(m.type, m.historical, actor)].append(m)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if same_event(a, b, cfg):
                    comp.union("e:" + a.id, "e:" + b.id)
    for block in by_actor.values():  # pairs where a place is missing need a shared actor
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if (a.place is None or b.place is None) and same_event(a, b, cfg):
                    comp.union("e:" + a.id, "e:" + b.id)


def _link_stored(conn: Connection, pending: Sequence[Mention], cfg: FuseConfig,
                 comp: Components[str]) -> dict[str, list[Mention]]:
    members = repo.candidate_members(conn, pending, cfg.event_day_slack)
    by_place: dict[tuple[str, str], list[tuple[str, Mention]]] = defaultdict(list)
    by_actor: dict[tuple[str, str], list[tuple[str, Mention]]] = defaultdict(list)
    for fused, ms in members.items():
        for other in ms:
            if other.place is not None:
                by_place[(other.type, other.place)].append((fused, other))
            for actor in other.actors:
                by_actor[(other.type, actor)].append((fused, other))
    for m in pending:
        seen: list[tuple[str, Mention]] = []
        if m.place is not None:
            seen += by_place.get((m.type, m.place), [])
        for actor in sorted(m.actors):  # pairs with a missing place need a shared actor
            seen += [(f, o) for f, o in by_actor.get((m.type, actor), [])
                     if m.place is None or o.place is None]
        for fused, other in seen:
            if comp.find("e:" + m.id) != comp.find("f:" + fused) and same_event(m, other, cfg):
                comp.union("e:" + m.id, "f:" + fused)
    return members


def _touch(change: Change, placed: Sequence[tuple[str, str | None]]) -> None:
    for fused_id, place in placed:
        change.removed.add(fused_id)
        change.scopes.add(scope_of(place, fused_id))
        if place is not None:
            change.places.add(place)


def cluster_events(conn: Connection, cfg: FuseConfig) -> Change:
    """Put every event mention that is in no fused event into one, merging those it bridges."""
    reopened, dissolved = repo.reopen_stale_fused(conn)
    change = Change(reopened=len(reopened))
    _touch(change, dissolved)
    pending = repo.pending_mentions(conn)
    change.new = len(pending)
    if not pending:
        return change
    comp: Components[str] = Components("e:" + m.id for m in pending)
    _link_new(pending, cfg, comp)
    stored = _link_stored(conn, pending, cfg, comp)
    by_id = {m.id: m for m in pending}
    writes: list[tuple[list[Mention], list[str], list[Mention]]] = []
    for group in comp.groups():
        new = [by_id[k[2:]] for k in group if k.startswith("e:")]
        if new:
            old = [k[2:] for k in group if k.startswith("f:")]
            members = sorted([*new, *(m for f in old for m in stored[f])], key=lambda m: m.id)
            writes.append((members, old, new))
    _touch(change, repo.fused_places(conn, [f for _, old, _ in writes for f in old]))
    for row in _write_fused(conn, writes, cfg):
        change.clusters.append(row["id"])
        change.scopes.add(scope_of(row["place"], row["id"]))
        if row["place"] is not None:
            change.places.add(row["place"])
    return change


def _write_fused(conn: Connection,
                 writes: Sequence[tuple[list[Mention], list[str], list[Mention]]],
                 cfg: FuseConfig) -> list[dict[str, Any]]:
    """Replace merged fused events and insert the new ones, in a few batched statements."""
    f, m = s.fused_events, s.fused_event_members
    rows, moves, inserts = [], [], []
    for members, old, new in writes:
        fused_id = fusion_id("fused_event", members[0].id)
        moves += [(o, fused_id) for o in old]
        inserts += [{"event_id": x.id, "fused_id": fused_id, "document_id": x.document_id}
                    for x in new]
        rows.append(fused_row(fused_id, members, cfg))
    for part in repo.chunks(sorted({o for o, _ in moves})):
        conn.execute(sa.delete(f).where(f.c.id.in_(part)))
    if moves:
        conn.execute(sa.update(m).where(m.c.fused_id == sa.bindparam("old"))
                     .values(fused_id=sa.bindparam("new")),
                     [{"old": o, "new": n} for o, n in moves])
    if inserts:
        conn.execute(sa.insert(m), inserts)
    if rows:
        conn.execute(sa.insert(f), rows)
    return rows
