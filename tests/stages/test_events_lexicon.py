"""events: trigger-lexicon constraints over the parse — a particle or an adverb that decides
the reading ("beat up", "sexually abused", "forced out"), an object named through a quantity
("300 kg of medicine"), and classes of verbs coded with their actor.

Sentences are our own; each test fails if its rule is taken out of the lexicon or the parse check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.model import Analysis
from eventatlas.pipeline import StageContext
from eventatlas.stages.event_main import main_event

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def main(item: Analysis) -> tuple[str, str | None, str | None]:
    """(trigger, PLOVER root, actor1's country) of the sentence's main event."""
    ev = main_event(item)
    assert ev is not None, [(e.trigger, e.plover) for e in item.events]
    actor = next((a for a in item.actors if a.id == ev.actor1), None)
    return ev.trigger, ev.plover, actor.country if actor else None


def test_a_particle_named_as_the_object_decides_the_verb(context: Context) -> None:
    assert main(code(context, "Greek guards beat up three Albanian migrants at the crossing, "
                              "a lawyer said.")) == ("beat", "ASSAULT", "GR")
    assert main(code(context, "The Kenyan army forced out hundreds of herders from the "
                              "valley.")) == ("forced", "COERCE", "KE")


def test_forced_to_without_the_particle_is_no_coercion_event(context: Context) -> None:
    item = code(context, "The minister was forced to cancel his trip.")
    assert "forced" not in [e.trigger for e in item.events]


def test_an_adverb_is_a_modifier_the_lexicon_may_ask_for(context: Context) -> None:
    assert main(code(context, "Egyptian policemen sexually abused two women in custody, a "
                              "rights group said.")) == ("abused", "ASSAULT", "EG")
    item = code(context, "Egyptian policemen abused their powers, a rights group said.")
    assert "abused" not in [e.trigger for e in item.events]


def test_a_quantity_of_goods_is_the_goods(context: Context) -> None:
    assert main(code(context, "Norwegian nurses handed over 300 kg of medicine to a clinic "
                              "in the north.")) == ("handed", "AID", "NO")


def test_thrown_stones_are_rioting_and_dispatched_staff_a_mobilisation(context: Context
                                                                       ) -> None:
    assert main(code(context, "Nepali students threw stones at the police station.")
                ) == ("threw", "ASSAULT", "NP")
    assert main(code(context, "Chile has dispatched two hundred engineers to the border.")
                ) == ("dispatched", "MOBILIZE", "CL")


def test_accepting_a_formula_or_deal_is_agreeing(context: Context) -> None:
    assert main(code(context, "Finland accepted a compromise for ending the row over fishing "
                              "rights.")) == ("accepted", "AGREE", "FI")
    assert main(code(context, "Finland accepted the demands of the strikers.")
                )[:2] == ("accepted", "CONCEDE")


def test_forcing_out_of_a_place_is_coercion_by_the_capitals_state(context: Context) -> None:
    assert main(code(context, "Nairobi forced the UN refugee agency out of the country after "
                              "the operation.")) == ("forced", "COERCE", "KE")


def test_closing_a_border_is_the_closing_states_event(context: Context) -> None:
    assert main(code(context, "Kenya closed its northern border with Somalia because of "
                              "fighting between clans.")) == ("closed", "COERCE", "KE")


def test_giving_a_welcome_is_hosting_not_aid(context: Context) -> None:
    assert main(code(context, "Prime Minister Leila Haddad of Tunisia gave a warm welcome to "
                              "the Chilean president.")) == ("gave", "CONSULT", "TN")


def test_local_news_nouns_for_a_shooting_are_violent_events_with_their_place(
        context: Context) -> None:
    item = code(context, "A woman in Fresno was found with a gunshot wound to her leg on "
                         "Sunday.")
    gun = next(e for e in item.events if e.trigger == "gunshot")
    assert (gun.type, gun.plover) == ("Violence against civilians", "ASSAULT")
    assert next(p.name for p in item.places if p.id == gun.place) == "Fresno"
    item = code(context, "Detectives in Tulsa are investigating a homicide at a motel.")
    assert "homicide" in [e.trigger for e in item.events if e.type ==
                          "Violence against civilians"]
