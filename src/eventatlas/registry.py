"""Stages by versioned name, so a configuration can swap an implementation.

Entries are import paths resolved on first use (no registration at import time, which breeds
circular imports). Add a stage by adding a line here, or pass ``extra`` entries to ``resolve``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from eventatlas.errors import ConfigError

Step = Literal["extract", "annotate", "actors", "places", "events"]


@dataclass(frozen=True)
class StageSpec:
    name: str
    target: str  # "module:function"
    step: Step  # what the stage produces, used by ``--until``
    section: str  # the settings section the stage receives
    batched: bool = False  # function takes and returns a list

    def load(self) -> Callable[..., Any]:
        module_name, _, attr = self.target.partition(":")
        try:
            return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"stage {self.name}: cannot load {self.target}: {exc}") from exc


STAGES: Mapping[str, StageSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            StageSpec("eventatlas.extract.v1", "eventatlas.stages.extract:extract", "extract",
                      "extract"),
            StageSpec("eventatlas.language_gate.v1",
                      "eventatlas.stages.extract:require_supported_language", "extract",
                      "extract"),
            StageSpec("eventatlas.annotate.spacy.v1", "eventatlas.stages.annotate:annotate",
                      "annotate", "annotate", batched=True),
            StageSpec("eventatlas.actors.rules.v1", "eventatlas.stages.actors:find_actors",
                      "actors", "actors"),
            StageSpec("eventatlas.places.gazetteer.v1", "eventatlas.stages.places:find_places",
                      "places", "places"),
            StageSpec("eventatlas.events.lexicon.v1", "eventatlas.stages.events:find_events",
                      "events", "events"),
        )
    }
)


def resolve(names: tuple[str, ...], extra: Mapping[str, StageSpec] | None = None) -> list[StageSpec]:
    """The specs for ``names`` in order; an unknown name is a ConfigError."""
    table = {**STAGES, **(extra or {})}
    missing = [n for n in names if n not in table]
    if missing:
        raise ConfigError(f"unknown stage(s): {', '.join(missing)}; known: {', '.join(table)}")
    return [table[n] for n in names]
