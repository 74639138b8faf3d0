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
    stance = _stance(tree, tok)
    if stance is not None:
        return stance
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


# adjectives whose prepositional object is an act only offered: "open to talks", "ready for war"
STANCE_HEADS = frozenset({"open", "ready", "willing", "prepared", "committed"})


def _stance(tree: Tree, tok: Token) -> str | None:
    """'intended' (or 'refused' when negated) for an event noun that an adjective of
    readiness governs: "is open to talks", "not ready for negotiations"."""
    if tok.pos != "NOUN" or tok.dep != "pobj":
        return None
    prep = tree.ann.tokens[tok.head]
    adj = tree.ann.tokens[prep.head]
    if prep.dep != "prep" or adj.pos != "ADJ" or adj.lemma.lower() not in STANCE_HEADS:
        return None
    head = tree.ann.tokens[adj.head]
    negated = any(k.dep == "neg" for k in tree.children(adj.i) + tree.children(head.i))
    return "refused" if negated else "intended"


# Words that deny what they quantify: "little fighting", "few attacks", "hardly any clashes".
# "a little" and "a few" assert, so an article before them keeps the event.
DENYING_QUANTIFIERS = frozenset({"no", "little", "few", "neither"})
SCARCELY = frozenset({"hardly", "barely", "scarcely"})
NOBODY = frozenset({"nobody", "none", "noone"})
# heads whose object did not happen: "without a fight", "the absence of clashes"
DENYING_HEADS = frozenset({"without", "absence", "lack"})
# "rather than X", "instead of X": the words before the marker say X did not happen
CONTRAST = {"than": "rather", "of": "instead"}


def unrealised(tree: Tree, tok: Token) -> bool:
    """Whether the parse says ``tok``'s event did not take place as told: denied by a
    quantifier ("little fighting", "nobody was hurt") or "without", set against what
    happened ("deals rather than battles"), a participle that only describes a thing ("a
    negotiated solution", "captured vehicles"), an infinitive that only names a
    possibility ("a place to regroup"), or a habit that describes someone ("fighters who
    refuse to disarm")."""
    if tok.dep == "amod" and tok.tag in {"VBN", "VBG"}:
        return True
    if _contrasted(tree, tok):
        return True
    cur = tok
    for _ in range(8):
        if _denied_here(tree, cur):
            return True
        if cur.dep not in {"conj", "pobj", "pcomp", "prep"} or cur.head == cur.i:
            break
        cur = tree.ann.tokens[cur.head]
    return _purpose(tree, tok) or _habitual(tree, tok)


def _habitual(tree: Tree, tok: Token) -> bool:
    """A relative clause in the simple present describes whom it modifies, not an act:
    "politicians who refuse to accept the new rulers", "groups that attack convoys"."""
    cur = tok
    for _ in range(4):
        if cur.dep == "relcl":
            return cur.tag in {"VBZ", "VBP"} and not tree.children(cur.i, "aux", "auxpass")
        if cur.dep not in {"xcomp", "conj"} or cur.head == cur.i:
            return False
        cur = tree.ann.tokens[cur.head]
    return False


def _denied_here(tree: Tree, tok: Token) -> bool:
    if _none_of(tree, tok):
        return True
    if tok.pos == "VERB" and any(  # "no civilians were hurt", "nobody died"
            _none_of(tree, s) or s.text.lower() in NOBODY
            for s in tree.children(tok.i, "nsubj", "nsubjpass")):
        return True
    head = tree.ann.tokens[tok.head]
    if tok.dep in {"pobj", "pcomp"} and head.text.lower() in DENYING_HEADS:
        return True
    if tok.dep == "pobj" and head.text.lower() == "of" and head.head != head.i:
        return tree.ann.tokens[head.head].lemma.lower() in DENYING_HEADS
    return False


def _none_of(tree: Tree, tok: Token) -> bool:
    """``tok`` is quantified to nothing: "little fighting", "no one", "hardly any clashes"."""
    kids = tree.children(tok.i)
    words = {k.text.lower() for k in kids if k.dep in {"det", "amod", "advmod"}}
    article = any(k.dep == "det" and k.text.lower() == "a" for k in kids)
    if words & DENYING_QUANTIFIERS and not article:
        return True
    for k in kids:  # "hardly any clashes", "barely any resistance"
        if k.text.lower() == "any" and (
                {g.text.lower() for g in tree.children(k.i)} & SCARCELY or
                (k.i > 0 and tree.ann.tokens[k.i - 1].text.lower() in SCARCELY)):
            return True
    return False


def _contrasted(tree: Tree, tok: Token) -> bool:
    """``tok`` lies in the phrase a "rather than" / "instead of" marker sets aside: the phrase
    that starts right after the marker ("deals rather than pitched battles", "instead of
    attacking the base", "by a deal rather than through a battle")."""
    tokens = tree.ann.tokens
    sent = tree.ann.sentences[tok.sent]
    for m in range(max(sent.first_token + 1, tok.i - 12), tok.i):
        if not _is_contrast(tree, tokens[m]):
            continue
        top = tokens[m + 1]  # the phrase after the marker, up to where it attaches
        while top.head != top.i and top.head > m and top.dep not in {"nsubj", "nsubjpass"}:
            top = tokens[top.head]
        cur = tok
        for _ in range(16):
            if cur.i == top.i:
                return True
            if cur.head == cur.i:
                break
            cur = tokens[cur.head]
    return False


def _is_contrast(tree: Tree, tok: Token) -> bool:
    word = tok.text.lower()
    return word in CONTRAST and tok.i > 0 and \
        tree.ann.tokens[tok.i - 1].text.lower() == CONTRAST[word]


def _purpose(tree: Tree, tok: Token) -> bool:
    """An infinitive that modifies a noun: "a place to regroup", "the means to strike back".
    (An infinitive of purpose, "sent to attack", often names the act that followed: kept.)"""
    cur = tok
    for _ in range(4):  # up through coordination: "to pull back and regroup"
        if cur.tag == "VB" and any(k.tag == "TO" for k in tree.children(cur.i, "aux")):
            return cur.dep in {"acl", "relcl"}
        if cur.dep not in {"conj", "advmod"} or cur.head == cur.i:
            return False  # "pull back and regroup": regroup hangs from "back"
        cur = tree.ann.tokens[cur.head]
    return False
