"""Who did it to whom: actor roles from the dependency parse, and the parse helpers
(``Tree``, ``MentionIndex``) the other event modules share."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from eventatlas.model import Actor, Annotation, Place, Token
from eventatlas.stages.lexicon import Trigger

Resolve = Callable[[Token], "str | None"]  # a pronoun token → the actor it stands for

PRONOUNS = frozenset({"it", "its", "he", "his", "she", "her", "they", "their", "we", "our",
                      "i", "my"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    ref: str  # actor or place id


class MentionIndex:
    """Sorted mention spans of actors (or places), for lookups inside token subtrees."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]

    @classmethod
    def of_actors(cls, actors: tuple[Actor, ...]) -> MentionIndex:
        return cls([Span(m.start, m.end, a.id) for a in actors for m in a.mentions])

    @classmethod
    def of_places(cls, places: tuple[Place, ...]) -> MentionIndex:
        return cls([Span(m.start, m.end, p.id) for p in places for m in p.mentions])

    def within(self, start: int, end: int) -> list[Span]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            if self.spans[i].end <= end:
                out.append(self.spans[i])
            i += 1
        return out

    def at(self, start: int, end: int) -> Span | None:
        """The mention overlapping [start, end), if any."""
        i = max(0, bisect_left(self.starts, start) - 1)
        while i < len(self.spans) and self.spans[i].start < end:
            if self.spans[i].end > start:
                return self.spans[i]
            i += 1
        return None


class Tree:
    """Children lists and subtree spans over an Annotation, computed once per document."""

    def __init__(self, ann: Annotation) -> None:
        self.ann = ann
        self.kids: list[list[int]] = [[] for _ in ann.tokens]
        for tok in ann.tokens:
            if tok.head != tok.i:
                self.kids[tok.head].append(tok.i)
        self._span: dict[int, tuple[int, int]] = {}

    def children(self, i: int, *deps: str) -> list[Token]:
        return [self.ann.tokens[k] for k in self.kids[i] if not deps or
                self.ann.tokens[k].dep in deps]

    def span(self, i: int) -> tuple[int, int]:
        if i not in self._span:
            stack, lo, hi, seen = [i], self.ann.tokens[i].start, self.ann.tokens[i].end, 0
            while stack and seen < 400:  # bounded: a 2,000-word sentence must not stall
                k = stack.pop()
                seen += 1
                tok = self.ann.tokens[k]
                lo, hi = min(lo, tok.start), max(hi, tok.end)
                stack.extend(self.kids[k])
            self._span[i] = (lo, hi)
        return self._span[i]


def actor_in(tree: Tree, actors: MentionIndex, i: int) -> str | None:
    """The actor a token's phrase names: the mention at the token, else the first inside."""
    tok = tree.ann.tokens[i]
    hit = actors.at(tok.start, tok.end)
    if hit is not None:
        return hit.ref
    lo, hi = tree.span(i)
    inside = actors.within(lo, hi)
    return inside[0].ref if inside else None


def pobj(tree: Tree, i: int, preps: set[str]) -> list[int]:
    out: list[int] = []
    for prep in tree.children(i, "prep", "agent"):
        if prep.text.lower() in preps:
            out.extend(t.i for t in tree.children(prep.i, "pobj"))
    return out


def _taken_from(tree: Tree, tok: Token) -> int | None:
    """The object of "from" in a taking clause, attached to the trigger or to its object
    ("captured the town of X from Y": the parser may hang "from Y" on "town" or "X")."""
    sent = tree.ann.sentences[tok.sent]
    for cand in tree.ann.tokens[sent.first_token : sent.last_token]:
        if cand.dep != "prep" or cand.text.lower() != "from":
            continue
        head, steps = cand.head, 0
        while head != tok.i and steps < 4:
            node = tree.ann.tokens[head]
            if node.pos in {"VERB", "AUX"} or node.head == node.i:
                break
            head, steps = node.head, steps + 1
        if head == tok.i:
            objs = tree.children(cand.i, "pobj")
            if objs:
                return objs[0].i
    return None


