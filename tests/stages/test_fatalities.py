"""Casualty counts: single victims told without a number, a killing's manner, deaths told in a
later sentence, and a shooting's one victim counted as hurt. Sentences are our own."""

from __future__ import annotations

import pytest
from tests.stages.test_events import Context, code

from eventatlas.model import Analysis, Event
from eventatlas.stages.event_main import violent

pytestmark = pytest.mark.slow


def _news(item: Analysis) -> list[Event]:
    return [e for e in item.events if violent(e) and not e.historical]


def _toll(item: Analysis) -> tuple[int, int]:
    events = _news(item)
    return (max((e.fatalities or 0 for e in events), default=0),
            max((e.injured or 0 for e in events), default=0))


def test_fatally_shot_and_shot_to_death_kill_one(context: Context) -> None:
    assert _toll(code(context, "A young farmer was fatally shot near the market on Sunday."))[0] == 1
    assert _toll(code(context, "A shopkeeper was shot to death outside his store on Monday."))[0] == 1


def test_pronounced_dead_in_a_later_sentence_counts_for_the_incident(context: Context) -> None:
    item = code(context, "Gunmen attacked a bakery in the town on Friday night. "
                         "The owner was pronounced dead at the scene.")
    assert _toll(item) == (1, 0)


def test_died_later_makes_the_shot_victim_dead_not_hurt(context: Context) -> None:
    item = code(context, "A teacher was shot in the chest on Tuesday. "
                         "She died at the hospital hours later.")
    assert _toll(item) == (1, 0)


def test_one_person_shot_and_nothing_more_said_is_hurt(context: Context) -> None:
    assert _toll(code(context, "A taxi driver was shot in the leg on Tuesday night.")) == (0, 1)


def test_shooting_at_a_house_hurts_no_one(context: Context) -> None:
    assert _toll(code(context, "A man shot at the house of his neighbour on Tuesday.")) == (0, 0)


def test_a_stated_number_is_kept(context: Context) -> None:
    item = code(context, "Militants killed three soldiers in an ambush on Monday. "
                         "A fourth soldier died later in hospital.")
    assert _toll(item)[0] == 3


@pytest.mark.parametrize("sentence", [
    "A 15-year-old girl who was shot and killed last week near the park has been named.",
    "A 40-year-old man shot and killed by deputies on Friday was carrying a knife.",
    "Neighbours say the 19-year-old was shot to death by an acquaintance.",
    "A nurse was found shot to death in her car on Saturday.",
    "Officers found the driver shot dead in a parked van.",
])
def test_a_victim_reached_through_the_clause_is_one_dead(context: Context,
                                                          sentence: str) -> None:
    """Relative clauses, reduced relatives, result clauses and an age used as a noun."""
    assert _toll(code(context, sentence))[0] == 1


@pytest.mark.parametrize("sentence", [
    "Marcus Dell, 33, is charged with killing a clerk in the robbery.",
    "Nearly 14 months after the killing, the family still has no answers.",
    "The gunman fired nine times and killed a guard.",
    "Police say the man shot and killed 52-year-old Anna Ruiz at her home.",
])
def test_ages_and_measures_are_not_head_counts(context: Context, sentence: str) -> None:
    assert _toll(code(context, sentence))[0] in (0, 1)


def test_thousands_separators_are_still_numbers(context: Context) -> None:
    assert _toll(code(context, "The earthquake and the fighting killed 1,250 people."))[0] == 1250
