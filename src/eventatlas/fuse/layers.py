"""Situation layers: who holds each place over time, and who is with or against whom.

Control lives in :mod:`eventatlas.fuse.control` (re-exported here). The alliance graph is read
from relations (alliance, support, command, membership → with; opposition → against) and from
violent fused events between two known actors (against), each dated by its document or event.
Both are queryable for a day: ``control_on(store, date(2021, 9, 1))``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse.control import (
    control_changes,
    control_history,
    control_on,
    recompute_control,
)
from eventatlas.fuse.model import AllianceEdge
from eventatlas.store import Store
from eventatlas.store import schema as s

_HOSTILE_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_WITH = ("alliance", "support", "command", "membership")

__all__ = ["alliances_on", "control_changes", "control_history", "control_on",
           "recompute_control"]


def _evidence(conn: Connection, day: str) -> list[tuple[str, str, str, str | None, str, str]]:
    """(a, b, stance, date, certainty, basis id) of every current tie dated on or before day."""
    rel, d, f = s.relations, s.documents, s.fused_events
    out: list[tuple[str, str, str, str | None, str, str]] = []
    stmt = (sa.select(rel.c.id, rel.c.type, rel.c.source, rel.c.target, rel.c.certainty,
                      d.c.published).join(d, d.c.id == rel.c.document_id)
            .where(rel.c.historical.is_(False), rel.c.certainty != "denied"))
    for r in conn.execute(stmt):
        if r.source != r.target and (r.published is None or r.published[:10] <= day):
            stance = "with" if r.type in _WITH else "against"
            out.append((*sorted((r.source, r.target)), stance, r.published, r.certainty, r.id))
    stmt2 = sa.select(f.c.id, f.c.actor1, f.c.actor2, f.c.date_start, f.c.certainty).where(
        f.c.type.in_(_HOSTILE_TYPES), f.c.historical.is_(False), f.c.actor1.is_not(None),
        f.c.actor2.is_not(None), f.c.certainty != "denied", f.c.date_start <= day)
    for h in conn.execute(stmt2):
        if h.actor1 != h.actor2:
            out.append((*sorted((h.actor1, h.actor2)), "against", h.date_start, h.certainty, h.id))
    return out


def alliances_on(store: Store, day: date) -> list[AllianceEdge]:
    """Who was with or against whom on ``day``: the latest stance of each pair by then."""
    with store.reading() as conn:
        ties = _evidence(conn, day.isoformat())
    pairs: dict[tuple[str, str], list[tuple[str, str, str | None, str, str]]] = {}
    for a, b, stance, when, certainty, basis in ties:
        pairs.setdefault((a, b), []).append((when or "", stance, when, certainty, basis))
    edges = []
    for (a, b), items in sorted(pairs.items()):
        items.sort()
        stance = items[-1][1]
        run = [i for i in items if i[1] == stance]
        latest_other = max((i[0] for i in items if i[1] != stance), default="")
        run = [i for i in run if i[0] >= latest_other]
        edges.append(AllianceEdge(
            a=a, b=b, stance="with" if stance == "with" else "against", since=run[0][2],
            certainty=_best([i[3] for i in run]), n_reports=len(run),
            basis=tuple(sorted(i[4] for i in run))))
    return edges


def _best(certainties: Sequence[str]) -> str:
    order = ("confirmed", "reported", "claimed", "unconfirmed", "contested", "denied")
    return min(certainties, key=lambda c: order.index(c) if c in order else len(order))
