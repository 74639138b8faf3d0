"""Where the event happened: the place mention the parse attaches to a trigger, with ACLED's
geo-precision."""

from __future__ import annotations

import re

from eventatlas.model import Token
from eventatlas.stages.event_roles import MentionIndex, Span, Tree, pobj
from eventatlas.stages.lexicon import Trigger

LOCATIVE_PREPS = {"in", "at", "near", "on", "outside", "inside", "around", "across", "over",
                  "into", "of", "to", "throughout", "within"}
VAGUE_BEFORE = re.compile(r"(outskirts of|near|around|outside|close to|area of|parts of|"
                          r"(?:north|south|east|west)(?:ern)? (?:of|part of)|km (?:from|away)|"
                          r"miles (?:from|away)|region of|vicinity of)\s+(?:the\s+)?$", re.I)
FEATURE_PRECISION = {"city": 1, "facility": 1, "admin2": 2, "natural": 2, "other": 2,
                     "admin1": 3, "country": 3, "region": 3}



def event_place(tree: Tree, places: MentionIndex, tok: Token, trig: Trigger, text: str,
                feature_of: dict[str, str], nearest: bool = True
                ) -> tuple[str | None, int | None]:
    """The place where the event happened, and ACLED's geo-precision for it."""
    span, precision = place_span(tree, places, tok, trig, text, feature_of, nearest)
    return (span.ref, precision) if span is not None else (None, None)


def place_span(tree: Tree, places: MentionIndex, tok: Token, trig: Trigger, text: str,
               feature_of: dict[str, str], nearest: bool = True
               ) -> tuple[Span | None, int | None]:
    """The place mention naming where the event happened, and its geo-precision."""
    candidates: list[int] = []
    if trig.territorial:
        candidates += [t.i for t in tree.children(tok.i, "dobj", "nsubjpass")]
        candidates += pobj(tree, tok.i, {"of"})
    candidates += pobj(tree, tok.i, LOCATIVE_PREPS)
    for i in candidates:
        lo, hi = tree.span(i)
        inside = places.within(lo, hi)
        if inside:
            return inside[0], _precision(inside[0], text, feature_of)
    sent = tree.ann.sentences[tok.sent]
    here = places.within(sent.start, sent.end) if nearest else []
    if not here:
        return None, None
    near = min(here, key=lambda s: abs(s.start - tok.start))
    return near, max(2, _precision(near, text, feature_of))


def _precision(span: Span, text: str, feature_of: dict[str, str]) -> int:
    base = FEATURE_PRECISION.get(feature_of.get(span.ref, "other"), 2)
    if VAGUE_BEFORE.search(text[max(0, span.start - 40) : span.start]):
        return max(base, 2)
    return base
