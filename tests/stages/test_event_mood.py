"""What is not a current fact: events denied by a quantifier, set aside by a contrast, told
only as a description or a purpose, or placed years behind the news.

Sentences are our own; each test fails when its rule is taken out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.pipeline import StageContext

pytestmark = pytest.mark.slow

Context = Callable[[str], StageContext]


def triggers(context: Context, text: str) -> list[str]:
    return [e.trigger for e in code(context, text).events]


@pytest.mark.parametrize("sentence", [
    "There was little fighting in the provincial capital.",
    "Few attacks were recorded in the district last month.",
    "Hardly any clashes were reported near the border.",
    "The militia entered the town without a fight.",
    "No civilians were hurt at the checkpoint.",
    "Nobody was killed near the bridge.",
])
def test_a_denying_quantifier_or_without_leaves_no_event(context: Context,
                                                          sentence: str) -> None:
    assert triggers(context, sentence) == []


def test_an_article_before_few_asserts_the_events(context: Context) -> None:
    assert triggers(context, "A few attacks were recorded in the district last month.") == \
        ["attacks"]


@pytest.mark.parametrize("sentence,kept,dropped", [
    ("Villages changed hands through local bargains rather than pitched battles.",
     None, "battles"),
    ("The militia signed a truce instead of attacking the garrison.", "signed", "attacking"),
    ("The district fell through a deal rather than through a battle.", "deal", "battle"),
])
def test_a_contrast_says_what_did_not_happen(context: Context, sentence: str,
                                             kept: str | None, dropped: str) -> None:
    found = triggers(context, sentence)
    assert dropped not in found
    if kept is not None:
        assert kept in found


@pytest.mark.parametrize("sentence,trigger", [
    ("The movement still preferred a negotiated settlement.", "negotiated"),
    ("The convoy drove in captured pickups.", "captured"),
    ("The gorge offers a safe place to regroup.", "regroup"),
])
def test_descriptions_and_purposes_are_not_events(context: Context, sentence: str,
                                                  trigger: str) -> None:
    assert trigger not in triggers(context, sentence)


def test_years_after_an_invasion_is_background_dated_back(context: Context) -> None:
    item = code(context, "The rebels took the capital on Sunday, nearly twenty years after "
                         "a foreign invasion drove them from it.")
    invasion = next(e for e in item.events if e.trigger == "invasion")
    took = next(e for e in item.events if e.trigger == "took")
    assert invasion.historical
    assert (invasion.date.start, invasion.date.precision) == ("2002-01-01", "year")
    assert not took.historical
    assert took.date.precision == "day"


def test_a_span_of_years_of_war_is_background(context: Context) -> None:
    item = code(context, "Thirty years of fighting have emptied the valley.")
    (ev,) = item.events
    assert ev.historical and ev.date.precision == "unknown"


def test_days_after_an_attack_is_still_news(context: Context) -> None:
    item = code(context, "Two days after the attack, the rebels seized the town.")
    assert not any(e.historical for e in item.events)


@pytest.mark.parametrize("sentence,plover", [
    ("The commander said he is open to talks with the government.", "AGREE"),
    ("The rebels are not ready for negotiations.", "REJECT"),
])
def test_readiness_for_talks_is_a_stance_not_talks(context: Context, sentence: str,
                                                   plover: str) -> None:
    (ev,) = [e for e in code(context, sentence).events if e.trigger in {"talks",
                                                                        "negotiations"}]
    assert ev.plover == plover


def test_years_after_in_a_relative_clause_is_background(context: Context) -> None:
    item = code(context, "Rebel fighters entered the capital on Sunday, ending a campaign "
                         "that has returned the movement to power almost twenty years after "
                         "a foreign invasion pushed it from the city.")
    invasion = next(e for e in item.events if e.trigger == "invasion")
    assert invasion.historical and invasion.date.start == "2002-01-01"


def test_a_present_relative_clause_describes_rather_than_reports(context: Context) -> None:
    assert "attack" not in triggers(context, "Gangs that attack convoys on the highway are "
                                             "feared by drivers.")
    assert "fled" in triggers(context, "Residents who fled the fighting returned on Monday.")


def test_background_narration_carries_to_a_noun_and_leaves_it_undated(
        context: Context) -> None:
    item = code(context, "The rebels seized the capital in 1996. Their victory came after "
                         "months of fighting.")
    fighting = next(e for e in item.events if e.trigger == "fighting")
    assert fighting.historical
    assert fighting.date.precision == "unknown"


def test_a_past_perfect_in_coordinated_reported_speech_is_news(context: Context) -> None:
    item = code(context, "A radio station reported that nine people had died and twenty had "
                         "been wounded in the market.")
    wounded = next(e for e in item.events if e.trigger == "wounded")
    assert not wounded.historical


def test_a_past_perfect_in_what_a_rumour_holds_is_news(context: Context) -> None:
    item = code(context, "Rumours spread on Monday that the town had been captured.")
    captured = next(e for e in item.events if e.trigger == "captured")
    assert not captured.historical


def test_at_once_is_not_formerly(context: Context) -> None:
    item = code(context, "The rebels attacked the base and the airport at once.")
    attacked = next(e for e in item.events if e.trigger == "attacked")
    assert not attacked.historical