def _subject(tree: Tree, tok: Token) -> tuple[int | None, bool]:
    """The subject token of ``tok``'s clause and whether the clause is passive."""
    seen = 0
    cur = tok
    while seen < 4:
        for deps, passive in ((("nsubj", "csubj"), False), (("nsubjpass",), True)):
            subj = tree.children(cur.i, *deps)
            if subj and cur.dep == "relcl" and subj[0].text.lower() in RELATIVE_PRONOUNS:
                return cur.head, passive  # "X, who has declared …": X
            if subj:
                return subj[0].i, passive
        if cur.dep == "relcl" or (cur.dep == "acl" and cur.tag in {"VBG", "VBN"}):
            return cur.head, cur.tag == "VBN"  # "rebels fleeing", "the truce signed"
        if cur.dep in {"conj", "xcomp", "advcl", "ccomp", "acomp"} and cur.head != cur.i:
            cur = tree.ann.tokens[cur.head]
        elif (ruler := _controller(tree, cur)) is not None:
            cur = ruler
        else:
            break
        seen += 1
    return None, False


def _controller(tree: Tree, tok: Token) -> Token | None:
    """The verb or adjective whose subject a gerund after a preposition shares ("resorted
    to throwing", "guilty of violating"), unless it has an object that does ("accused X of
    attacking")."""
    if tok.dep != "pcomp" or tok.head == tok.i:
        return None
    prep = tree.ann.tokens[tok.head]
    ruler = tree.ann.tokens[prep.head]
    if prep.dep != "prep" or ruler.pos not in {"VERB", "AUX", "ADJ"} or \
            tree.children(ruler.i, "dobj"):
        return None
    return ruler


def agent(tree: Tree, actors: MentionIndex, i: int, resolve: Resolve | None = None
          ) -> str | None:
    """The actor a subject names: its mention, the first of coordinated ones ("X and Y
    agreed"), or through ``resolve`` a pronoun's or a pronoun owner's ("their forces")."""
    tok = tree.ann.tokens[i]
    if tok.text.lower() in PRONOUNS:
        return resolve(tok) if resolve is not None else None
    if any(t.dep in {"relcl", "acl"} for t in tree.children(i)):  # "rebels who fled": the
        hit = actors.at(tok.start, tok.end)  # noun itself, not the clause on it
        return hit.ref if hit is not None else _modifier_actor(tree, actors, tok, resolve)
    if any(tree.children(k.i, "conj") for k in (tok, *tree.children(i, "amod", "compound",
                                                                    "nmod"))):
        lo, hi = tree.span(i)
        inside = actors.within(lo, hi)
        if inside:
            return inside[0].ref
    found = actor_in(tree, actors, i)
    owner = [c for c in tree.children(i, "poss") if c.text.lower() in PRONOUNS]
    if found is None and owner and resolve is not None:
        return resolve(owner[0])
    return found


def roles(tree: Tree, actors: MentionIndex, tok: Token, trig: Trigger,
          resolve: Resolve | None = None, harm: frozenset[str] = frozenset()
          ) -> tuple[str | None, str | None]:
    """(actor1, actor2) for a trigger token; ``resolve`` reads pronouns, ``harm`` are the
    words of verbs whose subject suffers ("died during clashes"), never an actor1."""
    a1 = a2 = None
    if tok.pos == "VERB":
        subj, passive = _subject(tree, tok)
        agent_of = pobj(tree, tok.i, {"by"})
        if passive:
            a2 = actor_in(tree, actors, subj) if subj is not None else None
            a1 = actor_in(tree, actors, agent_of[0]) if agent_of else None
        else:
            a1 = agent(tree, actors, subj, resolve) if subj is not None else None
            objs = tree.children(tok.i, "dobj")
            if trig.roles == "patient_subject":
                a1, a2 = (actor_in(tree, actors, pobj(tree, tok.i, {"to"})[0])
                          if pobj(tree, tok.i, {"to"}) else None), a1
            elif trig.territorial:
                src = _taken_from(tree, tok)
                a2 = actor_in(tree, actors, src) if src is not None else None
            elif objs and trig.roles == "agent_patient":
                a2 = actor_in(tree, actors, objs[0].i)
            if a2 is None and trig.roles == "agent_patient":
                tgt = pobj(tree, tok.i, {"against", "on"})
                a2 = actor_in(tree, actors, tgt[0]) if tgt else None
            if a1 is None and tok.dep == "acl" and trig.roles != "patient_subject":
                a1 = _governing_agent(tree, actors, tok, resolve, harm, ())
    else:
        a1, a2 = _noun_roles(tree, actors, tok, trig, resolve, harm)
    return a1, (a2 if a2 != a1 else None)


