"""Roles and titles read next to an actor's mention: "former Vice President X", "X, son of Y"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventatlas.stages.actor_builder import Builder, Cluster

MODIFIERS = r"(?:former|acting|caretaker|current|late|interim|deputy|self-declared|de facto)"
KIN = r"(?:son|daughter|brother|sister|father|mother|nephew|niece|wife|husband|uncle|cousin)"
_WINDOW = 80


HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord"}


@lru_cache(maxsize=16)
def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str] | None:
    """Titles (honorifics aside) at the end of a text, after optional modifiers; built once per
    title list."""
    names = "|".join(re.escape(t) for t in titles if t not in HONORIFICS)
    if not names:
        return None
    return re.compile(rf"((?:[A-Z][a-z]+\s+)?(?i:(?:{MODIFIERS}\s+)*)(?i:{names}))$")


@lru_cache(maxsize=16)
def _title_ends(titles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.lower() for t in titles if t not in HONORIFICS)


def roles_before(text: str, start: int, titles: tuple[str, ...]) -> list[str]:
    """Titles written just before a name: ``"Uzbek leader Marshal X"`` → Marshal, Uzbek leader."""
    pattern = _title_pattern(titles)
    if pattern is None:
        return []
    window = re.split(r"[.;:!?\n,(]", text[max(0, start - _WINDOW) : start])[-1]
    found: list[str] = []
    rest = window.rstrip()
    ends = _title_ends(titles)  # a quick test: the pattern only matches a text ending so
    while rest and rest.lower().endswith(ends) and (m := pattern.search(rest)):
        if m.start() > 0 and rest[m.start() - 1].isalnum():
            break
        found.append(m.group(1))
        rest = rest[: m.start()].rstrip()
    return found


def relation_after(text: str, end: int, others: list[tuple[str, list[tuple[int, int]]]]
                   ) -> str | None:
    """``"X, the son of Y"`` → ``"son of Y"`` when Y is a mention of another actor."""
    m = re.match(rf",?\s+(?:the\s+)?(?:eldest\s+|younger\s+|only\s+)?({KIN})\s+of\s+"
                 rf"(?:(?:the\s+)?(?:late|former)\s+(?:[\w-]+\s+){{0,3}}?)?", text[end : end + 120])
    if not m:
        return None
    target_start = end + m.end()
    for name, spans in others:
        if any(s == target_start or (s > target_start and s - target_start < 40)
               for s, _ in spans):
            return f"{m.group(1)} of {name}"
    return None


def collect_roles(builder: Builder, clusters: list[Cluster]) -> None:
    """Each cluster's roles: titles before its mentions ("former Vice President X"), a
    registry actor's roles valid on the document's day, kinship after a person ("X, son of Y")."""
    text = builder.text
    for cluster in clusters:
        for mention in cluster.mentions if not cluster.descriptive else ():
            for role in roles_before(text, mention.start, builder.registry.words.titles):
                if role not in cluster.roles:
                    cluster.roles.append(role)
        if cluster.known is not None:
            for known_role in cluster.known.roles:
                label = known_role.label()
                if known_role.valid_on(builder.day) and label not in cluster.roles:
                    cluster.roles.append(label)
    spans = {id(c): [(m.start, m.end) for m in c.mentions] for c in clusters}
    for cluster in clusters:
        for mention in cluster.mentions if cluster.kind == "person" else ():
            rel = relation_after(text, mention.end, [(c.name, spans[id(c)]) for c in clusters])
            if rel and rel not in cluster.roles:
                cluster.roles.append(rel)
