"""Clusters of mentions that name one actor, and the builder that grows them over a document.

Ids: a registry actor is keyed by its registry key; a state or its generic forces by their
country ("Hungary", "Hungarian officials" and "the Hungarian government" are one state); any
other actor by its kind and the transliteration skeleton of its name, so the same name spelt
another way in another document gets the same id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from eventatlas.model import Mention, stable_id
from eventatlas.stages import actor_person_names as names
from eventatlas.stages.actor_registry import ActorRegistry, KnownActor
from eventatlas.stages.name_keys import fold, same_name, skeleton

log = logging.getLogger(__name__)

MAX_ACTORS = 500  # a list of thousands of names must not become thousands of actors


@dataclass
class Cluster:
    """Mentions believed to name one actor."""

    kind: str
    name: str
    known: KnownActor | None = None
    country: str | None = None
    fixed_key: tuple[str, ...] | None = None  # id parts that do not depend on the spelling
    ethnicity: str | None = None
    descriptive: bool = False  # named by a phrase around another actor ("forces loyal to X")
    spellings: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    # (relation type, target cluster, the phrase that states it)
    affiliations: list[tuple[str, Cluster, Mention]] = field(default_factory=list)

    def add(self, mention: Mention) -> None:
        if any(m.start == mention.start and m.end == mention.end for m in self.mentions):
            return
        self.mentions.append(mention)
        if mention.text not in self.spellings:
            self.spellings.append(mention.text)

    def affiliate(self, rtype: str, target: Cluster, evidence: Mention) -> None:
        if target is self or any(t is target and r == rtype for r, t, _ in self.affiliations):
            return
        self.affiliations.append((rtype, target, evidence))

    @property
    def key(self) -> str:
        if self.known is not None:
            return stable_id("actor", "registry", self.known.key)
        if self.fixed_key is not None:
            return stable_id("actor", *self.fixed_key)
        return stable_id("actor", self.kind, skeleton(self.name))


_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_LINK = re.compile(r"\s+(?:of|and|the|in|at)$")


def clean_name(text: str) -> str:
    """Surrounding punctuation, a leading "the" and a trailing possessive removed."""
    text = _SPACES.sub(" ", text.strip())
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text).strip(" ,.;:-–—\"“”'‘’")
    return _TRAILING_LINK.sub("", text).strip(" ,.;:-–—\"“”'‘’")


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"


def whole_word_spans(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` with no word character or hyphen touching it, left
    to right without overlaps: what ``(?<![\\w-])phrase(?![\\w-])`` finds, without compiling a
    pattern for each name of each document."""
    at = text.find(phrase) if phrase else -1
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _word_char(text[at - 1])) and (
                end == len(text) or not _word_char(text[end])):
            yield at, end
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)


def strip_titles(name: str, registry: ActorRegistry) -> tuple[str, list[str]]:
    """``"General Ali Hassan"`` → (``"Ali Hassan"``, [``"General"``])."""
    found: list[str] = []
    changed = True
    while changed:
        changed = False
        for title in registry.words.titles:
            if name.lower().startswith(title + " ") and len(name) > len(title) + 1:
                found.append(name[: len(title)])
                name = name[len(title) + 1 :].strip()
                changed = True
                break
    return name, found


def kind_of_org(name: str, registry: ActorRegistry) -> str:
    words = set(fold(name).split())
    if words & registry.words.state_force_words:
        return "state_forces"
    if words & registry.words.media_words:
        return "media"
    if words & registry.words.armed_group_words:
        return "armed_group"
    if words & registry.words.political_words:
        return "political"
    return "organization"


