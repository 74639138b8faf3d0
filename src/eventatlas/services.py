"""Heavy shared resources (NLP model, gazetteer, registries), loaded lazily once per Services.

Injected into stages through the StageContext, never held in module globals, so tests can pass
their own and two pipelines with different settings can coexist.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from eventatlas.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from eventatlas.stages.actor_registry import ActorRegistry
    from eventatlas.stages.gazetteer import Gazetteer
    from eventatlas.stages.lexicon import Lexicon


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def nlp(self) -> Language:
        from eventatlas.nlp.load import load_model

        return load_model(self.settings.annotate.model)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from eventatlas.stages.gazetteer import Gazetteer

        return Gazetteer.load(self.settings.places)

    @cached_property
    def actor_registry(self) -> ActorRegistry:
        from eventatlas.stages.actor_registry import ActorRegistry

        return ActorRegistry.load(self.settings.actors.registry or None)

    @cached_property
    def lexicon(self) -> Lexicon:
        from eventatlas.stages.lexicon import Lexicon

        return Lexicon.load(self.settings.events.lexicon or None)
