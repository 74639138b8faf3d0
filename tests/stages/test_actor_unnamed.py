"""actors: a weapon acting alone ("a roadside bomb killed ...") is an unidentified armed group
of the country where the sentence places it — not of its victims' nationality, and not when a
modifier names who fired it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import actors, code

from eventatlas.model import Analysis
from eventatlas.pipeline import StageContext
from eventatlas.stages.actor_unnamed import NAME
from eventatlas.stages.event_main import main_event

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def unnamed(item: Analysis) -> list[tuple[str, str | None]]:
    return [(a.kind, a.country) for a in item.actors if a.name == NAME]


def test_a_bomb_as_subject_is_an_unidentified_group_where_it_went_off(context: Context) -> None:
    item = code(context, "A roadside bomb killed two Turkish soldiers in the Iraqi city of "
                         "Mosul on Sunday.")
    assert unnamed(item) == [("armed_group", "IQ")]
    ev = main_event(item)
    assert ev is not None and ev.trigger == "killed" and next(
        a.name for a in item.actors if a.id == ev.actor1) == NAME


def test_the_by_agent_of_a_passive_harm_is_read_too(context: Context) -> None:
    item = actors(context, "Three Kenyan soldiers were wounded by a landmine near Mandera, "
                           "Kenya.")
    assert unnamed(item) == [("armed_group", "KE")]


def test_a_weapon_whose_modifier_names_its_owner_or_that_only_is_acted_on_is_not_unnamed(
        context: Context) -> None:
    assert unnamed(actors(context, "A Taliban bomb killed two soldiers in Kandahar.")) == []
    assert unnamed(actors(context, "Police defused a bomb in Lahore on Monday.")) == []


def test_with_no_place_of_its_own_the_group_takes_no_victims_country(context: Context) -> None:
    item = actors(context, "A roadside bomb near the town killed one U.S. soldier.")
    assert unnamed(item) == [("armed_group", None)]
