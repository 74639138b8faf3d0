"""actors: entity mentions → Actors with aliases, kind, roles, country, affiliations.

Order of trust: the actor registry (exact alias, then transliteration variant), then
descriptive phrases ("Pakistani troops", "Hungarian officials", "the Tajiks", a country acting),
then spaCy's PERSON / ORG / NORP entities. Then what needs the actors found so far: acronyms
defined in the text, "forces loyal to X" (an armed group commanded by X), "anti-X fighters",
title-only references ("the caretaker President"). A surname alone joins the most recently
named person with that surname, so a father and son who share it stay apart. The document's
own outlet and byline author are not actors of its news.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from typing import TYPE_CHECKING

from eventatlas.errors import NotAnnotated
from eventatlas.model import Actor, Affiliation, Analysis, Annotation, EntitySpan, Mention
from eventatlas.stages import actor_nationals as nationals
from eventatlas.stages import actor_person_names as names
from eventatlas.stages import actor_phrases as phrases
from eventatlas.stages.actor_builder import Builder, Cluster, clean_name, kind_of_org
from eventatlas.stages.actor_countries import Countries
from eventatlas.stages.actor_refs import (
    apply_acronyms,
    country_near,
    employers,
    ethnicity_of,
    resolve_titles,
)
from eventatlas.stages.actor_roles import collect_roles
from eventatlas.stages.actor_unnamed import unnamed_attackers
from eventatlas.stages.lexicon import find_cues
from eventatlas.stages.name_keys import fold

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "ORG", "NORP"}


def find_actors(item: Analysis, ctx: StageContext) -> Analysis:
    """Find the actors of one annotated document."""
    if item.annotation is None:
        raise NotAnnotated(item.document.source, "run annotate first", stage="actors")
    ann, text = item.annotation, item.document.text
    registry = ctx.services.actor_registry
    builder = Builder(text, registry, item.document.published.value)
    countries = Countries(ctx)
    hits = registry.scan(text)
    titles = frozenset(fold(t) for t in registry.words.titles)
    shared = names.shared_surnames(
        text, [h for h in hits if registry.actors[h[2]].kind == "person"], titles)
    for start, end, key in hits:
        if not builder.overlaps(start, end) and text[start:end] not in shared:
            builder.known(start, end, registry.actors[key])
    located = {i: countries.place_country(place)
               for i, place in nationals.people_places(ann).items()}
    _descriptive(builder, ann, countries, located)
    _entities(builder, ann, countries, item.document.source, located)
    builder.rescan_people()
    _police(builder, ann, countries)
    unnamed_attackers(builder, ann, countries)
    apply_acronyms(text, builder)
    _affiliations(builder, text)
    actors = _finish(builder, item, countries)
    return item.model_copy(update={"actors": actors})


def _descriptive(builder: Builder, ann: Annotation, countries: Countries,
                 located: dict[int, str | None]) -> None:
    """Actors named by a description; ``located``: a people's noun → the country of the
    place its own phrase names ("the Kurds of northern Ruritania")."""
    words = builder.registry.words
    starts = [t.start for t in ann.tokens]
    for span in phrases.peoples(ann, words):
        if not builder.overlaps(span.start, span.end):
            people, _, demonym = span.label.partition("|")
            country = located.get(bisect_left(starts, span.end) - 1) or (
                countries(demonym) if demonym else None)
            kind = "armed_group" if builder.text[span.start : span.end].split()[-1].lower() in \
                words.group_heads | words.force_nouns else "other"
            builder.fixed((kind, "people", people, country or ""), kind, span.start, span.end,
                          country).ethnicity = people
    nouns = words.force_nouns | words.official_nouns | words.rebel_nouns
    for span in phrases.country_phrases(ann, nouns, words.title_nouns, countries):
        if builder.overlaps(span.start, span.end) or " ".join(
                builder.text[span.start : span.end].lower().split()[-2:]) in words.not_forces:
            continue
        # a capital's own officials or forces are its state's ("Nairobi's police")
        country = countries(span.label) or countries.capital(span.label)
        noun = span.noun
        if country is None or noun in words.rebel_nouns:
            # "Uzbek fighters" (a people), "Ugandan rebels": armed groups, no state's forces
            builder.group(span.start, span.end, "armed_group", country)
        elif noun in words.official_nouns or noun in words.title_nouns:
            branch = words.branches.get(noun, "")
            builder.fixed(("state", country, branch) if branch else ("state", country),
                          "state", span.start, span.end, country)
        else:
            builder.fixed(("state_forces", country), "state_forces", span.start, span.end,
                          country)
    for span in phrases.country_phrases(ann, words.collectives, frozenset(), countries):
        # "Swiss doctors", "Palestinian prisoners": a country's people, not its state
        country = countries(span.label)
        if country is not None and not builder.overlaps(span.start, span.end):
            builder.group(span.start, span.end, "other", country)
    known = words.collectives | words.group_heads | words.rebel_nouns | words.official_nouns
    for span in nationals.demonym_groups(ann, countries, known, words.not_human_nouns):
        # "Ruritanian landowners began a strike": a country's people acting
        if not builder.overlaps(span.start, span.end):
            builder.group(span.start, span.end, "other", countries(span.label))
    for span in phrases.located_groups(ann, words.rebel_nouns | words.collectives):
        country = countries(span.label) or countries.capital(span.label)
        if country is not None and not builder.overlaps(span.start, span.end):
            builder.group(span.start, span.start + len(span.noun), "armed_group" if span.noun
                          in words.rebel_nouns else "other", country)
    nationals.states_acting(builder, ann, countries)


def _entities(builder: Builder, ann: Annotation, countries: Countries, source: str,
              located: dict[int, str | None]) -> None:
    for ent in ann.entities:
        if ent.label not in ENTITY_LABELS or builder.overlaps(ent.start, ent.end):
            continue
        if builder.full:
            log.warning("%s: more than %d actors; the rest are ignored", source, len(
                builder.clusters))
            return
        titled = nationals.titled(ann, ent.first_token, builder.registry.words.titles)
        if _is_modifier(ann, ent.first_token, ent.last_token) or (
                countries.is_place(ent.text) and not titled):
            continue
        single = ent.last_token - ent.first_token == 1
        first, last = ann.tokens[ent.first_token], ann.tokens[ent.last_token - 1]
        if single and first.tag in {"NNPS", "NNS"}:
            # "the Palestinians", "the Tajiks": a people, not a person; in a country when
            # their phrase says so ("the Kurds of northern Ruritania"), or "ethnic" does
            own = countries(ent.text)
            builder.group(ent.start, ent.end, "other", located.get(ent.first_token) or
                          countries.minority_home(ann, ent.first_token, own) or own)
        elif not single and last.tag in {"NNPS", "NNS"} and countries(first.text):
            # "Bosnian Serbs": a people of a country, whatever the tagger called it
            builder.group(ent.start, ent.end, "other", countries(first.text))
        elif ent.label == "PERSON" or (single and builder.surname_of(ent.text)):
            builder.person(ent.start, ent.end)
        elif ent.label == "ORG":
            kind = kind_of_org(ent.text, builder.registry)
            builder.group(ent.start, ent.end, kind, _org_country(ann, ent, countries) or (
                _doc_country(builder, ann, countries) if kind == "state_forces" else None))
        elif _is_group_noun(ann, ent.first_token, ent.last_token):
            builder.group(ent.start, ent.end, "other", countries(ent.text))


def _org_country(ann: Annotation, ent: EntitySpan, countries: Countries) -> str | None:
    """The country an organisation's name gives: a leading demonym, country or capital
    ("Latvian Constitutional Court", "Baghdad University"), or a possessive before it
    ("Ruritania's Supreme Court")."""
    i = ent.first_token + (ann.tokens[ent.first_token].pos == "DET")
    first = ann.tokens[i].text if i < ent.last_token else ""
    country = countries(first) or countries.capital(first) if first[:1].isupper() else None
    if country is None and i >= 2 and ann.tokens[i - 1].text in {"'s", "’s"}:
        owner = ann.tokens[i - 2]
        if owner.ent_type == "GPE":
            country = countries(_entity_text(ann, owner.i)) or countries.capital(owner.text)
    return country


def _entity_text(ann: Annotation, i: int) -> str:
    return next((e.text for e in ann.entities if e.first_token <= i < e.last_token),
                ann.tokens[i].text)


def _police(builder: Builder, ann: Annotation, countries: Countries) -> None:
    """Generic "police" → the police (state forces) of the document's main country."""
    nouns = builder.registry.words.police_nouns
    if not nouns:
        return
    for start, noun in find_cues(nouns, builder.text):
        end = start + len(noun)
        if builder.overlaps(start, end) or builder.full:
            continue
        country = _doc_country(builder, ann, countries)
        builder.fixed(("state_forces", "police", country or ""), "state_forces", start, end,
                      country, name="police")


