"""How sure the text is of an event: the cue that decides, and who says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from eventatlas.model import Annotation, Token
from eventatlas.stages.lexicon import CERTAINTY_ORDER, Lexicon, find_cue, find_cues

# a denial whose object is one of these answers what the rest of the sentence reports
# ("X said they took the town, but Y rejected the claim")
ANSWERED = {"claim", "claims", "report", "reports", "allegation", "allegations", "assertion",
            "account", "accounts", "statement"}


@dataclass(frozen=True)
class Judgement:
    certainty: str
    cue: str | None
    attribution: str | None


def judge(sentence: str, lexicon: Lexicon, reaches: Callable[[int], bool] | None = None
          ) -> Judgement:
    """The strongest certainty cue in ``sentence`` (denied > unconfirmed > claimed > reported).

    A denial flips what is reported, so it counts only where it ``reaches`` the event (given
    the cue's offset in the sentence; see ``denial_reaches``): "residents said the shooting
    after false reports of the town's fall killed 17" denies the fall, not the killing.
    Hedges count sentence-wide: hedging too much is the safer error."""
    for level in CERTAINTY_ORDER:
        if level == "denied" and reaches is not None:
            cue = next((c for at, c in find_cues(lexicon.certainty[level], sentence)
                        if reaches(at)), None)
        else:
            cue = find_cue(lexicon.certainty[level], sentence)
        if cue is not None:
            return Judgement(level, cue, _attribution(sentence, level))
    return Judgement("confirmed", None, None)


def denial_reaches(ann: Annotation, sentence_start: int, trigger: Token
                   ) -> Callable[[int], bool]:
    """Whether a denial cue at an offset of the sentence denies ``trigger``'s event.

    The cue's clause is its verb ("denied that the valley had been taken"), the head of an
    adverb or adjective cue, or the cue's noun ("false reports of its fall"); the event is
    denied when its trigger lies in that clause but not in a clause coordinated with it
    ("rejected the claim and said its fighters were still fighting"). A denial of "the claim"
    or "the reports" also answers the rest of the sentence, outside its own coordinated
    clauses."""
    sent = ann.sentences[trigger.sent]
    span = ann.tokens[sent.first_token : sent.last_token]

    def reaches(offset: int) -> bool:
        at = sentence_start + offset
        cue = next((t for t in span if t.start <= at < t.end or t.start >= at), None)
        if cue is None:
            return True
        anchor = cue if cue.pos in {"VERB", "AUX", "NOUN"} else ann.tokens[cue.head]
        if anchor.i == trigger.i and cue.i == trigger.i:
            return False  # "the front denied it": the denying itself happened
        path = _path_to(ann, trigger, anchor.i)
        if path == "inside":
            return True
        answered = any(c.lemma.lower() in ANSWERED or c.text.lower() in ANSWERED
                       for c in ann.children(anchor.i) if c.dep in {"dobj", "nsubjpass"})
        # the clause the denial hangs from ("X said …, but Y rejected the claim") frames
        # it: the saying happened; what was said is what is denied
        return answered and path == "outside" and _path_to(ann, anchor, trigger.i) == "outside"

    return reaches


def _path_to(ann: Annotation, tok: Token, anchor: int) -> str:
    """'inside' when ``tok`` is ``anchor`` or below it (not through a conjunct of it),
    'coordinated' when below a conjunct of it, else 'outside'."""
    cur = tok
    for _ in range(64):
        if cur.i == anchor:
            return "inside"
        if cur.head == anchor and cur.dep == "conj":
            return "coordinated"
        if cur.head == cur.i:
            return "outside"
        cur = ann.tokens[cur.head]
    return "outside"


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
