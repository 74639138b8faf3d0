"""The article's main incident: dateline, story town, and what violent events inherit."""

from __future__ import annotations

from datetime import date

from eventatlas.model import Analysis, DateInterval, Document, Event, Mention, Place
from eventatlas.stages.dateline import dateline_span
from eventatlas.stages.incident import defaulted, filed_from, settle_incident, story_town


def _place(pid: str, name: str, feature: str, spans: list[tuple[int, int]], text: str,
           admin1: str = "IL") -> Place:
    return Place(id=pid, name=name, feature=feature, country="US", admin1=admin1, lat=0.0,
                 lon=0.0, mentions=tuple(Mention(start=s, end=e, text=text[s:e])
                                         for s, e in spans))


def _event(place: str | None, when: DateInterval, etype: str = "Violence against civilians",
           historical: bool = False) -> Event:
    return Event(id=f"e{place}{when.start}", type=etype, subtype="Attack", plover="ASSAULT",
                 place=place, geo_precision=1 if place else None, date=when,
                 certainty="confirmed", historical=historical, trigger="shot")


def test_dateline_is_found_even_when_glued_to_the_headline() -> None:
    text = "Man hurt in crash | Local NewsGLENVIEW, Ill. (WXYZ) — A man was shot."
    start, end = dateline_span(text) or (0, 0)
    assert text[start:end] == "GLENVIEW"
    assert dateline_span("CLEVELAND-- Police said a man was shot.") == (0, 9)
    assert dateline_span("The FBI said a man was shot - police are looking.") is None


def test_dateline_may_run_into_its_lead_or_sit_in_brackets() -> None:
    text = "Two hurt at mall | Channel 9TOLEDO, Ohio (Feb. 2, 2016)–Police said two were shot."
    start, end = dateline_span(text) or (0, 0)
    assert text[start:end] == "TOLEDO"
    text = "Man shot near bar(Dayton, OH)--A man was shot on Friday."
    start, end = dateline_span(text) or (0, 0)
    assert text[start:end] == "Dayton"
    assert dateline_span("Doctors said the X-RAY-results were clear.") is None
    text = "ELKHORN CO., Ky., - Deputies said a man was shot."
    start, end = dateline_span(text) or (0, 0)
    assert text[start:end] == "ELKHORN CO."


def test_week_before_publication_counts_as_defaulted_but_a_stated_day_does_not() -> None:
    ref = date(2016, 1, 10)
    assert defaulted(DateInterval(start="2016-01-04", end="2016-01-10", precision="week"), ref)
    assert defaulted(DateInterval(), ref)
    assert not defaulted(DateInterval(start="2016-01-09", end="2016-01-09", precision="day"),
                         ref)


def test_violent_events_inherit_the_dateline_town_and_the_incident_day() -> None:
    text = "BLOOMTON, Ill. — A man was shot in Illinois on Sunday. Bloomton police came."
    town = _place("geonames:1", "Bloomton", "city", [(0, 8), (56, 64)], text)
    state = _place("geonames:2", "Illinois", "admin1", [(35, 43)], text)
    doc = Document(id="d", source="t", text=text)
    item = Analysis(document=doc, places=(town, state))
    week = DateInterval(start="2016-01-04", end="2016-01-10", precision="week")
    day = DateInterval(start="2016-01-10", end="2016-01-10", precision="day")
    headline, lead = _event(None, week), _event("geonames:2", day)
    old = _event(None, week, historical=True)
    out = settle_incident(item, [headline, lead, old], date(2016, 1, 10))
    assert story_town(item) == town
    assert (out[0].place, out[0].geo_precision, out[0].date) == ("geonames:1", 2, day)
    assert out[1].place == "geonames:1" and out[1].date == day  # Illinois contains Bloomton
    assert out[2] == old  # background is left alone


def test_a_region_elsewhere_or_a_stated_town_is_kept() -> None:
    text = "BLOOMTON, Ill. — Shots in Ohio and in Carver."
    town = _place("geonames:1", "Bloomton", "city", [(0, 8)], text)
    ohio = _place("geonames:3", "Ohio", "admin1", [(26, 30)], text, admin1="OH")
    carver = _place("geonames:4", "Carver", "city", [(38, 44)], text)
    item = Analysis(document=Document(id="d", source="t", text=text),
                    places=(town, ohio, carver))
    day = DateInterval(start="2016-01-10", end="2016-01-10", precision="day")
    out = settle_incident(item, [_event("geonames:3", day), _event("geonames:4", day)],
                          date(2016, 1, 10))
    assert [e.place for e in out] == ["geonames:3", "geonames:4"]


def test_the_dateline_town_is_the_place_whose_name_ends_it_longest() -> None:
    text = "Man hurt in Cedar Falls | NewsKWWLCEDAR FALLS, Iowa — A man was hurt."
    full = _place("geonames:5", "Cedar Falls", "city", [(12, 23)], text)
    tail = _place("geonames:6", "Falls", "city", [(40, 45)], text)
    item = Analysis(document=Document(id="d", source="t", text=text), places=(tail, full))
    assert filed_from(item, dateline_span(text)) == full
    assert filed_from(item, None) is None