class Builder:
    """Grows the clusters of one document; remembers which character spans are taken."""

    def __init__(self, text: str, registry: ActorRegistry, day: str | None) -> None:
        self.text = text
        self.registry = registry
        self.day = day
        self.clusters: list[Cluster] = []
        self.by_known: dict[str, Cluster] = {}
        self.by_fixed: dict[tuple[str, ...], Cluster] = {}
        self.taken: list[tuple[int, int]] = []
        self.acronyms: dict[str, Cluster] = {}
        self.country: str | None = None  # the document's main country, once asked ("" none)

    @property
    def full(self) -> bool:
        return len(self.clusters) >= MAX_ACTORS

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.taken)

    def mention(self, cluster: Cluster, start: int, end: int) -> None:
        cluster.add(Mention(start=start, end=end, text=self.text[start:end]))
        self.taken.append((start, end))

    def known(self, start: int, end: int, actor: KnownActor) -> Cluster:
        cluster = self.by_known.get(actor.key)
        if cluster is None:
            cluster = Cluster(kind=actor.kind, name=actor.name, known=actor, country=actor.country)
            self.by_known[actor.key] = cluster
            self.clusters.append(cluster)
        self.mention(cluster, start, end)
        return cluster

    def fixed(self, key: tuple[str, ...], kind: str, start: int, end: int,
              country: str | None = None, name: str | None = None) -> Cluster:
        """A cluster identified by ``key`` (a state by its country, say), whatever its spelling."""
        cluster = self.by_fixed.get(key)
        if cluster is None:
            cluster = Cluster(kind=kind, name=name or clean_name(self.text[start:end]),
                              country=country, fixed_key=key)
            self.by_fixed[key] = cluster
            self.clusters.append(cluster)
        self.mention(cluster, start, end)
        return cluster

    def person(self, start: int, end: int) -> Cluster | None:
        offset, raw = names.trim(self.text[start:end])
        start += offset
        name, titles = strip_titles(clean_name(raw), self.registry)
        if not self._person_like(name):
            return None
        offset = raw.find(name)
        start, end = (start + offset, start + offset + len(name)) if offset >= 0 else (
            start, start + len(raw))
        # a surname alone is first the document's own person's ("Officer Ann Kohl ... Kohl")
        own = len(name.split()) == 1 and self.surname_of(name)
        known = None if own else self.registry.match(name)
        if known is not None and known.kind == "person":
            cluster = self.known(start, end, known)
        else:
            cluster = self._person_cluster(name)
            self.mention(cluster, start, end)
        cluster.roles.extend(t for t in titles if t not in cluster.roles)
        return cluster

    def _person_like(self, name: str) -> bool:
        """Not a street, building, outlet or bare title that the tagger took for a person."""
        words = fold(name).split()
        lexicon = self.registry.words
        if not names.plausible(name, lexicon.not_person_words, set(lexicon.title_abbreviations)
                               ) or "www" in words:
            return False
        titles = {fold(t) for t in self.registry.words.titles}
        return not all(w in titles for w in words)

    def rescan_people(self) -> None:
        """Uses of a person's full spelling, or of a surname only one person has, that the
        tagger missed or mislabelled ("fighters of Yusuf Karimzada" tagged as a facility)."""
        people = [c for c in self.clusters if c.kind == "person" and c.mentions]
        surnames: dict[str, list[Cluster]] = {}
        for cluster in people:
            if len(cluster.name.split()) > 1:
                surnames.setdefault(names.surname(cluster.name), []).append(cluster)
        forms = [(s, c) for c in people for s in {c.name, *c.spellings} if " " in s]
        forms += [(s, cs[0]) for s, cs in surnames.items() if len(cs) == 1 and len(s) > 3]
        for form, cluster in sorted(forms, key=lambda f: len(f[0]), reverse=True):
            if not form[:1].isupper():
                continue
            for start, end in whole_word_spans(self.text, form):
                if not self.overlaps(start, end):
                    self.mention(cluster, start, end)

    def surname_of(self, word: str) -> bool:
        """Whether a one-word name is the surname of a person already named."""
        word = clean_name(word)
        return any(c.kind == "person" and len(c.name.split()) > 1 and
                   same_name(word, names.surname(c.name)) for c in self.clusters)

    def _person_cluster(self, name: str) -> Cluster:
        words = name.split()
        people = [c for c in self.clusters if c.kind == "person" and c.mentions]
        if len(words) == 1:
            # surname (or single name): the most recently mentioned person it fits, among those
            # still alive on the document's day when the registry knows one has died ("Assad
            # said on Monday" in a story naming a president and his late father is the son)
            fits = [c for c in sorted(people, key=lambda c: c.mentions[-1].start, reverse=True)
                    if any(same_name(words[0], form) for s in [c.name, *c.spellings]
                           for form in names.surname_forms(s))]
            living = [c for c in fits if not self._dead(c)]
            if fits:
                return (living or fits)[0]
            # a first name that only one person has ("Jolene Ward ... Jolene said")
            firsts = [c for c in people if len(c.name.split()) > 1 and
                      same_name(words[0], c.name.split()[0])]
            if len(firsts) == 1:
                return firsts[0]
        for cluster in people:
            if any(same_name(name, s) for s in [cluster.name, *cluster.spellings]):
                return cluster
        cluster = Cluster(kind="person", name=name)
        self.clusters.append(cluster)
        return cluster

    def _dead(self, cluster: Cluster) -> bool:
        """Whether the registry says this person died before the document's day."""
        died = cluster.known.died if cluster.known is not None else None
        return bool(died and self.day and died < self.day)

    def group(self, start: int, end: int, kind: str, country: str | None = None,
              ethnicity: str | None = None) -> Cluster | None:
        raw = self.text[start:end]
        name = clean_name(raw)
        if len(name) < 2 or not any(ch.isalpha() for ch in name):
            return None
        offset = max(raw.find(name), 0)
        start, end = start + offset, start + offset + len(name)
        known = self.registry.match(name)
        if known is not None:
            return self.known(start, end, known)
        cluster = self.acronyms.get(name)
        if cluster is None:
            cluster = next((c for c in self.clusters if c.kind == kind and c.known is None
                            and same_name(c.name, name)), None)
        if cluster is None:
            cluster = Cluster(kind=kind, name=name, country=country, ethnicity=ethnicity)
            self.clusters.append(cluster)
        self.mention(cluster, start, end)
        return cluster

    def at(self, start: int, end: int) -> Cluster | None:
        """The cluster with a mention overlapping [start, end), the longest mention first."""
        best: tuple[int, Cluster] | None = None
        for cluster in self.clusters:
            for m in cluster.mentions:
                if m.start < end and start < m.end and (best is None or
                                                        m.end - m.start > best[0]):
                    best = (m.end - m.start, cluster)
        return best[1] if best else None
