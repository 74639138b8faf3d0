"""events: triggers over the parse, with roles, dates, certainty, negation, history, deaths.

Sentences are our own; each test checks a behaviour that breaks if its rule does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.model import Analysis, Event
from eventatlas.pipeline import StageContext

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def only(item: Analysis, trigger: str) -> Event:
    found = [e for e in item.events if e.trigger == trigger]
    assert len(found) == 1, [(e.trigger, e.subtype) for e in item.events]
    return found[0]


def name(item: Analysis, actor_id: str | None) -> str | None:
    return next((a.name for a in item.actors if a.id == actor_id), None)


def test_territorial_capture_has_taker_loser_and_town(context: Context) -> None:
    item = code(context, "Taliban fighters captured the town of Kunduz from Afghan "
                         "government forces on Tuesday.")
    ev = only(item, "captured")
    assert ev.type == "Battles"
    assert ev.subtype == "Non-state actor overtakes territory"
    assert name(item, ev.actor1) == "Taliban"
    assert ev.actor2 is not None and ev.actor2 != ev.actor1
    assert next(p.name for p in item.places if p.id == ev.place).startswith("Kunduz")
    assert (ev.date.start, ev.date.precision) == ("2022-05-10", "day")  # the Tuesday before


def test_passive_voice_swaps_the_roles(context: Context) -> None:
    item = code(context, "The convoy of Afghan soldiers was attacked by Taliban fighters "
                         "near Kandahar.")
    ev = only(item, "attacked")
    assert name(item, ev.actor1) == "Taliban"
    assert name(item, ev.actor2) == "Afghan National Security and Defense Forces"


def test_negated_and_modal_events_are_not_facts(context: Context) -> None:
    item = code(context, "The rebels did not attack the base. The militia may attack the "
                         "airport next week. There was no fighting in the capital.")
    assert item.events == ()


@pytest.mark.parametrize("sentence,certainty,cue", [
    ("Rebels reportedly seized the district centre of Jaghori.", "reported", "reportedly"),
    ("Unconfirmed reports said rebels seized the district centre of Jaghori.", "unconfirmed",
     "unconfirmed reports"),
    ("The army denied that rebels seized the district centre of Jaghori.", "denied", "denied"),
    ("Rebels seized the district centre of Jaghori.", "confirmed", None),
])
def test_certainty_comes_with_the_cue_that_decided_it(context: Context, sentence: str,
                                                     certainty: str, cue: str | None) -> None:
    ev = only(code(context, sentence), "seized")
    assert ev.certainty == certainty
    assert ev.evidence[0].cue == cue


def test_background_is_flagged_historical_and_dated_by_its_year(context: Context) -> None:
    item = code(context, "In 1996 the militia captured the capital. This week the militia "
                         "attacked a checkpoint in Herat.")
    old, new = only(item, "captured"), only(item, "attacked")
    assert old.historical and old.date.start == "1996-01-01" and old.date.precision == "year"
    assert not new.historical


def test_past_perfect_is_background_but_not_in_reported_speech(context: Context) -> None:
    item = code(context, "Officials said the rebels had seized two villages on Monday. "
                         "Years earlier, the government had supplied the rebels with rifles.")
    assert not only(item, "seized").historical
    assert only(item, "supplied").historical


def test_fatalities_are_counted_from_numbers_and_words(context: Context) -> None:
    item = code(context, "Gunmen attacked a market in Kabul, killing 14 civilians. "
                         "Rebels ambushed a patrol; at least twelve soldiers were killed.")
    assert only(item, "attacked").fatalities == 14
    assert only(item, "ambushed").fatalities == 12


def test_without_publication_date_undated_events_have_unknown_dates(context: Context) -> None:
    ev = only(code(context, "Rebels seized the town of Jaghori.", published=None), "seized")
    assert ev.date.start is None and ev.date.precision == "unknown"


def test_relations_read_between_two_actors(context: Context) -> None:
    item = code(context, "The Taliban, backed by the Pakistan military, attacked the town.")
    rel = [r for r in item.relations if r.type == "support"]
    assert rel and name(item, rel[0].source) == "Military of Pakistan"
    assert name(item, rel[0].target) == "Taliban"


def test_descriptive_actor_yields_a_command_relation_from_its_leader(context: Context) -> None:
    item = code(context, "Forces loyal to Karim Haidari attacked a Taliban checkpoint "
                         "near Herat on Monday.")
    commands = [r for r in item.relations if r.type == "command"]
    assert commands, [(r.type, r.source, r.target) for r in item.relations]
    assert name(item, commands[0].source) == "Karim Haidari"
    assert commands[0].target in {a.id for a in item.actors if a.kind == "armed_group"}


def test_day_without_year_and_without_publication_date_is_not_guessed(context: Context) -> None:
    item = code(context, "Rebels seized the town of Jaghori on 1 September.", published=None)
    ev = only(item, "seized")
    assert ev.date.start is None and ev.date.precision == "unknown"
    dated = only(code(context, "Rebels seized the town of Jaghori on 1 September 2019.",
                      published=None), "seized")
    assert dated.date.start == "2019-09-01"


def test_pathological_text_neither_crashes_nor_floods(context: Context) -> None:
    """A 2,000-word sentence, a list of 500 casualties, a table flattened to text and a
    verbless headline: coded without error, with a bounded number of events."""
    long_sentence = "Rebels attacked " + " and ".join(f"village{n}" for n in range(1000)) + "."
    casualties = "The dead were " + ", ".join(f"Name{n} Surname{n}" for n in range(500)) + "."
    table = "\n".join(f"District{n} | 1{n} killed | 2{n} injured | captured" for n in range(60))
    headline = "Fresh clashes, heavy losses, uncertain future"
    item = code(context, "\n\n".join([long_sentence, casualties, table, headline]))
    assert len(item.events) < 200
    for event in item.events:
        ev = event.evidence[0]
        assert item.document.text[ev.start:ev.end] == ev.sentence


def roots(item: Analysis) -> dict[str, str | None]:
    return {e.trigger: e.plover for e in item.events}


def test_a_quoted_intent_to_cooperate_is_an_agreement_not_the_act(context: Context) -> None:
    item = code(context, "The health ministry said it would send medical aid to the refugees.")
    assert roots(item).get("send") == "AGREE"


def test_a_quoted_intent_to_attack_is_a_threat(context: Context) -> None:
    item = code(context, "The rebel commander said his fighters would attack the airport.")
    ev = only(item, "attack")
    assert (ev.type, ev.plover) == ("Strategic developments", "THREATEN")


def test_an_intent_head_needs_no_speech_verb(context: Context) -> None:
    item = code(context, "The army is ready to withdraw its troops from the border villages.")
    assert roots(item).get("withdraw") == "AGREE"


def test_a_failed_agreement_is_a_rejection(context: Context) -> None:
    item = code(context, "The two delegations failed to reach an agreement on the border.")
    assert roots(item).get("reach") == "REJECT"


def test_what_someone_must_do_is_a_demand(context: Context) -> None:
    item = code(context, "The governor said that the militia must withdraw from the town.")
    assert roots(item).get("withdraw") == "DEMAND"


def test_an_attempted_killing_is_an_assault(context: Context) -> None:
    item = code(context, "Gunmen attempted to kill the provincial governor on Monday.")
    assert roots(item).get("kill") == "ASSAULT"


def test_an_outcome_verb_takes_the_coding_of_its_manner_noun(context: Context) -> None:
    item = code(context, "Militants killed three villagers in a gunbattle with the army.")
    assert roots(item).get("killed") == "FIGHT"
    item = code(context, "Two soldiers were wounded by a roadside bomb near the checkpoint.")
    ev = only(item, "wounded")
    assert (ev.type, ev.plover) == ("Explosions/Remote violence", "ASSAULT")


def test_a_phrasal_verb_is_another_verb(context: Context) -> None:
    departed = code(context, "The last cargo plane took off from the capital late on Monday.")
    assert not [e for e in departed.events if e.trigger == "took"]
    over = code(context, "Rebel fighters took over the town of Kunduz on Monday.")
    assert only(over, "took").subtype == "Non-state actor overtakes territory"


def test_retaking_is_territorial_in_every_form(context: Context) -> None:
    for sentence, trigger in (
            ("Government troops retook the town of Kunduz on Monday.", "retook"),
            ("The army regained control of Kunduz on Monday.", "regained"),
            ("Soldiers took back the city of Kunduz on Monday.", "took")):
        ev = only(code(context, sentence), trigger)
        assert ev.type == "Battles" and "territory" in ev.subtype, sentence


def test_a_denial_reaches_only_the_events_it_answers(context: Context) -> None:
    item = code(context, "Residents said the shooting after false reports of the town's fall "
                         "killed 17 people in Kunduz on Friday.")
    assert item.events and all(e.certainty != "denied" for e in item.events)
    item = code(context, "The rebels said they had captured the town of Kunduz, but the army "
                         "rejected the claim and said its soldiers were still fighting there.")
    assert only(item, "captured").certainty == "denied"
    assert all(e.certainty != "denied" for e in item.events if e.trigger == "fighting")
    item = code(context, "The army denied that the town of Kunduz had been captured.")
    assert only(item, "captured").certainty == "denied"


def test_a_denied_claim_leaves_the_saying_itself_standing(context: Context) -> None:
    item = code(context, "The rebels said they had captured the town of Kunduz, but the army "
                         "rejected the claim.")
    assert only(item, "captured").certainty == "denied"
    assert only(item, "rejected").certainty != "denied"  # the rejecting itself happened
