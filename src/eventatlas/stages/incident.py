"""The article's main incident: what a violent event's own sentence leaves out.

A local story tells one incident across sentences: the headline says "Man shot outside bar",
the lead says when ("early Sunday") and the dateline where ("SPRINGFIELD, Ill. —"). So, for
violent events told as news:

- an event whose sentence gave no date (it defaulted to the week before publication) takes the
  date of the first violent event that has a day-precise one, else the day the lead names;
- an event whose sentence names no place, or only a region around the town the story is about
  (a state, a county, a country), takes that town: the dateline's place, else the town the text
  names most. Read from the document rather than the sentence, it gets geo-precision 2;
- an event placed only by the nearest name (no locative phrase of its trigger), or by a name in
  the headline or page chrome before the dateline, takes the dateline's town; one placed in a
  part of a town ("the X section of Y", "Y's X neighborhood") takes that town.

Example: ``settle_incident(item, events, date(2016, 1, 5))`` → the events, completed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from eventatlas.model import Analysis, DateInterval, Event, Place
from eventatlas.stages.dateline import dateline_span
from eventatlas.stages.event_main import trigger_token, violent
from eventatlas.stages.event_place import containing_town, part_of_town, place_span
from eventatlas.stages.event_roles import MentionIndex, Tree
from eventatlas.stages.event_time import event_timing
from eventatlas.stages.fatalities import WOUNDING, single_victim, toll_elsewhere
from eventatlas.stages.lexicon import Lexicon

REGIONS = frozenset({"admin1", "admin2", "country", "region"})
LEAD_SENTENCES = 4  # headline and lead
DOCUMENT_PRECISION = 2  # the place is the story's, not the sentence's


def settle_incident(item: Analysis, events: list[Event], ref: date | None,
                    tree: Tree | None = None, lexicon: Lexicon | None = None) -> list[Event]:
    """``events`` with missing dates, places and casualties taken from the article's main
    incident."""
    news = [e for e in events if violent(e) and not e.historical]
    when = next((e.date for e in news if e.date.precision == "day"), None) or \
        lead_day(item, ref)
    town = story_town(item)
    head = dateline_span(item.document.text)
    filed = filed_from(item, head)
    better = _story_places(item, news, head, filed, tree, lexicon) \
        if tree is not None and lexicon else {}
    toll = _toll(item, events, news, tree, lexicon) if tree is not None and lexicon else {}
    current = {id(e) for e in news}  # (not ``ev in news``: comparing models field by field)
    out = []
    for ev in events:
        update: dict[str, object] = dict(toll.get(ev.id, {}))
        if id(ev) in current and when is not None and defaulted(ev.date, ref):
            update["date"] = when
        if id(ev) in current and town is not None and _coarser(ev.place, town, item):
            update.update(place=town.id, geo_precision=DOCUMENT_PRECISION)
        elif better.get(ev.id, ev.place) != ev.place:
            update.update(place=better[ev.id], geo_precision=DOCUMENT_PRECISION)
        out.append(ev.model_copy(update=update) if update else ev)
    return out


def _story_places(item: Analysis, news: list[Event], head: tuple[int, int] | None,
                  filed: Place | None, tree: Tree, lexicon: Lexicon) -> dict[str, str]:
    """Better places for events, by id, where the story says more than the event's sentence.

    An event whose place no locative phrase of its trigger gives ("Tyler, Texas | ETX News …
    shooting" took the nearest name), or only one in the headline, page chrome or the dateline
    itself (a glued parse), takes the dateline's town. One placed in a part of a town takes the
    town the phrase names wherever the text names that part ("in Philadelphia's Kensington
    section", "the Mott Haven section of the Bronx"), else the dateline's, else the other town
    the story names most ("Dayton police ... in the city's Oakwood section").
    """
    text = item.document.text
    index = MentionIndex.of_places(item.places)
    features = {p.id: p.feature for p in item.places}
    out: dict[str, str] = {}
    for ev in news:
        tok = trigger_token(item, ev) if ev.place is not None else None
        trig = next(iter(lexicon.triggers.get(tok.lemma.lower(), ())), None) if tok else None
        if tok is None or trig is None:
            continue
        span, _ = place_span(tree, index, tok, trig, text, features, nearest=False)
        named = [s for s in index.spans if s.ref == ev.place]  # the place wherever named
        town = next((t for s in named if (t := containing_town(text, s, index, features))), None)
        if town is not None:
            out[ev.id] = town.ref
        elif filed is not None and (span is None or (head is not None and span.start < head[1])
                                    or any(part_of_town(text, s) for s in named)):
            out[ev.id] = filed.id
        elif filed is None and any(part_of_town(text, s) for s in named):
            other = _other_town(item, ev.place)
            if other is not None:
                out[ev.id] = other.id
    return out


def _other_town(item: Analysis, part: str | None) -> Place | None:
    """The town the story names most (first on ties), other than the part of a town ``part``
    that a gazetteer may know as a namesake town elsewhere."""
    towns = [p for p in item.places if p.feature == "city" and p.id != part]
    return max(towns, key=lambda p: len(p.mentions), default=None)


def _toll(item: Analysis, events: list[Event], news: list[Event], tree: Tree,
          lexicon: Lexicon) -> dict[str, dict[str, object]]:
    """Casualties of the main incident that its own sentence leaves out, for its first violent
    event: deaths and injuries told in sentences without an event ("he died at the hospital"),
    and, when no one is said to have died or been hurt, the one person it shot or stabbed."""
    if not news:
        return {}
    starts = {s.start: k for k, s in enumerate(tree.ann.sentences)}
    told = {starts[e.evidence[0].start] for e in events
            if e.evidence and e.evidence[0].start in starts}
    dead, hurt = toll_elsewhere(tree, item.document.text, lexicon, told)
    update: dict[str, object] = {}
    if dead and not any(e.fatalities for e in news):
        update["fatalities"] = dead
    if hurt and not any(e.injured for e in news):
        update["injured"] = hurt
    if update or any(e.fatalities or e.injured for e in news):
        return {news[0].id: update} if update else {}
    for ev in news:
        k = starts.get(ev.evidence[0].start) if ev.evidence else None
        if k is not None and single_victim(tree, k, WOUNDING, aimed=False):
            return {ev.id: {"injured": 1}}
    return {}


def lead_day(item: Analysis, ref: date | None) -> DateInterval | None:
    """The first day the opening sentences name ("early Sunday", "last night"), if any."""
    ann = item.annotation
    if ann is None or ref is None:
        return None
    for sent in ann.sentences[:LEAD_SENTENCES]:
        timing = event_timing(ann, sent, item.document.text, sent.start, ref)
        if timing.explicit and timing.recent and timing.date.precision == "day":
            return timing.date
    return None


def defaulted(interval: DateInterval, ref: date | None) -> bool:
    """Whether a date is the events stage's default: unknown, or the week up to publication."""
    if interval.precision == "unknown":
        return True
    return ref is not None and interval.precision == "week" and \
        interval.end == ref.isoformat() and interval.start == (ref - timedelta(days=6)).isoformat()


def story_town(item: Analysis) -> Place | None:
    """The town the story is about: its dateline's place, else the town named most often."""
    head = dateline_span(item.document.text)
    if head is not None:
        return filed_from(item, head)
    towns = [p for p in item.places if p.feature == "city"]
    counts = Counter({p.id: len(p.mentions) for p in towns})
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    return next(p for p in towns if p.id == best) if n > 1 or len(towns) == 1 else None


def filed_from(item: Analysis, head: tuple[int, int] | None) -> Place | None:
    """The town or county the dateline at ``head`` names, when the places stage resolved it.

    Of the places the text names, the one whose name (or a mention of it) ends it longest: "WCIVHOLLY HILL" is Holly
    Hill (named in the headline), not a place called Hill the recogniser found in it.
    """
    if head is None:
        return None
    line = item.document.text[head[0]:head[1]].casefold()
    named = [(len(name), place) for place in item.places
             for name in (place.name, *(m.text for m in place.mentions))
             if line.endswith(name.casefold())]
    if not named:
        return None
    place = max(named, key=lambda pair: pair[0])[1]
    return place if place.feature in {"city", "admin2"} else None


def _coarser(place_id: str | None, town: Place, item: Analysis) -> bool:
    """No place, or a region that contains ``town``."""
    if place_id is None:
        return True
    place = next((p for p in item.places if p.id == place_id), None)
    if place is None or place.feature not in REGIONS or place.id == town.id:
        return False
    if place.country != town.country:
        return False
    return place.feature in {"country", "region"} or place.admin1 == town.admin1
