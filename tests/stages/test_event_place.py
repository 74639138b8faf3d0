"""Where an event happened: the place the parse attaches to its trigger.

Sentences are our own; each test checks a behaviour that breaks if its rule does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.model import Analysis, Event
from eventatlas.pipeline import StageContext
from eventatlas.stages.event_place import containing_town, part_of_town
from eventatlas.stages.event_roles import MentionIndex, Span
from eventatlas.stages.places import find_places

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def place_of(item: Analysis, trigger: str) -> str | None:
    ev: Event = next(e for e in item.events if e.trigger == trigger)
    return next((p.name for p in item.places if p.id == ev.place), None)


def test_a_nationality_modifying_the_victims_is_not_the_place(context: Context) -> None:
    item = code(context, "At least four Syrian soldiers were killed on Monday.")
    assert place_of(item, "killed") is None


def test_the_place_in_a_phrase_of_the_victim_counts(context: Context) -> None:
    item = code(context, "Gunmen killed a village elder in Kandahar on Sunday night.")
    assert (place_of(item, "killed") or "").startswith("Kandah")


def test_the_place_the_phrase_is_about_beats_a_possessor(context: Context) -> None:
    item = code(context, "Militants attacked a checkpoint in Pakistan's Peshawar district "
                         "on Friday.")
    assert (place_of(item, "attacked") or "").startswith("Peshawar")


def test_a_town_naming_the_building_is_kept_and_the_americans_are_not_a_place(
        context: Context) -> None:
    item = code(context, "A banker was shot dead outside his Kabul office on Sunday.")
    assert (place_of(item, "shot") or "").startswith("Kabul")
    item = code(context, "The Americans bombed the bridge on Sunday.")
    assert place_of(item, "bombed") is None


def test_one_word_name_the_ner_calls_an_organisation_is_a_place_in_place_context(
        context: Context) -> None:
    from tests.stages.test_places import analysis

    ctx = context("places")
    said = "Police patrolled the streets in Kandahar. Kandahar said it would talk."
    out = find_places(analysis(said, {"Kandahar": "ORG"}), ctx)
    (place,) = out.places
    assert place.country == "AF" and [m.start for m in place.mentions] == [said.index("Kandahar")]
    town = "Rockets fell on the town of Herat."
    out = find_places(analysis(town, {"Herat": "ORG"}), ctx)
    assert [m.start for p in out.places for m in p.mentions] == [town.index("Herat")]
    assert not find_places(analysis("A letter from Kandahar came.", {"Kandahar": "ORG"}),
                           ctx).places


def test_a_part_of_a_town_is_placed_in_the_town_its_phrase_names(context: Context) -> None:
    item = code(context, "A grocer was shot on Tuesday in Philadelphia's Germantown section, "
                         "police said.")
    assert place_of(item, "shot") == "Philadelphia"
    item = code(context, "A grocer was shot on Tuesday in the Germantown section of Philadelphia.")
    assert place_of(item, "shot") == "Philadelphia"


def test_a_headline_place_before_the_dateline_yields_to_the_dateline_town(
        context: Context) -> None:
    item = code(context, "Two wounded in Glenview shooting | Evening NewsCHICAGO (AP) — Two men "
                         "were wounded on Sunday night, police said.")
    first = next(e for e in item.events if e.place is not None)
    assert next(p.name for p in item.places if p.id == first.place) == "Chicago"


def test_part_of_town_and_its_containing_town_are_read_from_the_text() -> None:
    text = "shot in Fairview's Oakdale section and in the Elm section of Fairview"
    owner, part = Span(8, 16, "city:f"), Span(19, 26, "n:o")
    index = MentionIndex([owner, part, Span(46, 49, "n:e"), Span(61, 69, "city:f")])
    features = {"city:f": "city", "n:o": "city", "n:e": "city"}
    assert part_of_town(text, part) and not part_of_town(text, owner)
    assert containing_town(text, part, index, features) == owner
    assert containing_town(text, Span(46, 49, "n:e"), index, features) == Span(61, 69, "city:f")
    assert containing_town(text, owner, index, features) is None


def test_a_part_of_a_town_the_city_owns_takes_the_town_the_story_names(context: Context) -> None:
    item = code(context, "Philadelphia police said a grocer was shot on Tuesday in the city's "
                         "Germantown section.")
    assert place_of(item, "shot") == "Philadelphia"


def test_a_named_street_gives_way_to_the_town(context: Context) -> None:
    item = code(context, "A grocer was shot on Tuesday on Kenosha Avenue in Racine, police said.")
    assert place_of(item, "shot") == "Racine"
