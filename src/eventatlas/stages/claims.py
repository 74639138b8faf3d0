"""Statements and quotes by actors: "X said", "said X", '"…," X said', "according to X".

A statement whose speaker is a known actor becomes a claim event of that actor (Strategic
developments / Other, certainty "claimed", attributed to the speaker); a speech verb with a
PLOVER root of its own ("warned" → THREATEN, "accused" → DISAPPROVE) is coded even when the
speaker is not a known actor. Events told inside the statement get the speaker as their source.
A quotation over several sentences ('"…. …," he said.' / 'X said: "…. …"') is its speaker's
too: ``quotations`` finds it and its speaker, ``event_quotes`` turns it into claims.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from eventatlas.model import Token
from eventatlas.stages.event_roles import RELATIVE_PRONOUNS, MentionIndex, Tree, actor_in
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
                                                     "dobj", "nsubj", "nsubjpass", "acomp"}:
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
    if subj and verb.dep == "relcl" and subj[0].text.lower() in RELATIVE_PRONOUNS:
        subj = [tree.ann.tokens[verb.head]]  # "X, who has declared …": X speaks
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


# A quotation: "…" / “…” / ‘…’, or '…' closed after punctuation ("'We will hold,' he said").
_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—-]))(?:\"(?P<a>[^\"]+)\"|“(?P<b>[^”]+)”|"
                    r"[‘'](?P<c>[^‘’']+?[,.!?])[’'](?=[\s,;:)]|$))", re.MULTILINE)
_PRONOUNS = {"he": True, "she": True, "they": False, "we": False, "i": True}


@dataclass(frozen=True)
class Quote:
    """A quotation that runs over sentences, with its speaker named before or after it."""
    sentences: tuple[int, ...]  # the quoted sentences and the one that says who spoke
    verb: Token
    speaker: str  # actor id
    phrase: str


def quotations(tree: Tree, actors: MentionIndex, people: frozenset[str], text: str,
               lexicon: Lexicon) -> list[Quote]:
    """Quotations spanning sentences whose speaker the next or previous words name:
    '"We will not leave. …," he said.' or 'X said: "…. …"'. A pronoun speaker is the
    actor named last before the quotation (a person for he/she)."""
    ann, out = tree.ann, []
    for m in _QUOTE.finditer(text):
        inside = [k for k, s in enumerate(ann.sentences) if s.start < m.end() and m.start() < s.end]
        if not inside:
            continue
        verb = _speech_near(tree, inside[-1], m.end(), lexicon, after=True) or \
            _speech_near(tree, inside[0], m.start(), lexicon, after=False) or (
                _speech_near(tree, inside[0] - 1, m.start(), lexicon, after=False)
                if inside[0] > 0 else None)
        if verb is None or len({*inside, verb.sent}) < 2:
            continue  # a one-sentence quote is read by ``speech_head``
        who, phrase = _quote_speaker(tree, actors, people, verb, text, m.start())
        if who is not None:
            sents = tuple(sorted({*inside, verb.sent}))
            out.append(Quote(sents, verb, who, phrase or verb.text))
    return out


def _speech_near(tree: Tree, sent: int, edge: int, lexicon: Lexicon, after: bool
                 ) -> Token | None:
    """The speech verb of sentence ``sent`` after the quote's end (', he said') or before its
    start ('X said: "…'), with nothing but the attribution between."""
    s = tree.ann.sentences[sent]
    for tok in tree.ann.tokens[s.first_token : s.last_token]:
        if tok.pos != "VERB" or tok.lemma.lower() not in lexicon.statements:
            continue
        if after and tok.start >= edge and tok.start - edge < 60:
            return tok
        if not after and tok.end <= edge and edge - tok.end < 60:
            return tok
    return None


def _quote_speaker(tree: Tree, actors: MentionIndex, people: frozenset[str], verb: Token,
                   text: str, before: int) -> tuple[str | None, str | None]:
    subj = tree.children(verb.i, "nsubj")
    if not subj or subj[0].text.lower() not in _PRONOUNS:
        return speaker(tree, actors, verb, text)
    person = _PRONOUNS[subj[0].text.lower()]
    earlier = [s for s in actors.within(max(0, before - 600), before)
               if not person or s.ref in people]
    if not earlier:
        return None, None
    last = earlier[-1]
    return last.ref, " ".join(text[last.start : last.end].split())
