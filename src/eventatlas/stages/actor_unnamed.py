"""Attackers a sentence does not name: "A roadside bomb killed two soldiers", "wounded by a
landmine". The weapon acting alone stands for an unidentified armed group, coded as ACLED
codes it ("Unidentified Armed Group (Country)") to the one country of the places its
sentence names (not the victims' nationality: "killed two Ruritanian soldiers in Borduria").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventatlas.model import Annotation, Token

if TYPE_CHECKING:
    from eventatlas.stages.actor_builder import Builder
    from eventatlas.stages.actor_countries import Countries

NAME = "unidentified armed group"
# A modifier that names who fired it ("Ruritanian mines", "a Taliban bomb"): not unnamed.
_NAMING = {"NORP", "GPE", "ORG", "PERSON"}


def unnamed_attackers(builder: Builder, ann: Annotation, countries: Countries) -> None:
    """Weapons (``weapon_nouns``) as a verb's subject or its passive "by" agent, with no
    actor in their phrase, become mentions of an unidentified armed group of the country
    where their sentence places them."""
    weapons = builder.registry.words.weapon_nouns
    for tok in ann.tokens:
        if tok.lemma.lower() not in weapons and tok.text.lower() not in weapons:
            continue
        if not _acting(ann, tok):
            continue
        mods = [t for t in ann.tokens[max(0, tok.i - 3) : tok.i]
                if t.head == tok.i and t.dep in {"compound", "amod"}]
        if any(t.ent_type in _NAMING or t.pos == "PROPN" for t in mods):
            continue
        start = mods[0].start if mods else tok.start
        if builder.overlaps(start, tok.end) or builder.full:
            continue
        country = countries.place_country_of(ann, tok.sent)
        # descriptive: no name of its own, and no country but where it struck
        builder.fixed(("armed_group", "unidentified", country or ""), "armed_group", start,
                      tok.end, country, name=NAME).descriptive = True


def _acting(ann: Annotation, tok: Token) -> bool:
    """Subject of a verb, or the object of a passive verb's "by"."""
    head = ann.tokens[tok.head]
    if tok.dep == "nsubj":
        return head.pos in {"VERB", "AUX"}
    return tok.dep == "pobj" and head.dep == "agent"
