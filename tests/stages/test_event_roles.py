"""Role filling: who is actor1 when the trigger is a noun inside a phrase, a gerund, or a
clause whose subject is a pronoun.

Sentences are our own; each test breaks if its rule does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.model import Analysis, Event
from eventatlas.pipeline import StageContext
from eventatlas.stages.event_main import main_event

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def actor1(item: Analysis, trigger: str) -> str | None:
    found: list[Event] = [e for e in item.events if e.trigger == trigger]
    assert found, [(e.trigger, e.plover) for e in item.events]
    return next((a.name for a in item.actors if a.id == found[0].actor1), None)


@pytest.mark.parametrize(("text", "trigger", "who"), [
    # the event noun is a compound inside the verb's object
    ("Norway undertook a mediation mission to end the fighting in the north.",
     "mediation", "Norway"),
    # ... whose owner is a pronoun standing for the subject
    ("Peru ended its mediation efforts between the rival factions.", "mediation", "Peru"),
    # the event noun under "X of": "two weeks of exercises"
    ("Chinese warships began two weeks of naval exercises near the coast.", "exercises",
     "Chinese warships"),
    # a gerund on the object noun: the statement's issuer demands
    ("The Tamil Tigers issued a statement demanding that the government release prisoners.",
     "demanding", "Tamil Tigers"),
    # the event noun in a phrase of taking part
    ("Thousands of Ghanaians were gathering on Friday for a rally in Accra.", "rally",
     "Ghanaians"),
])
def test_an_event_phrase_takes_the_subject_of_its_governing_verb(
        context: Context, text: str, trigger: str, who: str) -> None:
    assert actor1(code(context, text), trigger) == who


def test_a_subject_that_suffers_is_not_the_actor_of_the_event_it_suffers_in(
        context: Context) -> None:
    item = code(context, "Kenyan soldiers died during clashes near the border.")
    assert actor1(item, "clashes") is None


def test_talks_between_two_sides_take_the_first_as_actor1(context: Context) -> None:
    item = code(context, "Talks between Kenya and Somalia resumed in Nairobi on Monday.")
    ev = next(e for e in item.events if e.trigger == "Talks")
    names = {a.id: a.name for a in item.actors}
    assert (names.get(ev.actor1 or ""), names.get(ev.actor2 or "")) == ("Kenya", "Somalia")


@pytest.mark.parametrize(("text", "trigger", "who"), [
    # a pronoun subject inside a statement is its speaker, through "willing to"
    ("Syria says it is willing to withdraw its troops from the border.", "withdraw", "Syria"),
    # ... also for a noun the pronoun's verb governs
    ("NATO confirmed on Friday it would tighten the blockade of Libya.", "blockade", "NATO"),
    # a subject phrase owned by a pronoun ("their forces") is the speaker's
    ("The Serbian militia said their forces had completed their withdrawal from the town.",
     "withdrawal", "Serbian militia"),
])
def test_a_pronoun_subject_is_the_speaker(context: Context, text: str, trigger: str,
                                          who: str) -> None:
    assert actor1(code(context, text), trigger) == who


def test_a_pronoun_outside_a_statement_is_the_actor_named_last_before_it(
        context: Context) -> None:
    item = code(context, "Kenya helped Somalia after it began talks with the rebels.")
    assert actor1(item, "talks") == "Somalia"


def test_coordinated_subjects_give_the_first_as_actor1(context: Context) -> None:
    item = code(context, "U.S. and Chinese negotiators return to Vienna this week for talks "
                         "on trade.")
    assert actor1(item, "talks") == "U.S"


def test_a_gerund_after_a_preposition_shares_the_subject_of_its_ruler(
        context: Context) -> None:
    item = code(context, "The Kenyan army and the Somali militia are guilty of violating the "
                         "ceasefire agreement signed in May.")
    assert actor1(item, "ceasefire") == "Kenyan army"


def test_a_noun_with_a_clause_on_it_names_only_itself(context: Context) -> None:
    """"villagers fleeing attacks by Boko Haram": the group named inside the clause on the
    noun is not who flees."""
    item = code(context, "Villagers fleeing attacks by Boko Haram reached the camp on Monday.")
    assert actor1(item, "fleeing") is None
    assert main_event(item) is not None


def test_the_main_event_is_a_main_clause_event_with_an_actor(context: Context) -> None:
    """An actorless event noun as subject ("the talks") yields to the clause that says who
    acted, though both are as near the root."""
    item = code(context, "The talks collapsed and Kenyan troops attacked the town of Kismayo.")
    ev = main_event(item)
    assert ev is not None and ev.trigger == "attacked"


def test_the_passive_subject_of_a_verb_of_taking_part_is_actor1(context: Context) -> None:
    item = code(context, "Serbian police were engaged in a massacre of villagers.")
    assert actor1(item, "massacre") == "Serbian police"
    # a subject that suffers in the event is no actor of it
    item = code(context, "Serbian police were wounded in an attack on the checkpoint.")
    assert actor1(item, "attack") is None


@pytest.mark.parametrize(("text", "trigger", "who", "target"), [
    # the relative pronoun stands for the noun its clause is on
    ("The Shabaab militants, who attacked a supply convoy near Mandera on Monday, withdrew "
     "into the forest.", "attacked", "Shabaab militants", None),
    # ... in a passive clause it is the one the event happens to
    ("Hamid Yusufzai, who was abducted by gunmen in Peshawar last year, returned home.",
     "abducted", None, "Hamid Yusufzai"),
])
def test_a_relative_pronoun_subject_is_the_noun_its_clause_is_on(
        context: Context, text: str, trigger: str, who: str | None, target: str | None) -> None:
    item = code(context, text)
    event = next(e for e in item.events if e.trigger == trigger)
    names = {a.id: a.name for a in item.actors}
    assert names.get(event.actor1 or "") == who
    assert names.get(event.actor2 or "") == target
