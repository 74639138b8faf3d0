"""The domain model: contract field names, JSON round-trips, stable ids."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from eventatlas.model import (
    Actor, Analysis, DateInterval, DateValue, Document, Event, Evidence, Failure, Mention, Place,
    Relation, stable_id,
)

CONTRACT = {
    "document": {"id", "source", "site", "title", "author", "language", "published", "accessed",
                 "text"},
    "actors": {"id", "name", "aliases", "kind", "roles", "country", "mentions"},
    "places": {"id", "name", "feature", "country", "admin1", "lat", "lon", "mentions"},
    "events": {"id", "type", "subtype", "plover", "actor1", "actor2", "place", "geo_precision",
               "date", "certainty", "historical", "fatalities", "trigger", "evidence",
               "source_attribution"},
    "relations": {"id", "type", "source", "target", "certainty", "historical", "evidence"},
}


def _analysis(text: str = "Rebels seized the town.") -> Analysis:
    doc = Document(id=stable_id("document", "a.txt", text), source="a.txt", text=text,
                   published=DateValue(value="2021-09-06", precision="day", basis="meta"))
    actor = Actor(id="act_1", name="Rebels", kind="armed_group",
                  mentions=(Mention(start=0, end=6, text="Rebels"),))
    place = Place(id="geonames:1", name="Town", feature="city", lat=1.0, lon=2.0)
    ev = Evidence(start=0, end=len(text), sentence=text, cue=None)
    event = Event(id="evt_1", type="Battles", subtype="Non-state actor overtakes territory",
                  plover="FIGHT", actor1="act_1", place="geonames:1", geo_precision=1,
                  date=DateInterval(start="2021-09-06", end="2021-09-06", precision="day"),
                  trigger="seized", evidence=(ev,))
    rel = Relation(id="rel_1", type="support", source="act_1", target="act_1", evidence=(ev,))
    return Analysis(document=doc, actors=(actor,), places=(place,), events=(event,),
                    relations=(rel,))


def test_contract_has_exactly_the_design_field_names_at_least() -> None:
    data = _analysis().contract()
    assert set(data) >= set(CONTRACT)
    assert CONTRACT["document"] <= set(data["document"])
    for key in ("actors", "places", "events", "relations"):
        assert CONTRACT[key] <= set(data[key][0]), key
    assert set(data["document"]["published"]) == {"value", "precision", "basis"}
    assert set(data["events"][0]["date"]) == {"start", "end", "precision"}
    assert "annotation" not in data


def test_analysis_json_round_trip_is_equal() -> None:
    original = _analysis()
    again = Analysis.model_validate(json.loads(json.dumps(original.contract())))
    assert again.contract() == original.contract()


@given(st.text(min_size=1, max_size=300))
def test_any_text_survives_a_json_round_trip(text: str) -> None:
    original = _analysis(text)
    again = Analysis.model_validate_json(original.model_dump_json())
    assert again.document.text == text
    assert again.events[0].evidence[0].sentence == text


def test_stable_id_depends_only_on_its_parts() -> None:
    assert stable_id("event", "doc", 10, "x") == stable_id("event", "doc", 10, "x")
    assert stable_id("event", "doc", 10, "x") != stable_id("event", "doc", 11, "x")
    assert stable_id("event", "doc", 10, "x").startswith("evt_")
    assert stable_id("document", "a").startswith("doc_")


def test_models_are_frozen() -> None:
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        _analysis().document.text = "changed"  # type: ignore[misc]


def test_failure_line_names_source_stage_and_reason() -> None:
    line = Failure(source="x.html", stage="extract", reason="empty", detail="0 bytes").line()
    assert line == "x.html: extract failed: empty (0 bytes)"
