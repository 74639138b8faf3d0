"""actors: a country acting under a name the tagger misreads, a country's people with any
people-noun, peoples coded to the country they live in, a demonym swallowed by an ORG."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import actors

from eventatlas.model import Analysis
from eventatlas.pipeline import StageContext

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def countries_of(item: Analysis) -> dict[str, str | None]:
    return {a.name: a.country for a in item.actors}


def test_a_country_alone_as_subject_is_the_state_acting(context: Context) -> None:
    item = actors(context, "Togo closed its frontier on Monday to traders from Ghana, but "
                           "was still admitting students.")
    togo = [a for a in item.actors if a.country == "TG"]
    assert len(togo) == 1 and togo[0].kind == "state", countries_of(item)


def test_a_country_that_is_only_a_destination_is_no_actor(context: Context) -> None:
    item = actors(context, "Hundreds of families fled to Togo on Monday.")
    assert not [a for a in item.actors if a.country == "TG"], countries_of(item)


def test_a_misspelt_country_as_subject_is_the_state(context: Context) -> None:
    item = actors(context, "Ethiopa has agreed to reopen its embassy next month.")
    assert [a.kind for a in item.actors if a.country == "ET"] == ["state"], countries_of(item)


def test_an_unknown_name_is_not_read_as_a_misspelt_country(context: Context) -> None:
    item = actors(context, "Hendricks has agreed to reopen the shop next month.")
    assert all(a.kind != "state" for a in item.actors), countries_of(item)


@pytest.mark.parametrize("text,name", [
    ("Tunisian shopkeepers staged a sit-in outside the ministry on Tuesday.",
     "Tunisian shopkeepers"),
    ("Angry Chilean copper miners said they would block the highway.", "Chilean miners"),
])
def test_a_demonym_on_a_people_noun_subject_is_that_countrys_people(
        context: Context, text: str, name: str) -> None:
    item = actors(context, text)
    group = [a for a in item.actors if a.name.endswith(name.split()[-1])]
    assert len(group) == 1 and group[0].country in {"TN", "CL"}, countries_of(item)


def test_a_demonym_on_a_thing_is_no_people(context: Context) -> None:
    item = actors(context, "Tunisian borders remained shut for a week.")
    assert not [a for a in item.actors if "borders" in a.name], countries_of(item)


def test_a_people_located_in_a_country_takes_that_country(context: Context) -> None:
    item = actors(context, "The Hungarians of southern Slovakia are demanding autonomy "
                           "from the government.")
    assert [a.country for a in item.actors if a.name == "Hungarians"] == ["SK"], \
        countries_of(item)


def test_a_person_titled_by_an_org_with_a_demonym_takes_its_country(context: Context) -> None:
    item = actors(context, "Spanish Senate speaker Juan Ortega Vidal said the vote would go "
                           "ahead.")
    assert countries_of(item).get("Juan Ortega Vidal") == "ES", countries_of(item)


@pytest.mark.parametrize("text, country", [
    ("Turkish tanks fired on the village at dawn.", "TR"),
    ("A Russian drone attacked a fuel depot near the port.", "RU"),
    ("Saudi warplanes bombed the airport twice.", "SA"),
    ("U.S. border patrol agents detained forty men.", "US"),
])
def test_a_national_military_vehicle_or_agent_is_that_states_forces(
        context: Context, text: str, country: str) -> None:
    item = actors(context, text)
    assert [(a.kind, a.country) for a in item.actors if a.country == country] == [
        ("state_forces", country)], countries_of(item)


def test_a_capitals_district_administration_is_its_state(context: Context) -> None:
    item = actors(context, "Nairobi's Westlands district administration has refused the "
                           "permit.")
    assert [(a.kind, a.country) for a in item.actors if a.country == "KE"] == [
        ("state", "KE")], countries_of(item)


def test_ethnic_nationals_are_coded_to_the_country_they_live_in(context: Context) -> None:
    text = "{}Serbs have vowed to hold the villages near Croatia's border with Hungary, " \
           "Croatian officials said."
    assert countries_of(actors(context, text.format("Ethnic ")))["Serbs"] == "HR"
    assert countries_of(actors(context, text.format("")))["Serbs"] == "RS"
    # two countries named as often: no home can be told, the people's own country stays
    item = actors(context, "Ethnic Serbs crossed from Croatia into Hungary.")
    assert countries_of(item)["Serbs"] == "RS"


def test_a_think_tank_is_no_armoured_force(context: Context) -> None:
    item = actors(context, "A leading Turkish think tank criticised the plan.")
    assert not [a for a in item.actors if a.kind == "state_forces"], countries_of(item)
