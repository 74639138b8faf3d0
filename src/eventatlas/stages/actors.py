"""actors: entity mentions → Actors with aliases, kind, roles, country; aliases merged in a document.

Order of trust: the actor registry (exact alias, then transliteration variant), then spaCy's
PERSON / ORG / NORP entities and "<demonym> <force noun>" phrases. A surname alone joins the
most recently named person with that surname, so a father and son who share it stay apart.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventatlas.model import Actor, Analysis, Annotation, Mention, stable_id
from eventatlas.stages.actor_registry import ActorRegistry, KnownActor
from eventatlas.stages.actor_roles import roles_before, relation_after
from eventatlas.stages.name_keys import fold, same_name, skeleton

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "ORG", "NORP"}
PLACE_FEATURES = {"country", "admin1", "admin2", "city", "region"}
MAX_ACTORS = 500  # a list of thousands of names must not become thousands of actors per token


@dataclass
class Cluster:
    """Mentions believed to name one actor."""

    kind: str
    name: str
    known: KnownActor | None = None
    country: str | None = None
    spellings: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.text not in self.spellings:
            self.spellings.append(mention.text)

    @property
    def key(self) -> str:
        if self.known is not None:
            return stable_id("actor", "registry", self.known.key)
        return stable_id("actor", self.kind, skeleton(self.name))


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"(?:'s|’s|'|’)$", "", text)
    text = re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:-–—\"“”'‘’")
    return re.sub(r"\s+(?:of|and|the|in|at)$", "", text).strip(" ,.;:-–—\"“”'‘’")


def _strip_titles(name: str, registry: ActorRegistry) -> tuple[str, list[str]]:
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


def _kind_of_org(name: str, registry: ActorRegistry) -> str:
    words = set(fold(name).split())
    if words & registry.words.media_words:
        return "media"
    if words & registry.words.armed_group_words:
        return "armed_group"
    if words & registry.words.political_words:
        return "political"
    return "organization"


class _Builder:
    def __init__(self, text: str, registry: ActorRegistry, day: str | None) -> None:
        self.text = text
        self.registry = registry
        self.day = day
        self.clusters: list[Cluster] = []
        self.by_known: dict[str, Cluster] = {}
        self.taken: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.taken)

    def known(self, start: int, end: int, actor: KnownActor) -> None:
        cluster = self.by_known.get(actor.key)
        if cluster is None:
            cluster = Cluster(kind=actor.kind, name=actor.name, known=actor, country=actor.country)
            self.by_known[actor.key] = cluster
            self.clusters.append(cluster)
        cluster.add(Mention(start=start, end=end, text=self.text[start:end]))
        self.taken.append((start, end))

    def person(self, start: int, end: int) -> None:
        raw = self.text[start:end]
        name, titles = _strip_titles(_clean_name(raw), self.registry)
        if not name or not any(ch.isalpha() for ch in name):
            return
        offset = raw.find(name)
        start, end = (start + offset, start + offset + len(name)) if offset >= 0 else (start, end)
        known = self.registry.match(name)
        if known is not None and known.kind == "person":
            self.known(start, end, known)
            cluster = self.by_known[known.key]
        else:
            cluster = self._person_cluster(name)
            cluster.add(Mention(start=start, end=end, text=self.text[start:end]))
            self.taken.append((start, end))
        cluster.roles.extend(t for t in titles if t not in cluster.roles)

    def surname_of(self, word: str) -> bool:
        """Whether a one-word name is the surname of a person already named."""
        word = _clean_name(word)
        return any(c.kind == "person" and len(c.name.split()) > 1 and
                   same_name(word, c.name.split()[-1]) for c in self.clusters)

    def _person_cluster(self, name: str) -> Cluster:
        words = name.split()
        people = [c for c in self.clusters if c.kind == "person"]
        if len(words) == 1:
            # surname (or single name): the most recently mentioned person it fits
            for cluster in sorted(people, key=lambda c: c.mentions[-1].start, reverse=True):
                if any(same_name(words[0], s.split()[-1]) for s in [cluster.name,
                                                                     *cluster.spellings]):
                    return cluster
        for cluster in people:
            if any(same_name(name, s) for s in [cluster.name, *cluster.spellings]):
                return cluster
        cluster = Cluster(kind="person", name=name)
        self.clusters.append(cluster)
        return cluster

    def group(self, start: int, end: int, kind: str, country: str | None = None) -> None:
        raw = self.text[start:end]
        name = _clean_name(raw)
        if len(name) < 2 or not any(ch.isalpha() for ch in name):
            return
        offset = raw.find(name)
        start, end = start + max(offset, 0), start + max(offset, 0) + len(name)
        known = self.registry.match(name)
        if known is not None:
            self.known(start, end, known)
            return
        for cluster in self.clusters:
            if cluster.kind == kind and same_name(cluster.name, name):
                break
        else:
            cluster = Cluster(kind=kind, name=name, country=country)
            self.clusters.append(cluster)
        cluster.add(Mention(start=start, end=end, text=self.text[start:end]))
        self.taken.append((start, end))


def _force_phrases(ann: Annotation, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """"Afghan soldiers", "Pakistani forces": a NORP/GPE token followed by a force noun."""
    out = []
    tokens = ann.tokens
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if tok.ent_type in {"NORP", "GPE"} and nxt.text.lower() in words and nxt.sent == tok.sent:
            first = i
            while first > 0 and tokens[first - 1].ent_type == tok.ent_type and \
                    tokens[first - 1].ent_iob != "O" and tok.ent_iob != "B":
                first -= 1
            out.append((tokens[first].start, nxt.end, tok.text))
    return out


def find_actors(item: Analysis, ctx: StageContext) -> Analysis:
    """Find the actors of one annotated document."""
    if item.annotation is None:
        raise ValueError("actors needs an annotated document (run annotate first)")
    text = item.document.text
    registry = ctx.services.actor_registry
    builder = _Builder(text, registry, item.document.published.value)
    for start, end, key in registry.scan(text):
        if not builder.overlaps(start, end):
            builder.known(start, end, registry.actors[key])
    for start, end, demonym in _force_phrases(item.annotation, registry.words.force_nouns):
        if not builder.overlaps(start, end):
            country = _country_of(demonym, ctx)
            # "Pakistani troops" are a state's forces; "Uzbek fighters" (a people) are not
            builder.group(start, end, "state_forces" if country else "armed_group", country)
    for ent in item.annotation.entities:
        if ent.label not in ENTITY_LABELS or builder.overlaps(ent.start, ent.end):
            continue
        if len(builder.clusters) >= MAX_ACTORS:
            log.warning("%s: more than %d actors; the rest are ignored",
                        item.document.source, MAX_ACTORS)
            break
        if _is_modifier(item.annotation, ent.first_token, ent.last_token) or \
                _is_place(ent.text, ctx):
            continue
        if ent.last_token - ent.first_token == 1 and \
                item.annotation.tokens[ent.first_token].tag in {"NNPS", "NNS"}:
            builder.group(ent.start, ent.end, "other")  # "the Tajiks": a people, not a person
        elif ent.label == "PERSON" or (ent.last_token - ent.first_token == 1
                                       and builder.surname_of(ent.text)):
            builder.person(ent.start, ent.end)
        elif ent.label == "ORG":
            builder.group(ent.start, ent.end, _kind_of_org(ent.text, registry))
        elif _is_group_noun(item.annotation, ent.first_token, ent.last_token):
            builder.group(ent.start, ent.end, "other")
    actors = _finish(builder, item)
    return item.model_copy(update={"actors": actors})


def _is_modifier(ann: Annotation, first: int, last: int) -> bool:
    """An entity that only modifies a word outside it ("Defense" in "Defense Minister")."""
    inside = range(first, last)
    heads = [t for t in ann.tokens[first:last] if t.head not in inside or t.head == t.i]
    return len(heads) == 1 and heads[0].dep in {"compound", "amod"} and \
        heads[0].head not in inside and ann.tokens[heads[0].head].pos in {"NOUN", "PROPN"} \
        and ann.tokens[heads[0].head].ent_type == ""


def _is_place(name: str, ctx: StageContext) -> bool:
    """A name the gazetteer knows as a populated place or area (metonymy is left to events)."""
    candidates = ctx.services.gazetteer.lookup(_clean_name(name))
    return any(c.feature in PLACE_FEATURES for c in candidates)


def _is_group_noun(ann: Annotation, first: int, last: int) -> bool:
    """A NORP entity used as a noun ("the Tajiks"), not as an adjective ("Afghan politician")."""
    head = ann.tokens[last - 1]
    return head.pos in {"PROPN", "NOUN"} and head.tag in {"NNPS", "NNS"}


def _country_of(demonym: str, ctx: StageContext) -> str | None:
    """ISO code of the country a demonym or country name names ("Afghan" → "AF")."""
    countries = [c for c in ctx.services.gazetteer.lookup(demonym) if c.feature == "country"]
    return countries[0].country if countries else None


def _finish(builder: _Builder, item: Analysis) -> tuple[Actor, ...]:
    text = item.document.text
    clusters = [c for c in builder.clusters if c.mentions]
    for cluster in clusters:
        for mention in cluster.mentions:
            for role in roles_before(text, mention.start, builder.registry.words.titles):
                if role not in cluster.roles:
                    cluster.roles.append(role)
        if cluster.known is not None:
            for role in cluster.known.roles:
                label = role.label()
                if role.valid_on(builder.day) and label not in cluster.roles:
                    cluster.roles.append(label)
    spans = {id(c): [(m.start, m.end) for m in c.mentions] for c in clusters}
    for cluster in clusters:
        for mention in cluster.mentions:
            rel = relation_after(text, mention.end, [(c.name, spans[id(c)]) for c in clusters])
            if rel and rel not in cluster.roles:
                cluster.roles.append(rel)
    actors = []
    for cluster in sorted(clusters, key=lambda c: min(m.start for m in c.mentions)):
        mentions = tuple(sorted(cluster.mentions, key=lambda m: m.start))
        aliases = tuple(s for s in dict.fromkeys(_clean_name(m.text) for m in mentions)
                        if fold(s) != fold(cluster.name))
        actors.append(Actor(id=cluster.key, name=cluster.name, aliases=aliases, kind=cluster.kind,
                            roles=tuple(cluster.roles), country=cluster.country,
                            mentions=mentions))
    return tuple(actors)