def _doc_country(builder: Builder, ann: Annotation, countries: Countries) -> str | None:
    if builder.country is None:
        builder.country = countries.main_country(ann) or ""
    return builder.country or None


def _affiliations(builder: Builder, text: str) -> None:
    words = builder.registry.words
    for start, end, noun, rtype, target in phrases.affiliation_phrases(text, builder, words):
        head = builder.at(start, start + len(noun))
        evidence = Mention(start=start, end=end, text=text[start:end])
        if head is not None and head is not target and head.kind != "person":
            head.affiliate(rtype, target, evidence)
            continue
        if head is not None:
            continue
        kind = phrases.following_kind(noun)
        label = "supporters" if kind == "other" else "forces"
        link = {"command": "loyal to", "support": "backed by", "alliance": "allied with",
                "membership": "linked to"}[rtype]
        key = (kind, label, rtype, target.key)
        cluster = builder.by_fixed.get(key)
        if cluster is None:
            cluster = Cluster(kind=kind, name=f"{label} {link} {target.name}",
                              country=target.country, fixed_key=key, descriptive=True)
            builder.by_fixed[key] = cluster
            builder.clusters.append(cluster)
        cluster.add(evidence)
        builder.taken.append((start, end))
        cluster.affiliate(rtype, target, evidence)
    for start, end, opposed, noun in phrases.anti_phrases(text):
        foe = next((c for c in builder.clusters if c.mentions and c.kind != "person" and (
            fold(opposed) in (fold(c.name), fold(c.name).split()[-1]) or (
                c.known and builder.registry.match(opposed) is c.known))), None)
        anti = builder.at(start, end) or builder.group(
            start, end, "other" if noun in {"protesters", "demonstrators", "activists"}
            else "armed_group")
        if anti is not None and foe is not None:
            anti.affiliate("opposition", foe, Mention(start=start, end=end, text=text[start:end]))


