"""Domain types only: frozen, typed, no I/O, no spaCy. Their JSON is the contract."""

from eventatlas.model.analysis import Analysis
from eventatlas.model.annotation import Annotation, EntitySpan, Sentence, Token
from eventatlas.model.document import DateValue, Document, RawDocument
from eventatlas.model.failure import Failure
from eventatlas.model.ids import content_hash, stable_id
from eventatlas.model.records import (
    Actor,
    Affiliation,
    DateInterval,
    Event,
    Evidence,
    Mention,
    Place,
    Relation,
)

__all__ = [
    "Actor", "Affiliation", "Analysis", "Annotation", "DateInterval", "DateValue", "Document", "EntitySpan",
    "Event", "Evidence", "Failure", "Mention", "Place", "RawDocument", "Relation", "Sentence",
    "Token", "content_hash", "stable_id",
]
