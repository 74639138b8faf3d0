"""The reference page (../shared/seed/panjshir_article.txt) must come out right.

Skips when ../shared is absent (a user's clone). Expectations are about structure — one actor
per person with all spellings, father and son apart, page date not taken for publication —
not about exact wording."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from eventatlas.batch import analyse
from eventatlas.model import Analysis
from eventatlas.settings import Settings

from shared_data import shared_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def result(settings: Settings) -> Iterator[Analysis]:
    path = shared_path("seed", "panjshir_article.txt")
    (item,) = list(analyse([str(path)], settings))
    assert isinstance(item, Analysis), item
    yield item


def _lines() -> list[str]:
    path = shared_path("seed", "panjshir_article.txt")
    return [x.strip() for x in path.read_text("utf-8").splitlines() if x.strip()]


def test_document_fields(result: Analysis) -> None:
    doc = result.document
    lines = _lines()
    assert doc.title == lines[2]  # the headline, not the breadcrumb (lines[1])
    assert doc.author and "Staff" in doc.author
    assert doc.published.precision == "unknown" and doc.published.value is None
    assert doc.accessed.basis == "page_header" and doc.accessed.value == "2024-04-14"
    assert doc.text.startswith(lines[3][:60])
    for chrome in ("Support Us", "Related Articles", "Trending now", "Advertisement",
                   "Connect with us", "Staff reporter"):
        assert chrome not in doc.text


def _actor(result: Analysis, name: str):  # type: ignore[no-untyped-def]
    matches = [a for a in result.actors if a.name == name]
    assert len(matches) == 1, [a.name for a in result.actors]
    return matches[0]


def test_one_actor_per_person_with_every_spelling(result: Analysis) -> None:
    son = _actor(result, "Ahmad Massoud")
    father = _actor(result, "Ahmad Shah Massoud")
    assert son.id != father.id
    assert "Ahmad Masoud" in son.aliases
    assert "Ahmed Shah Masood" in father.aliases
    assert any("son of Ahmad Shah Massoud" in r for r in son.roles)
    saleh = _actor(result, "Amrullah Saleh")
    assert "Saleh" in saleh.aliases and len(saleh.mentions) >= 8
    assert any("caretaker" in r.lower() for r in saleh.roles)
    dostum = _actor(result, "Abdul Rashid Dostum")
    assert "Marshal" in dostum.roles
    names = [a.name for a in result.actors]
    assert not any("OpIndia" in n for n in names), "the outlet in the site chrome is no actor"


def test_places_are_geocoded_in_afghanistan(result: Analysis) -> None:
    by_name = {p.name: p for p in result.places}
    assert any(p.id == "iso3166:AF" for p in result.places)
    kabul = [p for p in result.places if p.name.startswith("Kab")]
    assert kabul and kabul[0].country == "AF" and abs(kabul[0].lat - 34.5) < 0.5  # type: ignore[operator]
    assert all(p.lat is not None and p.lon is not None for p in result.places), by_name


def test_events_carry_evidence_certainty_and_history(result: Analysis) -> None:
    text = result.document.text
    assert len(result.events) >= 5
    for event in result.events:
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.sentence
        assert event.trigger in event.evidence[0].sentence
    # the page header date is never an event date (publication unknown → no invented dates)
    assert not any(e.date.start and e.date.start.startswith("2024") for e in result.events)
    assert {e.certainty for e in result.events} >= {"confirmed", "reported", "unconfirmed"}
    # background: an event in a sentence naming a year long before the page is historical,
    # and the opening news paragraphs carry current events
    for event in result.events:
        years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20[01]\d)\b",
                                            event.evidence[0].sentence)]
        if years and "since" not in event.evidence[0].sentence:
            assert event.historical, event.evidence[0].sentence
    first_paragraphs = text[: text.index("\n\n", text.index("\n\n") + 2)]
    assert any(not e.historical for e in result.events
               if e.evidence[0].start < len(first_paragraphs))
    assert any(e.historical for e in result.events)
    unconfirmed = [e for e in result.events if e.certainty == "unconfirmed"]
    assert all(e.evidence[0].cue for e in unconfirmed)
