"""``eventatlas stories``: fusion's stories with their fused events and contradictions;
the situation tables ``eventatlas demo`` prints (control hand-overs, contradictions)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rich.table import Table

from eventatlas.cli.output import safe
from eventatlas.fuse.contradictions import list_contradictions
from eventatlas.fuse.control import control_changes, control_history
from eventatlas.fuse.stories import list_fused_events, list_stories
from eventatlas.store import Store
from eventatlas.store import schema as s


def stories_json(store: Store) -> list[dict[str, Any]]:
    """Each story with its documents, its fused events (with every source) and the
    contradictions recorded on those events."""
    contradictions: dict[str, list[dict[str, Any]]] = {}
    for c in list_contradictions(store):
        for fused_id in {c.fused_event_id, c.other_fused_event_id} - {None}:
            contradictions.setdefault(str(fused_id), []).append(c.model_dump(mode="json"))
    out = []
    for story in list_stories(store):
        events = [
            {**e.model_dump(mode="json"), "contradictions": contradictions.get(e.id, [])}
            for e in list_fused_events(store, story.events)
        ]
        out.append({**story.model_dump(mode="json"), "events": events})
    return out


def stories_table(store: Store) -> Table:
    table = Table("story", "days", "sources", "documents", "events", title="stories")
    for story in list_stories(store):
        days = f"{story.first_day or '?'}..{story.last_day or '?'}"
        table.add_row(safe(story.title or story.id), days, str(story.n_sources),
                      str(len(story.documents)), str(len(story.events)))
    return table


def _names(store: Store) -> dict[str, str]:
    """Display names of every stored actor and place, by id."""
    with store.reading() as conn:
        rows = [*conn.execute(sa.select(s.actors.c.id, s.actors.c.name)),
                *conn.execute(sa.select(s.places.c.id, s.places.c.name))]
    return {r[0]: r[1] for r in rows}


def control_table(store: Store) -> Table:
    """Who held which place from when to when; a hand-over shows as ``before → after``."""
    names = _names(store)
    handed = {(b.place, b.start): a.holder for a, b in control_changes(store)}
    table = Table("place", "holder", "from", "until", "certainty", "sources",
                  title="territorial control (hand-overs marked →)")
    for p in control_history(store):
        holder = names.get(p.holder, p.holder)
        before = handed.get((p.place, p.start))
        if before is not None:
            holder = f"{names.get(before, before)} → {holder}"
        certainty = (f"{p.certainty}, contested" if p.contested and p.certainty != "contested"
                     else p.certainty)
        table.add_row(safe(names.get(p.place, p.place)), safe(holder), p.start or "before",
                      p.end or "", certainty, str(p.n_sources))
    return table


def contradictions_table(store: Store) -> Table:
    """Each disagreement between sources, with one sentence from each side."""
    table = Table("disagreement", "asserted", "denied or disputed", title="contradictions")
    for c in list_contradictions(store):
        sides = [f"{e.source}: {e.sentence}" for e in (c.side_a[:1] + c.side_b[:1])]
        table.add_row(safe(c.summary), *(safe(x) for x in (sides + ["", ""])[:2]))
    return table


def situation(store: Store) -> list[Table]:
    """What ``eventatlas demo`` prints after the events: control over time, contradictions."""
    return [control_table(store), contradictions_table(store)]
