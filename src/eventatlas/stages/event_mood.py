"""The mood an event is told in: done, intended, demanded, or refused.

PLOVER codes what a sentence does, not only the verb it names: "X will send aid" expresses an
intent to cooperate (AGREE), "X would blockade Y" threatens (THREATEN), "Y must withdraw" is a
demand (DEMAND), "X failed to reach a deal" / "refused to withdraw" rejects (REJECT). The mood
is read off the parse: auxiliaries and the governing verbs or adjectives of the trigger's
clause ("is willing to withdraw", "vowed to fight", "plans to visit"). Which roots turn into
which under each mood is data (``codebook.yaml``, ``moods``).
"""

from __future__ import annotations

from eventatlas.model import Token
from eventatlas.stages.event_roles import Tree

INTENT_AUX = frozenset({"will", "would", "shall", "'ll", "may", "might", "could", "wo"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
# heads whose complement is an intended act: "ready to host", "vowed to fight"
INTENT_HEADS = frozenset({"willing", "ready", "prepared", "plan", "intend", "vow", "threaten",
                          "promise", "pledge", "offer", "aim", "want", "hope", "seek",
                          "determined", "set", "go", "agree", "expect", "prepare", "resolve"})
OBLIGATION_HEADS = frozenset({"have", "need", "obliged", "required"})
ATTEMPT_HEADS = frozenset({"attempt", "try"})  # "attempted to kill": the attempt happened
REFUSAL_HEADS = frozenset({"fail", "refuse", "decline", "reject", "unable", "unwilling"})
_CLIMB = {"xcomp", "conj", "acomp"}


def clause_chain(tree: Tree, tok: Token) -> list[Token]:
    """The trigger, the verb a nominal trigger is the object of ("host a meeting"), then the
    heads its clause is the complement of ("is willing to withdraw": withdraw, willing, is)."""
    tokens = tree.ann.tokens
    chain = [tok]
    cur = tok
    if tok.pos == "NOUN" and tok.dep in {"dobj", "pobj"}:
        up = tokens[tok.head]
        if up.dep == "prep" and tok.dep == "pobj":
            up = tokens[up.head]
        if up.pos in {"VERB", "AUX"}:
            chain.append(up)
            cur = up
    while cur.dep in _CLIMB and cur.head != cur.i and len(chain) < 6:
        cur = tokens[cur.head]
        chain.append(cur)
    return chain


def mood(tree: Tree, tok: Token) -> str | None:
    """'refused', 'negated', 'obliged', 'intended' ("vowed to fight"), 'future' ("will
    fight", "may fight": an intent only when someone is quoted saying so), 'attempted' (done:
    "tried to seize"), or None for an event told as done."""
    chain = clause_chain(tree, tok)
    negated = False
    for n, link in enumerate(chain):
        kids = tree.children(link.i)
        auxes = {k.text.lower() for k in kids if k.dep in {"aux", "auxpass"}}
        negated = negated or any(k.dep == "neg" for k in kids)
        # a head governs the mood only through a complement clause: "refused to go"
        governs = n > 0 and chain[n - 1].dep in {"xcomp", "acomp"}
        lemma = link.lemma.lower()
        if governs and lemma in REFUSAL_HEADS:
            return "refused"
        if governs and lemma in ATTEMPT_HEADS and link.tag in {"VBD", "VBN"}:
            return "negated" if negated else "attempted"
        if auxes & OBLIGATION_AUX or (governs and lemma in OBLIGATION_HEADS):
            return "negated" if negated else "obliged"
        perfect = any(k.lemma.lower() == "have" and k.dep == "aux" for k in kids)
        if governs and lemma in INTENT_HEADS:
            return "refused" if negated else "intended"
        if auxes & INTENT_AUX and not perfect:
            return "refused" if negated else "future"
    return "negated" if negated else None
