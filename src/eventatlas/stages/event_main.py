"""Which event a sentence is about, and the place the events stage gives any verb.

``main_event`` picks, among a document's events, the one a reader would code for its first
coded sentence: an event with a PLOVER root before a bare statement, then one told by the
sentence's main clauses with a known actor1 before one in a modifying phrase or clause, then the
trigger nearest the sentence's root in the dependency tree, then the earliest.
"""

from __future__ import annotations

import logging

from eventatlas.model import Analysis, Event, Token
from eventatlas.stages.event_place import place_span
from eventatlas.stages.event_roles import MentionIndex, Span, Tree
from eventatlas.stages.lexicon import Lexicon, Trigger

log = logging.getLogger(__name__)

VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence",
                           "Violence against civilians", "Riots"})


def violent(event: Event) -> bool:
    """Whether an event is political violence (or a riot)."""
    return event.type in VIOLENT_TYPES


def trigger_token(item: Analysis, event: Event) -> Token | None:
    """The token of ``event``'s trigger inside its evidence sentence."""
    if item.annotation is None or not event.evidence:
        return None
    ev = event.evidence[0]
    for tok in item.annotation.tokens:
        if ev.start <= tok.start < ev.end and tok.text == event.trigger:
            return tok
    return None


def depth(item: Analysis, tok: Token) -> int:
    """Steps from ``tok`` up to its sentence's root (bounded)."""
    assert item.annotation is not None
    steps, cur = 0, tok
    while cur.head != cur.i and steps < 50:
        cur = item.annotation.tokens[cur.head]
        steps += 1
    return steps


_MATRIX = frozenset({"ROOT", "conj", "xcomp", "ccomp", "dobj", "attr", "compound"})


def in_matrix(item: Analysis, tok: Token) -> bool:
    """Whether ``tok`` is told by the sentence's main clauses, or is their object ("X began
    a hunger strike"), not inside a modifying phrase or clause ("... in an attack")."""
    assert item.annotation is not None
    cur, steps = tok, 0
    while cur.head != cur.i and steps < 50:
        if cur.dep not in _MATRIX:
            return False
        cur, steps = item.annotation.tokens[cur.head], steps + 1
    return True


def main_event(item: Analysis) -> Event | None:
    """The event the first coded sentence is about (see the module docstring)."""
    if not item.events:
        return None
    first = min(e.evidence[0].start for e in item.events if e.evidence)
    here = [e for e in item.events if e.evidence and e.evidence[0].start == first]

    def rank(event: Event) -> tuple[bool, bool, int, int]:
        tok = trigger_token(item, event)
        told = tok is not None and event.actor1 is not None and in_matrix(item, tok)
        return (event.plover is None, not told, depth(item, tok) if tok else 99,
                tok.start if tok else 0)

    return min(here, key=rank)


def place_for_verb(item: Analysis, start: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The character span of the place the events stage would give a verb at ``start``."""
    ann = item.annotation
    if ann is None:
        return None
    tok = next((t for t in ann.tokens if t.start <= start < t.end), None)
    if tok is None:
        return None
    trig = next(iter(lexicon.triggers.get(tok.lemma.lower(), ())), None) or Trigger(
        lemma=tok.lemma.lower(), type="Strategic developments", subtype="Other",
        plover="", pos=frozenset({tok.pos}))
    features: dict[str, str] = {p.id: p.feature for p in item.places}
    span, _ = place_span(Tree(ann), MentionIndex.of_places(item.places), tok, trig,
                         item.document.text, features)
    return _bounds(span)


def _bounds(span: Span | None) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None
