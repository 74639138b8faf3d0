"""Situation layers: who holds each place over time, and who is with or against whom.

Control comes from current, non-denied territorial fused events (ACLED "... territory"
sub-types): the taker (actor1) holds the place from the event's date until someone else
takes it; a loser named as actor2 held it until then. Periods keep their fused certainty, the
number of independent sources and whether the taking is contested. The alliance graph is read
from relations (alliance, support, command, membership → with; opposition → against) and from
violent fused events between two known actors (against), each dated by its document or event.
Both are queryable for a day: ``control_on(store, date(2021, 9, 1))``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse import repo
from eventatlas.fuse.contradictions import is_territorial
from eventatlas.fuse.model import AllianceEdge, ControlPeriod, fusion_id
from eventatlas.store import Store
from eventatlas.store import schema as s

_HOSTILE_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_WITH = ("alliance", "support", "command", "membership")


def _periods(place: str, rows: Sequence[dict[str, Any]]) -> list[ControlPeriod]:
    periods: list[dict[str, Any]] = []
    for r in rows:
        holder, loser, day = r["actor1"], r["actor2"], r["date_start"]
        current = periods[-1] if periods else None
        if current is None and loser and loser != holder:
            periods.append({"holder": loser, "start": None, "certainty": r["certainty"],
                            "contested": bool(r["contested"]), "n_sources": r["n_sources"],
                            "basis": [r["id"]]})
            current = periods[-1]
        if current is not None and current["holder"] == holder:
            current["basis"].append(r["id"])
            current["n_sources"] = max(current["n_sources"], r["n_sources"])
            current["contested"] = current["contested"] or bool(r["contested"])
            continue
        if current is not None:
            current["end"] = day
        periods.append({"holder": holder, "start": day, "certainty": r["certainty"],
                        "contested": bool(r["contested"]), "n_sources": r["n_sources"],
                        "basis": [r["id"]]})
    return [ControlPeriod(place=place, holder=p["holder"], start=p["start"], end=p.get("end"),
                          certainty=p["certainty"], contested=p["contested"],
                          n_sources=p["n_sources"], basis=tuple(p["basis"]))
            for p in periods]


def recompute_control(conn: Connection, places: set[str]) -> int:
    """Replace the control periods of ``places`` from their territorial fused events."""
    cp = s.control_periods
    for part in repo.chunks(sorted(places)):
        conn.execute(sa.delete(cp).where(cp.c.place.in_(part)))
    rows = [r for r in repo.fused_rows(conn, places=sorted(places))
            if is_territorial(r["subtype"]) and not r["historical"] and r["actor1"]
            and r["date_start"] and r["certainty"] != "denied"]
    by_place: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["date_start"], r["id"])):
        by_place.setdefault(r["place"], []).append(r)
    written = 0
    for place, group in sorted(by_place.items()):
        periods = _periods(place, group)
        if periods:
            conn.execute(sa.insert(cp), [
                {**p.model_dump(mode="json"), "basis": list(p.basis),
                 "id": fusion_id("control", place, p.holder, p.start or "")}
                for p in periods
            ])
        written += len(periods)
    return written


def _period(r: Any) -> ControlPeriod:
    return ControlPeriod(place=r["place"], holder=r["holder"], start=r["start"], end=r["end"],
                         certainty=r["certainty"], contested=bool(r["contested"]),
                         n_sources=r["n_sources"], basis=tuple(r["basis"]))


def control_history(store: Store, place: str | None = None) -> list[ControlPeriod]:
    """Every control period (of one place when given), by place and start."""
    cp = s.control_periods
    stmt = sa.select(cp)
    if place is not None:
        stmt = stmt.where(cp.c.place == place)
    with store.reading() as conn:
        rows = [_period(r) for r in conn.execute(stmt).mappings()]
    return sorted(rows, key=lambda p: (p.place, p.start or "", p.holder))


def control_on(store: Store, day: date) -> list[ControlPeriod]:
    """Who held each place on ``day``: the periods that cover it (start ≤ day < end)."""
    iso = day.isoformat()
    return [p for p in control_history(store)
            if (p.start is None or p.start <= iso) and (p.end is None or iso < p.end)]


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
