"""One document's whole result: what ``eventatlas extract`` prints per input."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventatlas.model.annotation import Annotation
from eventatlas.model.document import Document
from eventatlas.model.records import Actor, Event, Place, Relation


class Analysis(BaseModel, frozen=True):
    """The contract object: document, actors, places, events, relations."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    document: Document
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    annotation: Annotation | None = Field(default=None, exclude=True)
    stages: tuple[str, ...] = ()  # stages that ran, in order

    def contract(self) -> dict[str, Any]:
        """The JSON-ready dict of the contract (no annotation)."""
        return self.model_dump(mode="json", exclude={"annotation"})
