"""A country's people named without a listed noun: "Ruritanian landowners began a strike"
(a demonym on a plural noun for people that acts), peoples located in a country ("the
Ruritanians of southern Borduria", CAMEO codes them to the country they live in), and a
country itself acting ("Ruritania closed its border", "talks with Borduria's capital").

The finders return spans that ``actors.find_actors`` turns into clusters; ``states_acting``
adds its states to the builder itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from eventatlas.model import Annotation, Token
from eventatlas.stages.actor_phrases import Span, country_agents, located_place

if TYPE_CHECKING:
    from eventatlas.stages.actor_builder import Builder
    from eventatlas.stages.actor_countries import Countries

# The roles in which a group is an actor of its clause: subject, passive subject, "by X".
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# The roles in which a capital stands for its state: "Berlin rejected", "talks with Moscow".
CAPITAL_ROLES = {"nsubj", "by", "with", "between"}
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


def titled(ann: Annotation, first: int, titles: tuple[str, ...]) -> bool:
    """A name right after a title ("King Hassan") is a person's even if a town shares it."""
    prev = ann.tokens[first - 1].text.lower().rstrip(".") if first > 0 else ""
    return bool(prev) and prev in _without_stops(titles)


@lru_cache(maxsize=8)
def _without_stops(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t.rstrip(".") for t in titles)


def states_acting(builder: Builder, ann: Annotation, countries: Countries) -> None:
    """A country named as an actor is its state acting. The tagger may call a country alone
    a person, or leave it untagged: as a verb's subject it is still the state, unless a title
    or a known person's name says not. A capital that acts stands for its state ("Berlin
    rejected the plan", "talks with Moscow"); one that is entered or attacked is a place."""
    starts = [t.start for t in ann.tokens]
    titles = builder.registry.words.titles
    for start, end, name, role, label in country_agents(ann):
        named = label not in {"GPE", "ORG"}
        if builder.overlaps(start, end) or named and (role != "nsubj" or builder.surname_of(
                name) or titled(ann, bisect_left(starts, start), titles)):
            continue
        # the tagger may call a capital acting an organisation ("Nairobi forced ... out")
        country = countries(name) or (countries.capital(name) if label == "GPE" and role in
                                      CAPITAL_ROLES or label == "ORG" and role == "nsubj"
                                      else None)
        if country is None and label != "ORG" and role == "nsubj":
            country = countries.misspelt(name)  # "Ethopia has agreed"
        if country is not None:
            builder.fixed(("state", country), "state", start, end, country)
