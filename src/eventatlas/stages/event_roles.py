"""Who did it to whom: actor roles from the dependency parse, and the parse helpers
(``Tree``, ``MentionIndex``) the other event modules share."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from eventatlas.model import Actor, Annotation, Place, Token
from eventatlas.stages.lexicon import Trigger


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
    out = []
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
        subj = tree.children(cur.i, "nsubj", "csubj")
        if subj:
            return subj[0].i, False
        subj = tree.children(cur.i, "nsubjpass")
        if subj:
            return subj[0].i, True
        if cur.dep == "relcl":
            return cur.head, False
        if cur.dep in {"conj", "xcomp", "advcl", "ccomp"} and cur.head != cur.i:
            cur = tree.ann.tokens[cur.head]
            seen += 1
            continue
        break
    return None, False


def roles(tree: Tree, actors: MentionIndex, tok: Token, trig: Trigger
          ) -> tuple[str | None, str | None]:
    """(actor1, actor2) for a trigger token."""
    a1 = a2 = None
    if tok.pos == "VERB":
        subj, passive = _subject(tree, tok)
        agent = pobj(tree, tok.i, {"by"})
        if passive:
            a2 = actor_in(tree, actors, subj) if subj is not None else None
            a1 = actor_in(tree, actors, agent[0]) if agent else None
        else:
            a1 = actor_in(tree, actors, subj) if subj is not None else None
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
    else:
        a1, a2 = _noun_roles(tree, actors, tok, trig)
    return a1, (a2 if a2 != a1 else None)


def _noun_roles(tree: Tree, actors: MentionIndex, tok: Token, trig: Trigger
                ) -> tuple[str | None, str | None]:
    a1 = a2 = None
    by = pobj(tree, tok.i, {"by"})
    if by:
        a1 = actor_in(tree, actors, by[0])
    for mod in tree.children(tok.i, "poss", "compound", "amod", "nmod"):
        a1 = a1 or actor_in(tree, actors, mod.i)
    target = pobj(tree, tok.i, {"against", "on"}) or ([] if trig.territorial else
                                                        pobj(tree, tok.i, {"of"}))
    if target:
        a2 = actor_in(tree, actors, target[0])
    if trig.territorial and (src := _taken_from(tree, tok)) is not None:
        a2 = actor_in(tree, actors, src)
    head = tree.ann.tokens[tok.head]
    if a1 is None and tok.dep in {"dobj", "attr"} and head.pos == "VERB":
        subj, passive = _subject(tree, head)
        if subj is not None and not passive:
            a1 = actor_in(tree, actors, subj)
    return a1, a2
