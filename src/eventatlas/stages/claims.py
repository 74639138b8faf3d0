"""Statements and quotes by actors: "X said", "said X", '"…," X said', "according to X".

A statement whose speaker is a known actor becomes a claim event of that actor (Strategic
developments / Other, certainty "claimed", attributed to the speaker); a speech verb with a
PLOVER root of its own ("warned" → THREATEN, "accused" → DISAPPROVE) is coded even when the
speaker is not a known actor. Events told inside the statement get the speaker as their source.
"""

from __future__ import annotations

import logging

from eventatlas.model import Token
from eventatlas.stages.event_roles import MentionIndex, Tree, actor_in
from eventatlas.stages.lexicon import Lexicon

log = logging.getLogger(__name__)

_CLIMB = {"ccomp", "xcomp", "conj", "advcl", "parataxis", "dep"}


def speech_head(tree: Tree, tok: Token, lexicon: Lexicon) -> Token | None:
    """The speech verb whose statement contains ``tok`` ("officials said [rebels attacked]")."""
    cur, steps = tok, 0
    while cur.head != cur.i and steps < 5:
        head = tree.ann.tokens[cur.head]
        if cur.dep in _CLIMB and head.lemma.lower() in lexicon.statements:
            return head
        if cur.dep not in _CLIMB and cur.dep not in {"relcl", "acl", "pcomp", "pobj", "prep",
                                                     "dobj", "nsubj", "nsubjpass"}:
            return None
        cur, steps = head, steps + 1
    # "said X" after a quote: the parser may make the speech verb a child of the content
    for child in tree.children(tok.i, "parataxis", "ccomp", "advcl"):
        if child.lemma.lower() in lexicon.statements and tree.children(child.i, "nsubj"):
            return child
    return None


def speaker(tree: Tree, actors: MentionIndex, verb: Token, text: str
            ) -> tuple[str | None, str | None]:
    """(actor id, phrase) of a speech verb's speaker: its subject, or a passive's agent."""
    subj = tree.children(verb.i, "nsubj") or [
        t for p in tree.children(verb.i, "agent") for t in tree.children(p.i, "pobj")]
    if not subj or subj[0].pos == "PRON":
        return None, None
    lo, hi = tree.span(subj[0].i)
    phrase = " ".join(text[lo:hi].split())
    return actor_in(tree, actors, subj[0].i), (phrase if len(phrase) <= 80 else subj[0].text)


def statement_target(tree: Tree, actors: MentionIndex, verb: Token) -> str | None:
    """Whom a statement is about or addressed to: "accused X", "told X", "warned X"."""
    for obj in tree.children(verb.i, "dobj", "dative"):
        found = actor_in(tree, actors, obj.i)
        if found:
            return found
    return None
