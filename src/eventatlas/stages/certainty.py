"""How sure the text is of an event: the cue that decides, and who says so."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventatlas.model import Annotation, Token
from eventatlas.stages.lexicon import CERTAINTY_ORDER, Lexicon, find_cue


@dataclass(frozen=True)
class Judgement:
    certainty: str
    cue: str | None
    attribution: str | None


def judge(sentence: str, lexicon: Lexicon) -> Judgement:
    """The strongest certainty cue in ``sentence`` (denied > unconfirmed > claimed > reported)."""
    for level in CERTAINTY_ORDER:
        cue = find_cue(lexicon.certainty[level], sentence)
        if cue is not None:
            return Judgement(level, cue, _attribution(sentence, level))
    return Judgement("confirmed", None, None)


def _attribution(sentence: str, level: str) -> str | None:
    m = re.search(r"according to (?:the )?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}|reports|"
                  r"sources|officials|witnesses|residents|local media)", sentence)
    if m:
        return m.group(1)
    m = re.search(r"(?:said|says|told|claimed|denied|announced)\s+(?:that\s+)?"
                  r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})", sentence)
    if m:
        return m.group(1)
    m = re.search(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:said|says|claimed|denied|"
                  r"announced|told)", sentence)
    if m and m.group(1) not in {"The", "It", "He", "She", "They", "This"}:
        return m.group(1)
    if level == "reported":
        return "reports"
    return None


def modal_state(ann: Annotation, trigger: Token, lexicon: Lexicon) -> str | None:
    """'skip' under negation or a modal ("did not attack", "may unite"); 'unconfirmed' under
    belief ("is believed to have attacked"); else None."""
    chain = [trigger]
    head = ann.tokens[trigger.head]
    # climb through xcomp/ccomp/conj heads: "is believed to attack", "plans to seize"
    while head.i != chain[-1].i and chain[-1].dep in {"xcomp", "conj", "ccomp"} and len(chain) < 4:
        chain.append(head)
        head = ann.tokens[head.head]
    for tok in chain:
        for child in ann.children(tok.i):
            low = child.text.lower()
            if child.dep == "neg" or (child.dep == "det" and low in {"no", "neither"}):
                return "skip"
            if child.dep in {"aux", "auxpass"} and low in lexicon.modal_skip:
                return "skip"
        if tok is trigger:
            continue
        forms = {tok.lemma.lower(), tok.text.lower()}
        if forms & lexicon.modal_skip:
            return "skip"
        if forms & lexicon.modal_unconfirmed:
            return "unconfirmed"
    return None
