"""Territorial control: who holds each place, from when to when, from which takings.

A *taking* is a current, dated, non-denied territorial fused event (ACLED "... territory"
sub-types) whose taker (actor1) is known; "Y fell to X" and "X retook Y" reach fusion with X
as actor1. The taker holds the place from the taking's day, and the holder before it loses the
place that day: its period ends. Who held it before, when no earlier taking says so, is
the loser (actor2), or else the one actor the taker fought at that place in the
``prior_fight_days`` before the taking (a taker did not hold what it had to take, so the side
it fought there was holding it).

Not every place an event names is a control unit. A country-level place is one only for a
taker from another country (an invasion or an occupation): an actor never "takes" its own
country, and a domestic actor's control is tracked at the places inside the country (a flight
that "took off" from a U.S. base, coded upstream as U.S. forces taking the United States,
gives no period).

Example: ``control_on(store, date(2021, 9, 1))`` lists who held what on 1 September.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse import repo
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.contradictions import is_territorial
from eventatlas.fuse.docsim import days_apart, parse_day
from eventatlas.fuse.model import ControlPeriod, fusion_id
from eventatlas.store import Store
from eventatlas.store import schema as s

Row = dict[str, Any]


def _current(r: Row) -> bool:
    return bool(r["date_start"]) and not r["historical"] and r["certainty"] != "denied"


def _countries(conn: Connection, table: sa.Table, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id → (feature or kind, country) of the given places or actors."""
    kind = table.c.feature if table is s.places else table.c.kind
    out: dict[str, tuple[str, str]] = {}
    for part in repo.chunks(sorted(ids)):
        stmt = sa.select(table.c.id, kind, table.c.country).where(table.c.id.in_(part))
        out.update({r[0]: (r[1], (r[2] or "").upper()) for r in conn.execute(stmt)})
    return out


def is_control_unit(place: tuple[str, str] | None, taker: tuple[str, str] | None) -> bool:
    """Can the taker hold this place as a unit of territorial control?

    ``place`` is (feature, country), ``taker`` is (kind, country); either may be unknown.
    """
    if place is None or place[0] != "country":
        return True
    taker_country = taker[1] if taker else ""
    return bool(taker_country) and taker_country != place[1]


# Who can hold ground: a person killed in the fighting is not the place's holder.
HOLDER_KINDS = frozenset({"armed_group", "state", "state_forces", "political"})


def prior_holder(taking: Row, fights: Sequence[Row], window: int,
                 kinds: Mapping[str, str] | None = None) -> str | None:
    """Who held the place before ``taking``: its loser, else the one group (``kinds``: actor
    id → kind; unknown kinds count) its taker fought there in the ``window`` days up to it."""
    taker, loser = taking["actor1"], taking["actor2"]
    if loser and loser != taker:
        return str(loser)
    day = parse_day(taking["date_start"])
    opponents = set()
    for f in fights:
        gap = days_apart(parse_day(f["date_start"]), day)
        if gap is None or gap > window or f["date_start"] > taking["date_start"]:
            continue
        if taker in (f["actor1"], f["actor2"]):
            opponents |= {f["actor1"], f["actor2"]} - {taker}
    kinds = kinds or {}
    opponents = {a for a in opponents if kinds.get(a, "armed_group") in HOLDER_KINDS}
    return opponents.pop() if len(opponents) == 1 else None


def _open(holder: str, start: str | None, r: Row) -> dict[str, Any]:
    return {"holder": holder, "start": start, "certainty": r["certainty"],
            "contested": bool(r["contested"]), "n_sources": r["n_sources"], "basis": [r["id"]]}


def periods(place: str, takings: Sequence[Row], fights: Sequence[Row] = (),
            prior_fight_days: int = 14, kinds: Mapping[str, str] | None = None
            ) -> list[ControlPeriod]:
    """Control periods of one place from its takings (sorted by day) and hostile events."""
    out: list[dict[str, Any]] = []
    for r in takings:
        holder, day = r["actor1"], r["date_start"]
        current = out[-1] if out else None
        before = prior_holder(r, fights, prior_fight_days, kinds) if current is None else None
        if before is not None and before != holder:
            current = _open(before, None, r)
            out.append(current)
        if current is not None and current["holder"] == holder:
            current["basis"].append(r["id"])
            current["n_sources"] = max(current["n_sources"], r["n_sources"])
            current["contested"] = current["contested"] or bool(r["contested"])
            continue
        if current is not None:
            current["end"] = day
        out.append(_open(holder, day, r))
    return [ControlPeriod(place=place, holder=p["holder"], start=p["start"], end=p.get("end"),
                          certainty=p["certainty"], contested=p["contested"],
                          n_sources=p["n_sources"], basis=tuple(p["basis"]))
            for p in out]


def _takings_and_fights(conn: Connection, rows: Sequence[Row]
                        ) -> tuple[dict[str, list[Row]], dict[str, list[Row]],
                                   dict[str, tuple[str, str]]]:
    current = [r for r in rows if _current(r) and r["actor1"]]
    places = _countries(conn, s.places, {r["place"] for r in current})
    actors = _countries(conn, s.actors, {a for r in current for a in (r["actor1"], r["actor2"])
                                         if a})
    takings: dict[str, list[Row]] = {}
    fights: dict[str, list[Row]] = {}
    for r in sorted(current, key=lambda r: (r["date_start"], r["id"])):
        if is_territorial(r["subtype"]):
            if is_control_unit(places.get(r["place"]), actors.get(r["actor1"])):
                takings.setdefault(r["place"], []).append(r)
        elif r["type"] == "Battles" and r["actor2"] and r["actor2"] != r["actor1"]:
            fights.setdefault(r["place"], []).append(r)
    return takings, fights, actors


def recompute_control(conn: Connection, places: set[str], cfg: FuseConfig | None = None) -> int:
    """Replace the control periods of ``places`` from their fused events."""
    cfg = cfg or FuseConfig()
    cp = s.control_periods
    for part in repo.chunks(sorted(places)):
        conn.execute(sa.delete(cp).where(cp.c.place.in_(part)))
    takings, fights, actors = _takings_and_fights(
        conn, repo.fused_rows(conn, places=sorted(places)))
    kinds = {a: kind for a, (kind, _) in actors.items()}
    written = 0
    for place, group in sorted(takings.items()):
        found = periods(place, group, fights.get(place, ()), cfg.prior_fight_days, kinds)
        conn.execute(sa.insert(cp), [
            {**p.model_dump(mode="json"), "basis": list(p.basis),
             "id": fusion_id("control", place, p.holder, p.start or "")}
            for p in found
        ])
        written += len(found)
    return written


def _period(r: Mapping[str, Any]) -> ControlPeriod:
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


def control_changes(store: Store) -> list[tuple[ControlPeriod, ControlPeriod]]:
    """Each hand-over: (the period that ended, the one that followed), by place and day."""
    history = control_history(store)
    return [(a, b) for a, b in pairwise(history)
            if a.place == b.place and a.end is not None and a.end == b.start
            and a.holder != b.holder]