def _is_modifier(ann: Annotation, first: int, last: int) -> bool:
    """An entity that only modifies a word outside it ("Defense" in "Defense Minister")."""
    inside = range(first, last)
    heads = [t for t in ann.tokens[first:last] if t.head not in inside or t.head == t.i]
    return len(heads) == 1 and heads[0].dep in {"compound", "amod"} and \
        heads[0].head not in inside and ann.tokens[heads[0].head].pos in {"NOUN", "PROPN"} \
        and ann.tokens[heads[0].head].ent_type == ""


def _is_group_noun(ann: Annotation, first: int, last: int) -> bool:
    """A NORP entity used as a noun ("the Tajiks"), not as an adjective ("Afghan politician")."""
    head = ann.tokens[last - 1]
    return head.pos in {"PROPN", "NOUN"} and head.tag in {"NNPS", "NNS"}


def _is_chrome(cluster: Cluster, item: Analysis) -> bool:
    """The document's own outlet or byline author, named again in the body."""
    own = {fold(x) for x in (item.document.site, item.document.author) if x}
    return bool(own) and cluster.known is None and any(
        fold(s) in own for s in [cluster.name, *cluster.spellings])


def _finish(builder: Builder, item: Analysis, countries: Countries) -> tuple[Actor, ...]:
    assert item.annotation is not None
    clusters = [c for c in builder.clusters if c.mentions and not _is_chrome(c, item)
                and not (c.kind == "person" and c.known is None and all(
                    names.credit(builder.text, m.start, m.end) for m in c.mentions))]
    collect_roles(builder, clusters)
    resolve_titles(builder.text, builder)
    starts = [t.start for t in item.annotation.tokens]
    peoples = builder.registry.words.peoples
    title_words = frozenset(w for t in builder.registry.words.titles for w in t.split())
    employers(builder.text, builder, frozenset(fold(w) for w in title_words))
    for cluster in clusters:
        if cluster.kind == "person":
            cluster.ethnicity = cluster.ethnicity or ethnicity_of(cluster, peoples)
            for m in cluster.mentions:
                if cluster.country is not None:
                    break
                cluster.country = country_near(item.annotation, starts, m.start, m.end,
                                               countries, title_words)
            cluster.country = cluster.country or countries.named_with(
                item.annotation, starts, cluster.mentions)
    for cluster in clusters:
        if cluster.country is not None or cluster.known is not None:
            continue
        if cluster.descriptive:  # "supporters of X" take X's country, known only now for X
            cluster.country = next((t.country for _, t, _ in cluster.affiliations
                                    if t.country), None)
        elif cluster.kind == "armed_group":  # a rebel group is coded to where it fights
            cluster.country = countries.named_with(item.annotation, starts, cluster.mentions)
    ids = {id(c): c.key for c in clusters}
    actors = []
    for cluster in sorted(clusters, key=lambda c: min(m.start for m in c.mentions)):
        mentions = tuple(sorted(cluster.mentions, key=lambda m: m.start))
        aliases = tuple(s for s in dict.fromkeys(clean_name(m.text) for m in mentions)
                        if fold(s) != fold(cluster.name))
        affiliations = tuple(Affiliation(type=r, target=ids[id(t)], evidence=e)
                             for r, t, e in cluster.affiliations if id(t) in ids)
        actors.append(Actor(id=cluster.key, name=cluster.name, aliases=aliases, kind=cluster.kind,
                            roles=tuple(cluster.roles), country=cluster.country,
                            mentions=mentions, affiliations=affiliations,
                            ethnicity=cluster.ethnicity))
    return tuple(actors)
