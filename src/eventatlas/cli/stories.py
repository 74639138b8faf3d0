"""``eventatlas stories``: fusion's stories with their fused events and contradictions."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from eventatlas.cli.output import safe
from eventatlas.fuse.contradictions import list_contradictions
from eventatlas.fuse.stories import list_fused_events, list_stories
from eventatlas.store import Store


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
