"""Run the real stages on a test sentence: annotate → actors (→ places → events).

Example: ``code(context, "Rebels captured the town.").events``."""

from __future__ import annotations

from collections.abc import Callable

from eventatlas.model import Analysis, DateValue, Document, stable_id
from eventatlas.pipeline import StageContext
from eventatlas.stages.actors import find_actors
from eventatlas.stages.annotate import annotate
from eventatlas.stages.events import find_events
from eventatlas.stages.places import find_places

Context = Callable[[str], StageContext]
THURSDAY = "2022-05-12"


def document(text: str, *, published: str | None = None, site: str | None = None,
             author: str | None = None) -> Document:
    value = DateValue(value=published, precision="day", basis="meta") if published \
        else DateValue.unknown()
    return Document(id=stable_id("document", text), source="t.txt", text=text, site=site,
                    author=author, published=value)


def actors(context: Context, text: str, *, site: str | None = None, author: str | None = None,
           day: str | None = None) -> Analysis:
    """annotate → actors."""
    doc = document(text, published=day, site=site, author=author)
    (item,) = annotate([Analysis(document=doc)], context("annotate"))
    return find_actors(item, context("actors"))


def code(context: Context, text: str, published: str | None = THURSDAY,
         site: str | None = None) -> Analysis:
    """annotate → actors → places → events, published on a Thursday unless told."""
    (item,) = annotate([Analysis(document=document(text, published=published, site=site))],
                       context("annotate"))
    item = find_places(find_actors(item, context("actors")), context("places"))
    return find_events(item, context("events"))
