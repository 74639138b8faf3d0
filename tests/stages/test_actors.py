"""actors: spellings merged, different people kept apart, roles and kinds read from text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import actors

from eventatlas.model import Analysis
from eventatlas.pipeline import StageContext
from eventatlas.stages import actor_person_names as names

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def test_unknown_person_spelled_two_ways_is_one_actor(context: Context) -> None:
    item = actors(context, "Commander Mohammad Qaderi met elders in the morning. Later, "
                           "Mohammed Qadiri told reporters the talks had failed. Qaderi left.")
    people = [a for a in item.actors if a.kind == "person"]
    assert len(people) == 1, [a.name for a in people]
    assert len(people[0].mentions) == 3
    assert "Commander" in people[0].roles


def test_father_and_son_sharing_a_name_stay_apart(context: Context) -> None:
    item = actors(context, "Ahmad Massoud, the son of Ahmad Shah Massoud, spoke on Sunday. "
                           "Ahmed Masood said the valley would resist.")
    son = [a for a in item.actors if a.name == "Ahmad Massoud"]
    father = [a for a in item.actors if a.name == "Ahmad Shah Massoud"]
    assert son and father and son[0].id != father[0].id
    assert "Ahmed Masood" in son[0].aliases
    assert any(r.startswith("son of") for r in son[0].roles)


def test_surname_joins_the_most_recently_named_person(context: Context) -> None:
    item = actors(context, "Karim Haidari arrived first. Later, Nasrin Haidari gave a speech. "
                           "Haidari thanked the crowd.")
    nasrin = next(a for a in item.actors if a.name == "Nasrin Haidari")
    karim = next(a for a in item.actors if a.name == "Karim Haidari")
    assert len(nasrin.mentions) == 2 and len(karim.mentions) == 1


def test_a_shared_surname_goes_to_the_person_still_alive_on_the_documents_day(
        context: Context) -> None:
    text = ("Bashar al-Assad grew up far from politics. His father, Hafez al-Assad, ruled the "
            "country for three decades. Assad told a newspaper on Monday that talks could resume.")
    later = actors(context, text, day="2015-03-02")
    son = next(a for a in later.actors if a.name == "Bashar al-Assad")
    father = next(a for a in later.actors if a.name == "Hafez al-Assad")
    assert [m.text for m in son.mentions][-1] == "Assad"
    assert [m.text for m in father.mentions] == ["Hafez al-Assad"]
    # while both were alive, the most recently named one is still the reading
    earlier = actors(context, text, day="1995-03-02")
    father = next(a for a in earlier.actors if a.name == "Hafez al-Assad")
    assert [m.text for m in father.mentions][-1] == "Assad"


def test_demonym_with_force_noun_is_state_forces_of_that_country(context: Context) -> None:
    item = actors(context, "Pakistani troops crossed the bridge at dawn.")
    forces = [a for a in item.actors if a.kind == "state_forces"]
    assert forces and forces[0].country == "PK"


def test_people_with_force_noun_are_an_armed_group_not_a_state(context: Context) -> None:
    item = actors(context, "Hazara fighters crossed the bridge at dawn.")
    assert not any(a.kind == "state_forces" for a in item.actors)


def test_place_names_tagged_as_organisations_are_not_actors(context: Context) -> None:
    item = actors(context, "Fighting continued in Herat on Monday, and Herat residents fled.")
    assert not any(a.name == "Herat" for a in item.actors)


def test_all_caps_and_long_name_lists_do_not_explode(context: Context) -> None:
    names = ", ".join(f"Person{n} Name{n}" for n in range(300))
    item = actors(context, "THE TALIBAN SEIZED THE CITY. Victims included " + names + ".")
    assert len(item.actors) <= 500
    for actor in item.actors:
        for m in actor.mentions:
            assert item.document.text[m.start:m.end] == m.text


def test_a_demonym_with_a_people_noun_is_that_countrys_people(context: Context) -> None:
    item = actors(context, "Swiss nurses delivered medicine to the hospital, and Chilean "
                           "miners joined them on Friday.")
    found = {a.name: a for a in item.actors}
    nurses = next(a for n, a in found.items() if "nurses" in n)
    miners = next(a for n, a in found.items() if "miners" in n)
    assert (nurses.kind, nurses.country) == ("other", "CH")
    assert (miners.kind, miners.country) == ("other", "CL")


def _people(item: Analysis) -> list[str]:
    return sorted(a.name for a in item.actors if a.kind == "person")


def test_reporters_credited_and_contact_detectives_are_not_actors(context: Context) -> None:
    item = actors(context, "Police said Darnell Hayes, 31, was shot on Elm Street. Staff "
                           "reporters Lena "
                           "Ortiz and Paul Grady contributed. Anyone with information may "
                           "call Det. Ivan Ross at (555) 201-3344.")
    assert _people(item) == ["Darnell Hayes"]


def test_squad_abbreviations_and_debris_are_cut_from_names(context: Context) -> None:
    item = actors(context, "The gunman fled, LAPD Det. Dana Whitfield said. Jerome Tasker "
                           "was beaten by two men, and Raymond Coyle Sr. was wounded. Coyle "
                           "survived.")
    people = {a.name: a for a in item.actors if a.kind == "person"}
    assert set(people) == {"Dana Whitfield", "Jerome Tasker", "Raymond Coyle Sr"}, people
    assert len(people["Raymond Coyle Sr"].mentions) == 2


def test_a_surname_shared_with_a_registry_person_is_the_local_person(context: Context) -> None:
    item = actors(context, "Officer Nina Kohl arrived first. Kohl said the door was open.")
    (person,) = [a for a in item.actors if a.kind == "person"]
    assert person.name == "Nina Kohl" and len(person.mentions) == 2 and person.country is None


def test_a_first_name_alone_joins_the_one_person_who_has_it(context: Context) -> None:
    item = actors(context, "Tamika Okafor spoke at the vigil on Sunday. Tamika said her son "
                           "had been afraid.")
    (person,) = [a for a in item.actors if a.kind == "person"]
    assert len(person.mentions) == 2


def test_supporters_of_a_person_take_the_country_found_for_that_person(
        context: Context) -> None:
    item = actors(context, "Supporters of former President Omar Rahimi blocked roads, "
                           "demanding that he lead the Algerian people again.")
    supporters = [a for a in item.actors if a.name.startswith("supporters")]
    assert [a.country for a in supporters] == ["DZ"], [(a.name, a.country) for a in item.actors]


def test_an_unknown_rebel_group_takes_the_one_country_its_sentence_names(
        context: Context) -> None:
    item = actors(context, "The Movement for Democratic Renewal insisted on its demands that "
                           "Rwanda's government free its leaders.")
    movement = [a for a in item.actors if a.name.startswith("Movement for Democratic")]
    assert [(a.kind, a.country) for a in movement] == [("armed_group", "RW")], [
        (a.name, a.kind, a.country) for a in item.actors]


@pytest.mark.parametrize(("name", "forms"), [
    ("Bashar al-Assad", ("al-Assad", "Assad")),
    ("Ahmed ash-Shara", ("ash-Shara", "Shara")),  # an assimilated article
    ("Abdel Fattah El-Sisi", ("El-Sisi", "Sisi")),
    ("Jolene Ward", ("Ward",)),
    ("Omar al-qasim", ("al-qasim",)),  # no capitalised name after it: kept whole
])
def test_later_references_drop_an_arabic_article_from_the_surname(
        name: str, forms: tuple[str, ...]) -> None:
    assert names.surname_forms(name) == forms
