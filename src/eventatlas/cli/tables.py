"""Rich tables for one document's analysis (``extract --format table``)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from eventatlas.cli.output import safe
from eventatlas.model import Analysis


def analysis_table(item: Analysis) -> Group:
    doc = item.document
    head = Table(title=safe(doc.title or doc.source), show_header=False)
    for key, value in (("source", doc.source), ("site", doc.site), ("author", doc.author),
                       ("published", f"{doc.published.value} ({doc.published.basis})"),
                       ("accessed", f"{doc.accessed.value} ({doc.accessed.basis})")):
        head.add_row(key, safe(str(value or "")))
    names = {a.id: a.name for a in item.actors}
    places = {p.id: p.name for p in item.places}
    events = Table("date", "type", "actor1", "actor2", "place", "certainty", "hist")
    for ev in item.events:
        events.add_row(safe(ev.date.start or "?"), safe(ev.subtype or ev.type),
                       safe(names.get(ev.actor1 or "", "")), safe(names.get(ev.actor2 or "", "")),
                       safe(places.get(ev.place or "", "")), ev.certainty,
                       "yes" if ev.historical else "")
    return Group(head, events)
