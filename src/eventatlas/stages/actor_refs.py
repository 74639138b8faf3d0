"""References that do not spell an actor's name: acronyms defined in the text ("National
Resistance Front (NRF)" … "the NRF"), title-only references ("the caretaker President", "the
spokesman") and the country a person is said to serve ("Serbian President X", "King Y of Z")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from eventatlas.model import Annotation, Mention
from eventatlas.stages.actor_builder import Builder, Cluster, whole_word_spans
from eventatlas.stages.actor_roles import HONORIFICS, MODIFIERS
from eventatlas.stages.name_keys import fold

_SMALL = r"(?:of|for|the|and|de|du|des|la|le|el|al|del|in|on|to)"
_ACRONYM = re.compile(
    rf"(?P<long>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|{_SMALL})){{1,10}})\s*"
    r"\((?P<acr>[A-Z][A-Za-z0-9&/.-]{1,9})\)")
# Titles that one person holds at a time in a document's world; "the leader" or "the general"
# are too loose to resolve.
_SINGLE_HOLDER = ("president", "vice president", "prime minister", "defense minister",
                  "defence minister", "foreign minister", "interior minister", "governor",
                  "mayor", "spokesman", "spokeswoman", "spokesperson", "king", "queen",
                  "secretary-general", "secretary general", "chancellor", "premier", "emir",
                  "police chief", "sheriff")
_QUALIFIERS = {"caretaker", "acting", "interim", "self", "declared", "facto"}
_BEFORE_TITLE = {"vice", "deputy", "former", "ex", "late", "assistant", "lieutenant"}


def _initials_fit(long: str, acr: str) -> bool:
    letters = [c for c in acr.upper() if c.isalpha()]
    initials = [w[0].upper() for w in long.split() if w[:1].isupper()]
    it = iter(initials)
    return bool(letters) and letters[0] == initials[0] and all(ch in it for ch in letters)


def defined_acronyms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, acronym) of each long name followed by its acronym in brackets."""
    out = []
    for m in _ACRONYM.finditer(text):
        long, acr = m.group("long"), m.group("acr")
        words = long.split()
        # the long name ends where the acronym's first letter starts it
        for k in range(len(words)):
            tail = " ".join(words[k:])
            if _initials_fit(tail, acr):
                start = m.start("long") + long.rfind(tail) if k else m.start("long")
                out.append((start, m.end("long"), acr))
                break
    return out


def apply_acronyms(text: str, builder: Builder) -> None:
    """Give each acronym defined after a known actor's name every use of it in the text."""
    for start, end, acr in defined_acronyms(text):
        owner = builder.at(start, end)
        if owner is None:
            continue
        builder.acronyms[acr] = owner
        for lo, hi in whole_word_spans(text, acr):
            other = builder.at(lo, hi)
            if other is owner:
                continue
            if other is not None and other.known is None and fold(other.name) == fold(acr):
                for mention in other.mentions:
                    owner.add(mention)
                other.mentions.clear()
            elif other is None:
                builder.mention(owner, lo, hi)


@lru_cache(maxsize=16)
def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"\b[Tt]he\s+(?P<ref>(?:(?i:{MODIFIERS})\s+)*(?P<title>(?i:{names})))\b"
                      r"(?!\s+(?:of\s+)?[A-Z])(?!-)")


def _holds(role: str, title: str, modifiers: list[str]) -> bool:
    words, target = fold(role).split(), fold(title).split()
    for i in range(len(words) - len(target) + 1):
        if words[i : i + len(target)] == target:
            before = words[:i]
            if before and before[-1] in _BEFORE_TITLE:
                continue
            # "the caretaker President" is a caretaker president; "the President" is not one
            qualifiers = set(before) & _QUALIFIERS
            return qualifiers <= set(modifiers) and all(
                mod in before for mod in modifiers if mod != "current")
    return False


def resolve_titles(text: str, builder: Builder) -> None:
    """"the caretaker President" → a mention of the one person the document gives that role."""
    titles = tuple(t for t in _SINGLE_HOLDER if t not in HONORIFICS)
    people = [c for c in builder.clusters if c.kind == "person" and c.mentions]
    for m in _title_pattern(titles).finditer(text):
        if builder.overlaps(m.start("ref"), m.end("ref")):
            continue
        modifiers = [fold(w) for w in m.group("ref").split()[: -len(m.group("title").split())]]
        holders = [c for c in people
                   if any(_holds(r, m.group("title"), modifiers) for r in c.roles)]
        if len(holders) == 1:
            builder.mention(holders[0], m.start("ref"), m.end("ref"))


def country_near(ann: Annotation, starts: list[int], start: int, end: int,
                 country_of: Callable[[str], str | None],
                 titles: frozenset[str] = frozenset()) -> str | None:
    """The country named just before a person's titles ("Russian Foreign Minister X",
    "U.S. Secretary of State Y") or just after the name ("King Z of Morocco").
    ``starts`` are the tokens' start offsets, in order."""
    i = bisect_left(starts, start)
    if i >= len(starts) or starts[i] != start:
        return None
    tokens = ann.tokens
    k, steps = i - 1, 0
    while k >= 0 and steps < 6 and tokens[k].sent == tokens[i].sent:
        tok = tokens[k]
        if tok.ent_type in {"NORP", "GPE"}:
            return country_of(tok.text if tok.ent_iob == "B" else _entity_text(ann, k))
        if tok.ent_iob == "B" and tok.pos in {"ADJ", "PROPN"} and (country := country_of(
                tok.text)):
            return country  # "French National Assembly president X": a demonym in an ORG
        if tokens[k + 1].text in {"'s", "’s"} and tok.text[:1].isupper() and \
                (country := country_of(tok.text)):
            return country  # "Ruritania's ambassador X", the country mistagged as a name
        if not (tok.text[:1].isupper() or tok.text in {"of", "'s", "’s", "new", "-"}
                or tok.pos == "ADJ" or tok.text.lower() in titles):
            break
        k, steps = k - 1, steps + 1
    j = bisect_left(starts, end)
    if j + 1 < len(tokens) and tokens[j].text == "of" and \
            tokens[j + 1].ent_type == "GPE":
        return country_of(_entity_text(ann, j + 1))
    return None


def _entity_text(ann: Annotation, k: int) -> str:
    for ent in ann.entities:
        if ent.first_token <= k < ent.last_token:
            return ent.text
    return ann.tokens[k].text


def ethnicity_of(cluster: Cluster, peoples: dict[str, str]) -> str | None:
    """A person's people when a role names it ("Uzbek leader")."""
    for role in cluster.roles:
        words = role.split()
        if words and fold(words[0]) in peoples and len(words) > 1:
            return peoples[fold(words[0])]
    return None


def employers(text: str, builder: Builder, title_words: frozenset[str]) -> None:
    """"Arab League Secretary General X", "U.N. envoy Y": a person whose titles follow an
    organisation's name holds them in it: a membership of that organisation."""
    orgs = [(m, c) for c in builder.clusters if c.kind not in {"person", "state"}
            for m in c.mentions]
    for person in [c for c in builder.clusters if c.kind == "person"]:
        for mention in person.mentions:
            for m, org in orgs:
                if not 0 < mention.start - m.end < 60:
                    continue  # (before any folding: a long gap would fill fold's cache)
                gap = text[m.end : mention.start]
                words = fold(gap).split()
                if words and all(w in title_words for w in words) and "\n" not in gap:
                    person.affiliate("membership", org, Mention(
                        start=m.start, end=mention.end, text=text[m.start : mention.end]))
