"""Relations between actors read between two mentions in one sentence:
"X backed by Y" (support), "X led by Y" (command), "X working with Y" (alliance),
"X against Y" (opposition), "X, a member of Y" (membership) — and from the affiliations the
actors stage read inside descriptive actors ("forces loyal to Y" is commanded by Y)."""

from __future__ import annotations

import re

from eventatlas.model import Analysis, Evidence, Relation, stable_id
from eventatlas.stages.certainty import judge
from eventatlas.stages.event_time import dated_back, long_dead
from eventatlas.stages.lexicon import Lexicon

# (pattern over the text between the two mentions, relation type, direction)
# direction "forward": source = first mention; "backward": source = second mention.
PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, re.I), t, d) for p, t, d in (
        (r"^[\s,]*(?:\w+\s+){0,2}(?:backed|supported|armed|funded|sponsored) by\s+(?:the\s+)?$",
         "support", "backward"),
        (r"^-(?:backed|supported|sponsored|funded)\s+$", "support", "forward"),
        (r"^[\s,]*(?:\w+\s+){0,3}(?:led|commanded|headed) by\s+(?:\w+\s+){0,6}?$",
         "command", "backward"),
        (r"^[\s,]*(?:\w+\s+){0,3}under the (?:command|leadership|control) of\s+"
         r"(?:\w+\s+){0,4}?$", "command", "backward"),
        (r"^[\s,]*(?:\w+\s+){0,3}(?:loyal to|fighters of|forces of)\s+(?:\w+\s+){0,4}?$",
         "command", "backward"),
        (r"^[\s,]*(?:\w+\s+){0,3}(?:working|linking up|allied|siding|cooperating|teaming up|"
         r"joining forces) with\s+(?:\w+\s+){0,4}?$", "alliance", "forward"),
        (r"^[\s,]*(?:\w+\s+){0,3}(?:against|fighting|opposing|to oust|to fight)\s+(?:the\s+)?$",
         "opposition", "forward"),
        (r"^[\s,]*(?:a|an|the)\s+(?:senior\s+|former\s+)?(?:member|commander|leader|"
         r"spokesman|spokesperson) of\s+(?:the\s+)?$", "membership", "forward"),
    )
)
_MAX_GAP = 90


def find_relations(item: Analysis, lexicon: Lexicon, now_year: int,
                   dead: dict[str, str] | None = None) -> tuple[Relation, ...]:
    ann = item.annotation
    if ann is None:
        return ()
    text = item.document.text
    spans = sorted((m.start, m.end, a.id) for a in item.actors for m in a.mentions)
    out: dict[str, Relation] = {}
    for n, (s1, e1, a1) in enumerate(spans):
        for s2, e2, a2 in spans[n + 1 : n + 4]:
            if a1 == a2 or s2 - e1 > _MAX_GAP or s2 < e1:
                continue
            gap = text[e1:s2]
            if "." in gap or "\n" in gap:
                break
            for pattern, rtype, direction in PATTERNS:
                if pattern.search(gap):
                    src, dst = (a1, a2) if direction == "forward" else (a2, a1)
                    rel = _relation(item, rtype, src, dst, s1, lexicon, now_year, dead or {})
                    if rel is not None:
                        out.setdefault(rel.id, rel)
                    break
    for rel in _from_affiliations(item, lexicon, now_year, dead or {}):
        out.setdefault(rel.id, rel)
    return tuple(out.values())


# An affiliation reads from its actor; these types point from the other actor to it.
_FROM_TARGET = {"command", "support"}


def _from_affiliations(item: Analysis, lexicon: Lexicon, now_year: int, dead: dict[str, str]
                       ) -> list[Relation]:
    out = []
    for actor in item.actors:
        for aff in actor.affiliations:
            if aff.target == actor.id:
                continue
            src, dst = (aff.target, actor.id) if aff.type in _FROM_TARGET else \
                (actor.id, aff.target)
            rel = _relation(item, aff.type, src, dst, aff.evidence.start, lexicon, now_year,
                            dead)
            if rel is not None:
                out.append(rel)
    return out


def _relation(item: Analysis, rtype: str, src: str, dst: str, at: int, lexicon: Lexicon,
              now_year: int, dead: dict[str, str]) -> Relation | None:
    ann = item.annotation
    assert ann is not None
    sent = next((s for s in ann.sentences if s.start <= at < s.end), None)
    if sent is None:
        return None
    sentence = item.document.text[sent.start : sent.end]
    verdict = judge(sentence, lexicon)
    historical = dated_back(sentence, now_year) or long_dead((src, dst), dead, now_year)
    return Relation(
        id=stable_id("relation", item.document.id, rtype, src, dst, sent.start),
        type=rtype, source=src, target=dst, certainty=verdict.certainty,  # type: ignore[arg-type]
        historical=historical,
        evidence=(Evidence(start=sent.start, end=sent.end, sentence=sentence, cue=verdict.cue),),
    )
