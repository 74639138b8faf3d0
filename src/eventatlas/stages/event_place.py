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
CLAUSE_LINKS = {"conj", "xcomp", "advcl", "pcomp"}  # the verb's locative phrase covers it
AREA_WORDS = {"district", "province", "city", "town", "village", "county", "region", "area",
              "neighborhood", "neighbourhood", "suburb", "state", "governorate", "camp",
              "countryside", "border", "side", "quarter", "section", "municipality", "capital"}
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
    """The place mention naming where the event happened, and its geo-precision.

    First a locative phrase of the trigger ("shot in X"), of the participant it acts on
    ("killed a guard at X") or of the verb it depends on ("went on to attack, in X"); inside
    one, the place the phrase is about ("in a village in Y's X district" → X). Failing that, the
    nearest place in the sentence that is not a modifier of a person or thing ("Syrian troops").
    """
    for i in _locative_objects(tree, tok, trig):
        lo, hi = tree.span(i)
        inside = [s for s in places.within(lo, hi) if not _modifier(tree, s, tok.i)]
        if inside:
            best = min(inside, key=lambda s: _distance(tree, s, i))
            return best, _precision(best, text, feature_of)
    sent = tree.ann.sentences[tok.sent]
    here = [s for s in places.within(sent.start, sent.end) if not _modifier(tree, s, tok.i)] \
        if nearest else []
    if not here:
        return None, None
    near = min(here, key=lambda s: abs(s.start - tok.start))
    return near, max(2, _precision(near, text, feature_of))


def _locative_objects(tree: Tree, tok: Token, trig: Trigger) -> list[int]:
    """Tokens heading the phrases that may say where the event at ``tok`` happened."""
    out: list[int] = []
    if trig.territorial:
        out += [t.i for t in tree.children(tok.i, "dobj", "nsubjpass")]
        out += pobj(tree, tok.i, {"of"})
    out += pobj(tree, tok.i, LOCATIVE_PREPS)
    for arg in tree.children(tok.i, "dobj", "nsubjpass"):
        out += pobj(tree, arg.i, LOCATIVE_PREPS - {"of", "to", "into"})
    if tok.dep in CLAUSE_LINKS and tok.head != tok.i:
        out += pobj(tree, tok.head, LOCATIVE_PREPS - {"of", "to", "into"})
    return out


def _tokens(tree: Tree, span: Span) -> list[Token]:
    return [t for t in _sentence_tokens(tree, span.start) if span.start <= t.start < span.end]


def _sentence_tokens(tree: Tree, start: int) -> list[Token]:
    for sent in tree.ann.sentences:
        if sent.start <= start < sent.end:
            return list(tree.ann.tokens[sent.first_token : sent.last_token])
    return []


def _modifier(tree: Tree, span: Span, trigger: int) -> bool:
    """A place word naming people rather than a setting: a nationality ("Syrian troops", "the
    Americans"), or a name modifying a participant of the event ("U.S. forces killed …")."""
    toks = _tokens(tree, span)
    if not toks:
        return False
    if any(t.ent_type == "NORP" or t.tag in {"JJ", "NNPS"} for t in toks):
        return True
    last = toks[-1]
    if last.dep not in {"amod", "compound", "nmod"}:
        return False
    head = tree.ann.tokens[last.head]
    if span.start <= head.start < span.end or head.lemma.lower() in AREA_WORDS:
        return False
    if head.dep == "pobj" and tree.ann.tokens[head.head].dep == "agent":
        head = tree.ann.tokens[tree.ann.tokens[head.head].head]  # "killed by U.S. troops"
        return head.i == trigger
    return head.head == trigger and head.dep in {"nsubj", "nsubjpass", "dobj"}


def _distance(tree: Tree, span: Span, root: int) -> tuple[int, int]:
    """Steps from the phrase's head down to the mention; a possessive ("Y's X") counts as far."""
    toks = _tokens(tree, span)
    best = 99
    for t in toks:
        steps, cur = 0, t
        while cur.i != root and cur.head != cur.i and steps < 20:
            cur, steps = tree.ann.tokens[cur.head], steps + 1
        best = min(best, steps + (3 if t.dep == "poss" else 0))
    return best, span.start


def _precision(span: Span, text: str, feature_of: dict[str, str]) -> int:
    base = FEATURE_PRECISION.get(feature_of.get(span.ref, "other"), 2)
    if VAGUE_BEFORE.search(text[max(0, span.start - 40) : span.start]):
        return max(base, 2)
    return base


PART_OF_TOWN = re.compile(r"\s+(?:section|neighbou?rhood|quarter|community|side)"
                          r"\b(?:\s+of\s+(?:the\s+)?)?", re.IGNORECASE)


def part_of_town(text: str, span: Span) -> bool:
    """Whether the mention names a part of a town: "the Roseland neighborhood", "X's Y section"."""
    return PART_OF_TOWN.match(text, span.end) is not None


def containing_town(text: str, span: Span, places: MentionIndex,
                    feature_of: dict[str, str]) -> Span | None:
    """The town a part-of-town mention says it lies in: its possessor ("Philadelphia's
    Kensington section") or the object of its "of" ("the Mott Haven section of the Bronx")."""
    after = PART_OF_TOWN.match(text, span.end)
    if after is None:
        return None
    found: list[Span] = []
    if after.group(0).rstrip().lower().endswith(("of", "the")):
        found += [s for s in places.within(after.end(), after.end() + 60) if s.start == after.end()]
    before = text[max(0, span.start - 60) : span.start]
    if before.endswith(("'s ", "’s ")):
        owner_end = span.start - 3
        found += [s for s in places.within(owner_end - 60, owner_end) if s.end == owner_end]
    return next((s for s in found if feature_of.get(s.ref) == "city" and s.ref != span.ref), None)
