"""Statements become claim events; broader PLOVER triggers; injured counts; attribution.

Sentences are our own; each test breaks if its rule does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code as run

from eventatlas.model import Analysis
from eventatlas.pipeline import StageContext
from eventatlas.stages.event_main import main_event

pytestmark = pytest.mark.slow


def code(context: Context, text: str) -> Analysis:
    return run(context, text, site="Valley Courier")

Context = Callable[[str], StageContext]


def name(item: Analysis, actor_id: str | None) -> str | None:
    return next((a.name for a in item.actors if a.id == actor_id), None)


def test_statement_by_an_actor_becomes_its_claim_event(context: Context) -> None:
    item = code(context, "The Taliban said on Monday that the roads to the valley were open.")
    (claim,) = [e for e in item.events if e.trigger == "said"]
    assert (claim.type, claim.subtype, claim.certainty) == ("Strategic developments", "Other",
                                                          "claimed")
    assert name(item, claim.actor1) == "Taliban"
    assert claim.source_attribution == "The Taliban"
    assert claim.evidence[0].cue == "said"


def test_statement_without_a_known_speaker_is_not_coded(context: Context) -> None:
    item = code(context, "He said the weather in the hills was cold.")
    assert not [e for e in item.events if e.trigger == "said"]


def test_a_party_reporting_its_own_deed_only_claims_it(context: Context) -> None:
    item = code(context, "The Taliban said they captured the district of Jaghori.")
    ev = next(e for e in item.events if e.trigger == "captured")
    assert name(item, ev.actor1) == "Taliban"  # the pronoun is the speaker
    assert ev.certainty == "claimed"
    assert ev.source_attribution == "The Taliban"


def test_outlet_is_the_source_of_an_unattributed_fact(context: Context) -> None:
    item = code(context, "Rebels seized the town of Jaghori.")
    assert item.events[0].source_attribution == "Valley Courier"


@pytest.mark.parametrize("sentence,root", [
    ("The two governments signed a trade agreement in the capital.", "AGREE"),
    ("The minister held talks with his counterpart on Friday.", "CONSULT"),
    ("The opposition demanded new elections.", "DEMAND"),
    ("The council rejected the proposal for a new dam.", "REJECT"),
    ("The union threatened a nationwide strike.", "THREATEN"),
    ("Workers began a hunger strike outside the ministry.", "PROTEST"),
    ("The European Union imposed sanctions on the regime.", "SANCTION"),
    ("The charity donated blankets to the flood victims.", "AID"),
    ("The senator praised the new policy.", "SUPPORT"),
    ("The government released forty prisoners.", "CONCEDE"),
    ("The prime minister resigned after the vote.", "RETREAT"),
    ("The commission is investigating the election results.", "INVESTIGATE"),
    ("Police arrested three journalists.", "COERCE"),
    ("The two navies will cooperate on patrols.", "COOPERATE"),
    ("The army mobilized reserve units.", "MOBILIZE"),
    ("The party condemned the verdict.", "DISAPPROVE"),
])
def test_plover_roots_beyond_violence_come_from_the_lexicon(context: Context, sentence: str,
                                                            root: str) -> None:
    main = main_event(code(context, sentence))
    assert main is not None and main.plover == root


def test_one_word_has_several_codings_chosen_by_the_parse(context: Context) -> None:
    air = main_event(code(context, "An air strike hit a convoy near Herat."))
    hunger = main_event(code(context, "Prisoners staged a hunger strike."))
    assert air is not None and air.type == "Explosions/Remote violence"
    assert hunger is not None and hunger.type == "Protests"


def test_injured_are_counted_apart_from_the_dead(context: Context) -> None:
    item = code(context, "Gunmen attacked a bus near Peshawar, killing 4 and wounding 11.")
    ev = next(e for e in item.events if e.trigger == "attacked")
    assert (ev.fatalities, ev.injured) == (4, 11)


def test_one_named_victim_counts_as_one_death(context: Context) -> None:
    item = code(context, "A teacher was shot and killed in Chicago on Tuesday, police said.")
    ev = next(e for e in item.events if e.trigger == "shot")
    assert ev.fatalities == 1
    assert ev.source_attribution == "police"


def claims_of(item: Analysis, who: str) -> list[str]:
    """The sentences an actor named ``who`` claims (a quoted claim's evidence is the speech
    verb's sentence, then the quoted one)."""
    return [ev.sentence for e in item.events if e.plover is None and name(item, e.actor1) == who
            for ev in e.evidence]


def test_a_quote_over_sentences_is_claimed_by_the_pronoun_speaker_after_it(
        context: Context) -> None:
    item = code(context, 'Commander Wali Rahimi met reporters in the valley on Monday. "We '
                         'will not give up the passes. Our men captured the district centre '
                         'last night," he said.')
    said = claims_of(item, "Wali Rahimi")
    assert any(s.startswith('"We will not give up') for s in said)
    assert any(s.startswith("Our men captured") for s in said)
    captured = next(e for e in item.events if e.trigger == "captured")
    assert captured.source_attribution == "Wali Rahimi"  # his account, not the outlet's


def test_a_quote_opened_after_a_colon_is_claimed_by_the_speaker_before_it(
        context: Context) -> None:
    item = code(context, 'Governor Maria Okafor said: "The convoy is safe. Gunmen fired on '
                         'the bridge at dawn."')
    said = claims_of(item, "Maria Okafor")
    assert any(s.startswith("Gunmen fired") for s in said)


def test_a_quote_with_no_speaker_near_it_is_nobodys_claim(context: Context) -> None:
    item = code(context, 'Commander Wali Rahimi met reporters on Monday. The sign at the gate '
                         'read "Closed. Come back tomorrow." Fighting resumed at dusk.')
    assert claims_of(item, "Wali Rahimi") == []
