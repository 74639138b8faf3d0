"""A country's people named without a listed noun: "Ruritanian landowners began a strike"
(a demonym on a plural noun for people that acts), and peoples located in a country ("the
Ruritanians of southern Borduria", CAMEO codes them to the country they live in).

Each finder returns spans; ``actors.find_actors`` turns them into clusters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventatlas.model import Annotation, Token
from eventatlas.stages.actor_phrases import Span, located_place

# The roles in which a group is an actor of its clause: subject, passive subject, "by X".
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Plural nouns for people by their ending: agent nouns ("landowners", "bombers", "monitors"),
# followers and nationals ("loyalists", "Christians"), "-ants/-ents" ("merchants",
# "residents") but not "-ments" (things: "governments" are read elsewhere), "-men".
_HUMAN_ENDING = re.compile(r"(?:[^m]ers|ors|ists|ians|[^m]ants|[^m]ents|ees|men|ites)$")


def is_human_plural(tok: Token, known: frozenset[str], not_human: frozenset[str]) -> bool:
    """A plural common noun for people: one of ``known``, or a people-noun ending unless the
    word is listed in ``not_human`` ("borders", "papers", "incidents")."""
    word = tok.text.lower()
    if tok.pos != "NOUN" or tok.tag != "NNS" or word in not_human:
        return False
    return word in known or _HUMAN_ENDING.search(word) is not None


def demonym_groups(ann: Annotation, demonym: Callable[[str], str | None],
                   known: frozenset[str], not_human: frozenset[str]) -> list[Span]:
    """"Algerian landowners began", "Radical French farmers said", "attacked by Iraqi
    bombers": a plural people-noun subject (or object of "by") with a demonym adjective
    (amod) on it; label = the demonym. Spans run from the demonym to the noun."""
    out = []
    tokens = ann.tokens
    for tok in tokens:
        by = tok.dep == "pobj" and tokens[tok.head].text.lower() == "by"
        if not (tok.dep in SUBJECT_DEPS or by) or not is_human_plural(tok, known, not_human):
            continue
        adj = next((t for t in tokens[max(0, tok.i - 3) : tok.i] if t.head == tok.i
                    and t.dep == "amod" and t.text[:1].isupper()
                    and demonym(t.text) is not None), None)
        if adj is not None:
            out.append(Span(adj.start, tok.end, adj.text, tok.text.lower()))
    return out


def people_places(ann: Annotation) -> dict[int, str]:
    """Token index of a people's plural noun → the place named in its own phrase ("the
    Ruritanians of southern Borduria", "Ruritanians in Borduria")."""
    out = {}
    for tok in ann.tokens:
        if tok.tag == "NNPS" or (tok.tag == "NNS" and tok.text[:1].isupper()):
            place = located_place(ann, tok, {"of", "in"})
            if place is not None:
                out[tok.i] = place[0]
    return out