def _noun_roles(tree: Tree, actors: MentionIndex, tok: Token, trig: Trigger,
                resolve: Resolve | None, harm: frozenset[str]
                ) -> tuple[str | None, str | None]:
    a1 = a2 = None
    by = pobj(tree, tok.i, {"by"})
    if by:
        a1 = actor_in(tree, actors, by[0])
    a1 = a1 or _modifier_actor(tree, actors, tok, resolve)
    target = pobj(tree, tok.i, {"against", "on"}) or ([] if trig.territorial else
                                                        pobj(tree, tok.i, {"of"}))
    if target:
        a2 = actor_in(tree, actors, target[0])
    if trig.territorial and (src := _taken_from(tree, tok)) is not None:
        a2 = actor_in(tree, actors, src)
    a1 = a1 or _governing_agent(tree, actors, tok, resolve, harm, ())
    if a1 is None and (sides := _between(tree, actors, tok)):
        a1, a2 = sides[0], a2 or (sides[1] if len(sides) > 1 else None)
    a1 = a1 or _governing_agent(tree, actors, tok, resolve, harm, _TAKING_PART)
    return a1, a2


_TAKING_PART = ("during", "for", "on", "into", "in", "to")  # "went on strike", "agreed to a truce"
# Verbs whose passive subject takes part in what follows "in": "X were engaged in ethnic
# cleansing", "X was involved in the attack", "X are locked in a battle".
_PARTAKING = frozenset({"engage", "involve", "embroil", "entangle", "lock", "mire"})


def _modifier_actor(tree: Tree, actors: MentionIndex, tok: Token, resolve: Resolve | None
                    ) -> str | None:
    """The actor a noun's own modifiers name: "Iraq's criticism", "its mediation"."""
    for mod in tree.children(tok.i, "poss", "compound", "amod", "nmod"):
        found = agent(tree, actors, mod.i, resolve) if mod.dep == "poss" else \
            actor_in(tree, actors, mod.i)
        if found is not None:
            return found
    return None


def _governing_agent(tree: Tree, actors: MentionIndex, tok: Token, resolve: Resolve | None,
                     harm: frozenset[str], preps: tuple[str, ...]) -> str | None:
    """The active subject of the verb an event phrase is the object of, climbing its noun
    heads: "X undertook a mediation mission", "X began two weeks of exercises", "X issued a
    statement demanding ..."; the head nouns' owners count ("X's mediation efforts"). With
    ``preps``, also the verb a phrase under one of them hangs on ("X threw stones during
    protests"), unless that verb's subject suffers (``harm``)."""
    cur, steps = tok, 0
    while cur.head != cur.i and steps < 5:
        head, steps = tree.ann.tokens[cur.head], steps + 1
        if cur.dep in {"compound", "nmod", "acl"} and head.pos in {"NOUN", "PROPN"}:
            cur = head
            if (owner := _modifier_actor(tree, actors, cur, resolve)) is not None:
                return owner
            continue
        if cur.dep == "pobj" and head.head != head.i:
            verb = tree.ann.tokens[head.head]
            if head.text.lower() == "of" and verb.pos in {"NOUN", "PROPN"}:
                cur = verb
                continue
            if head.text.lower() not in preps or verb.pos != "VERB" or \
                    verb.text.lower() in harm:
                return None
            head = verb
        elif cur.dep not in {"dobj", "attr"} or head.pos not in {"VERB", "AUX"}:
            return None
        subj, passive = _subject(tree, head)
        if passive and head.lemma.lower() not in _PARTAKING:
            return None
        return agent(tree, actors, subj, resolve) if subj is not None else None
    return None


def _between(tree: Tree, actors: MentionIndex, tok: Token) -> list[str]:
    """The sides of "talks between X and Y", in order."""
    for obj in pobj(tree, tok.i, {"between", "among"}):
        lo, hi = tree.span(obj)
        sides = list(dict.fromkeys(s.ref for s in actors.within(lo, hi)))
        if sides:
            return sides
    return []
