"""actors: descriptive actors, references without names, cross-document ids, bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import actors

from eventatlas.model import Actor, Analysis
from eventatlas.pipeline import StageContext

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def named(item: Analysis, name: str) -> Actor:
    found = [a for a in item.actors if a.name == name]
    assert len(found) == 1, [(a.name, a.kind) for a in item.actors]
    return found[0]


def test_forces_loyal_to_a_person_are_an_armed_group_he_commands(context: Context) -> None:
    item = actors(context, "Commander Yusuf Karimzada rallied his men on Monday. The forces "
                           "loyal to Karimzada attacked the garrison, and fighters of Yusuf "
                           "Karimzada held the pass.")
    leader = named(item, "Yusuf Karimzada")
    forces = named(item, "forces loyal to Yusuf Karimzada")
    assert forces.kind == "armed_group" and len(forces.mentions) == 2
    assert [(f.type, f.target) for f in forces.affiliations] == [("command", leader.id)]
    for f in forces.affiliations:
        assert item.document.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_a_named_group_led_by_a_person_gets_a_command_affiliation(context: Context) -> None:
    item = actors(context, "The Taliban forces led by Mullah Baradar entered the city.")
    group = named(item, "Taliban")
    assert any(f.type == "command" for f in group.affiliations)


def test_anti_group_phrase_opposes_the_named_group(context: Context) -> None:
    item = actors(context, "Al-Shabaab attacked the town. Later, anti-Shabaab militias "
                           "pushed back.")
    opposed = named(item, "Al-Shabaab")
    anti = [a for a in item.actors if a.name.lower().startswith("anti-shabaab")]
    assert anti and any(f.type == "opposition" and f.target == opposed.id
                        for f in anti[0].affiliations)


def test_peoples_are_other_actors_with_their_ethnicity(context: Context) -> None:
    item = actors(context, "The Pashtuns and the Hazaras met in the valley. Iraqi Kurds "
                           "also sent elders, and Tuareg fighters watched.")
    by_ethnicity = {a.ethnicity: a for a in item.actors if a.ethnicity}
    assert by_ethnicity["Pashtun"].kind == "other"
    assert by_ethnicity["Hazara"].kind == "other"
    assert by_ethnicity["Kurd"].country == "IQ"
    assert by_ethnicity["Tuareg"].kind == "armed_group"
    assert not any(a.kind == "person" for a in item.actors)


def test_person_with_a_people_in_the_title_gets_that_ethnicity(context: Context) -> None:
    item = actors(context, "Tajik commander Nurullo Rahimov said the road was open.")
    assert named(item, "Nurullo Rahimov").ethnicity == "Tajik"


def test_demonym_officials_are_the_state_and_rebels_an_armed_group(context: Context) -> None:
    item = actors(context, "Norwegian officials met Ugandan rebels, and Chilean and Peruvian "
                           "diplomats watched.")
    states = {a.country: a.kind for a in item.actors}
    assert states["NO"] == "state" and states["UG"] == "armed_group"
    assert states["CL"] == "state" and states["PE"] == "state"


def test_a_country_acting_is_a_state_actor_but_a_location_is_not(context: Context) -> None:
    item = actors(context, "Norway offered aid to Chile on Monday. Fighting continued in "
                           "Peru.")
    countries = {a.country for a in item.actors if a.kind == "state"}
    assert {"NO", "CL"} <= countries and "PE" not in countries


def test_state_named_two_ways_is_one_actor(context: Context) -> None:
    item = actors(context, "Norwegian officials arrived. Norway said it would help.")
    states = [a for a in item.actors if a.country == "NO"]
    assert len(states) == 1 and len(states[0].mentions) == 2


def test_title_reference_resolves_to_the_one_holder(context: Context) -> None:
    item = actors(context, "Rebel spokesman Karim Nadiri denied the claim. The spokesman "
                           "said no civilians were hurt.")
    person = named(item, "Karim Nadiri")
    assert any(m.text == "spokesman" for m in person.mentions)


def test_title_reference_with_two_holders_stays_unresolved(context: Context) -> None:
    item = actors(context, "Army spokesman Karim Nadiri and rebel spokesman Omid Farahi "
                           "spoke. The spokesman left early.")
    assert not any(m.text == "spokesman" for a in item.actors for m in a.mentions)


def test_acronym_defined_in_text_joins_the_long_name(context: Context) -> None:
    item = actors(context, "The Coastal Liberation Brigade (CLB) seized the port. Residents "
                           "said the CLB had warned them.")
    group = [a for a in item.actors if a.name == "Coastal Liberation Brigade"]
    assert group and len(group[0].mentions) == 3
    assert not any(a.name == "CLB" for a in item.actors)


def test_generic_police_are_the_state_forces_of_the_documents_country(context: Context) -> None:
    item = actors(context, "A man was shot in Denver, Colorado, on Friday, police said. "
                           "Police have not named a suspect.")
    police = named(item, "police")
    assert police.kind == "state_forces" and police.country == "US"
    assert len(police.mentions) == 2


def test_person_country_read_from_a_demonym_title(context: Context) -> None:
    item = actors(context, "Hungarian Foreign Minister Tamas Veres met the delegation.")
    assert named(item, "Tamas Veres").country == "HU"


def test_streets_and_buildings_are_not_people(context: Context) -> None:
    item = actors(context, "The shooting happened near Monroe Drive and Walker Lane, "
                           "said Sheriff Dana Price.")
    people = {a.name for a in item.actors if a.kind == "person"}
    assert people == {"Dana Price"}


def test_outlet_and_byline_author_are_not_actors(context: Context) -> None:
    item = actors(context, "Valley Courier reported that Jonas Weller visited Kandahar. "
                           "Weller met elders.", site="Valley Courier", author="Jonas Weller")
    assert not any(a.name in {"Valley Courier", "Jonas Weller"} for a in item.actors)


def test_cited_news_agency_is_kept_as_media(context: Context) -> None:
    item = actors(context, "Two soldiers were killed, Reuters reported.")
    assert named(item, "Reuters").kind == "media"


def test_person_spelt_two_ways_in_two_documents_has_one_id(context: Context) -> None:
    first = actors(context, "Mohammad Qaderi spoke to elders in the morning.")
    second = actors(context, "Later, Mohammed Qadiri told reporters the talks failed.")
    ids = {a.id for a in (*first.actors, *second.actors) if a.kind == "person"}
    assert len(ids) == 1


def test_registry_person_has_the_same_id_in_every_document(context: Context) -> None:
    first = actors(context, "Vladimir Putin spoke on Monday.")
    second = actors(context, "Putin said talks would go on.")
    assert first.actors[0].id == second.actors[0].id


def test_non_latin_names_do_not_crash_and_keep_offsets(context: Context) -> None:
    item = actors(context, "Владимир Иванов встретился с Ахмадом. أحمد مسعود قال إن "
                           "المقاومة مستمرة. احمد شاه مسعود")
    for actor in item.actors:
        assert actor.id.startswith("act_")
        for m in actor.mentions:
            assert item.document.text[m.start:m.end] == m.text


def test_all_caps_text_still_finds_registry_actors(context: Context) -> None:
    item = actors(context, "BREAKING: AL-SHABAAB FIGHTERS STORM HOTEL IN THE CAPITAL.")
    assert any(a.name == "Al-Shabaab" for a in item.actors)


def test_a_capital_acting_stands_for_its_state_but_not_a_capital_entered(
        context: Context) -> None:
    item = actors(context, "Ottawa turned down the request on Friday.")
    assert named(item, "Ottawa").kind == "state" and named(item, "Ottawa").country == "CA"
    item = actors(context, "The rebels entered Ottawa on Friday.")
    assert not [a for a in item.actors if a.name == "Ottawa"]


def test_a_country_tagged_as_an_organisation_is_a_state(context: Context) -> None:
    item = actors(context, "Canada urged the Democratic Republic of the Congo to free them.")
    states = {a.country for a in item.actors if a.kind == "state"}
    assert states == {"CA", "CD"}, [(a.name, a.kind, a.country) for a in item.actors]


def test_an_organisation_named_for_a_country_belongs_to_it(context: Context) -> None:
    item = actors(context, "The Peruvian Electoral Tribunal annulled the vote, and "
                           "Ecuador's Supreme Court upheld the decree.")
    assert {a.name: a.country for a in item.actors if a.kind != "state"} == {
        "Peruvian Electoral Tribunal": "PE", "Supreme Court": "EC"}


def test_compound_force_noun_and_possessive_officials(context: Context) -> None:
    item = actors(context, "Croatian military police detained two men, Bolivia's rulers said.")
    assert {a.name: (a.kind, a.country) for a in item.actors} == {
        "Croatian military police": ("state_forces", "HR"),
        "Bolivia's rulers": ("state", "BO")}


def test_a_person_takes_the_country_named_beside_his_title_or_in_his_sentence(
        context: Context) -> None:
    item = actors(context, "Officials summoned Chad's envoy Idriss Mahamat Kalli on Monday.")
    assert named(item, "Idriss Mahamat Kalli").country == "TD"
    item = actors(context, "Judge Marta Olsen froze the assets of three Norwegian shipowners.")
    assert named(item, "Marta Olsen").country == "NO"
    item = actors(context, "Judge Marta Olsen met Swedish and Danish envoys.")
    assert named(item, "Marta Olsen").country is None


def test_a_plural_name_after_a_demonym_is_a_people_not_a_person(context: Context) -> None:
    item = actors(context, "Kosovo Serbs blocked the road on Sunday.")
    people = [a for a in item.actors if "Serbs" in a.name]
    assert people and people[0].kind != "person", [(a.name, a.kind) for a in item.actors]


def test_a_group_in_a_country_belongs_to_it(context: Context) -> None:
    item = actors(context, "Rebels in Mozambique rejected the offer on Tuesday.")
    (group,) = [a for a in item.actors if a.kind == "armed_group"]
    assert group.country == "MZ"


def test_an_officer_titled_after_an_organisation_is_its_member(context: Context) -> None:
    item = actors(context, "Arab League envoy Tarek Mansour arrived in Beirut.")
    league = named(item, "Arab League")
    person = named(item, "Tarek Mansour")
    assert [(f.type, f.target) for f in person.affiliations] == [("membership", league.id)]
