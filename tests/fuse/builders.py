"""Small hand-built analyses for fusion tests (invented outlets, towns and groups)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eventatlas.model import (
    Actor,
    Analysis,
    DateInterval,
    DateValue,
    Document,
    Event,
    Evidence,
    Place,
)
from eventatlas.store import Store, schema

RIVERTON = Place(id="geonames:900001", name="Riverton", feature="city", country="ZZ")
HILLFORD = Place(id="geonames:900002", name="Hillford", feature="city", country="ZZ")
NORTH = Actor(id="act_north", name="Northern Front", kind="armed_group")
GUARD = Actor(id="act_guard", name="Valley Guard", kind="state_forces")
ZEDLAND = Place(id="iso3166:ZZ", name="Zedland", feature="country", country="ZZ")
ZED_ARMY = Actor(id="act_zed_army", name="Zedland Armed Forces", kind="state_forces", country="ZZ")
YON_ARMY = Actor(id="act_yon_army", name="Yonder Army", kind="state_forces", country="YY")
ACTORS = (NORTH, GUARD, ZED_ARMY, YON_ARMY)
PLACES = (RIVERTON, HILLFORD, ZEDLAND)


def event(doc: str, n: int, *, type: str = "Explosions/Remote violence",
          subtype: str | None = "Remote explosive/landmine/IED", day: str | None = "2030-03-02",
          place: Place | None = RIVERTON, actor1: Actor | None = NORTH,
          actor2: Actor | None = None, certainty: str = "confirmed",
          sentence: str = "A bomb went off near the market.") -> Event:
    return Event(
        id=f"evt_{doc}_{n}", type=type, subtype=subtype, actor1=actor1.id if actor1 else None,
        actor2=actor2.id if actor2 else None, place=place.id if place else None,
        date=DateInterval(start=day, end=day, precision="day" if day else "unknown"),
        certainty=certainty, trigger="bomb",  # type: ignore[arg-type]
        evidence=(Evidence(start=0, end=len(sentence), sentence=sentence),),
    )


def analysis(doc: str, *, site: str, published: str | None, text: str, events: list[Event],
             title: str | None = None, relations: tuple[Any, ...] = ()) -> Analysis:
    actors = {a.id: a for e in events for a in ACTORS if a.id in (e.actor1, e.actor2)}
    for r in relations:
        actors.update({a.id: a for a in ACTORS if a.id in (r.source, r.target)})
    places = {p.id: p for e in events for p in PLACES if p.id == e.place}
    return Analysis(
        document=Document(id=f"doc_{doc}", source=f"mem://{doc}", site=site, title=title,
                          published=DateValue(value=published, precision="day", basis="meta")
                          if published else DateValue.unknown(), text=text),
        actors=tuple(actors.values()), places=tuple(places.values()), events=tuple(events),
        relations=relations,
    )


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every fusion table, rows sorted, for comparing two stores."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for table in schema.FUSION_TABLES:
            rows = conn.execute(sa.select(table)).all()
            out[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out
