"""Exports: every format parses back; ACLED layout; article markup stays inert in tables."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from eventatlas.export import ACLED_COLUMNS, UnknownFormat, render
from eventatlas.model import Evidence
from eventatlas.store import ActorRow, EventRow, PlaceRow

MARKUP_TITLE = "[bold red]Taliban[/bold red] claim [link=http://x]victory[/link]"


BASE_EVENT = EventRow(
    id="evt_1", type="Battles", subtype="Armed clash", plover="ASSAULT",
    date_start="2021-08-20", date_end="2021-08-20", date_precision="day",
    certainty="reported", historical=False, fatalities=3, trigger="clashed",
    source_attribution=None, geo_precision=1,
    actor1_id="act_t", actor1="Taliban", actor1_kind="armed_group",
    actor2_id="act_s", actor2="Afghan security forces", actor2_kind="state_forces",
    place_id="geonames:1131", place="Panjshir", country="AF", admin1="Panjshir",
    lat=35.3, lon=69.5, document_id="doc_1", source="a.txt", site="example.org",
    title='Fighting "rages", sources say', published="2021-08-22",
    evidence=(Evidence(start=0, end=20, sentence="The Taliban clashed, reportedly.",
                       cue="reportedly"),),
)


def event_row(**changes: Any) -> EventRow:
    return BASE_EVENT.model_copy(update=changes)


EVENTS = [
    event_row(),
    event_row(id="evt_2", lat=None, lon=None, place=None, country=None, title=MARKUP_TITLE,
              actor2=None, actor2_id=None, actor2_kind=None, fatalities=None),
]
ACTORS = [ActorRow(id="act_t", name="Taliban", kind="armed_group", country=None,
                   aliases=("Taleban", "[i]IEA[/i]"), roles=(), mentions=4, documents=2,
                   events=3)]
PLACES = [PlaceRow(id="geonames:1131", name="Panjshir", feature="admin1", country="AF",
                   admin1=None, lat=35.3, lon=69.5, mentions=2, events=1)]


def shown(table: Table) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=300, color_system=None).print(table)
    return buffer.getvalue()


def test_json_parses_back_to_the_rows() -> None:
    out = render(EVENTS, "json", "events")
    assert isinstance(out, str)
    assert [EventRow.model_validate(item) for item in json.loads(out)] == EVENTS


def test_csv_parses_back_with_every_field() -> None:
    out = render(EVENTS, "csv", "events")
    assert isinstance(out, str)
    records = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in records] == ["evt_1", "evt_2"]
    assert records[0]["title"] == 'Fighting "rages", sources say'
    assert records[1]["title"] == MARKUP_TITLE
    assert records[0]["evidence"] == "The Taliban clashed, reportedly."
    assert records[1]["lat"] == "" and records[0]["lat"] == "35.3"
    assert set(records[0]) == set(EventRow.model_fields)


def test_csv_neutralises_spreadsheet_formulas_in_text_only() -> None:
    row = event_row(title="=HYPERLINK(\"http://evil\")", lon=-70.5)
    (record,) = csv.DictReader(io.StringIO(str(render([row], "csv", "events"))))
    assert record["title"] == "'=HYPERLINK(\"http://evil\")"
    assert record["lon"] == "-70.5"


@pytest.mark.parametrize(("rows", "kind"), [(ACTORS, "actors"), (PLACES, "places")])
def test_csv_and_json_for_actors_and_places(rows: list[Any], kind: Any) -> None:
    (record,) = csv.DictReader(io.StringIO(str(render(rows, "csv", kind))))
    assert record["id"] == rows[0].id
    assert json.loads(str(render(rows, "json", kind)))[0]["id"] == rows[0].id
    if kind == "actors":
        assert record["aliases"] == "Taleban; [i]IEA[/i]"


def test_geojson_points_are_lon_lat_and_rows_without_coordinates_are_left_out() -> None:
    collection = json.loads(str(render(EVENTS, "geojson", "events")))
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.5, 35.3]}
    assert feature["properties"]["title"] == 'Fighting "rages", sources say'
    places = json.loads(str(render(PLACES, "geojson", "places")))
    assert places["features"][0]["geometry"]["coordinates"] == [69.5, 35.3]


def test_acled_has_acled_columns_and_fills_what_we_know() -> None:
    out = str(render(EVENTS, "acled", "events"))
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    first, second = list(reader)
    assert (first["event_date"], first["year"], first["time_precision"]) == (
        "2021-08-20", "2021", "1")
    assert (first["disorder_type"], first["event_type"], first["sub_event_type"]) == (
        "Political violence", "Battles", "Armed clash")
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("2", "1", "12")
    assert (first["iso"], first["country"], first["location"]) == ("4", "Afghanistan", "Panjshir")
    assert (first["latitude"], first["longitude"], first["fatalities"]) == ("35.3", "69.5", "3")
    assert first["notes"] == "The Taliban clashed, reportedly."
    assert "certainty=reported" in first["tags"]
    assert (second["interaction"], second["latitude"], second["fatalities"]) == ("20", "", "")


def test_table_escapes_markup_from_articles() -> None:
    table = render(EVENTS, "table", "events")
    assert isinstance(table, Table)
    text = shown(table)
    assert "[bold red]Taliban[/bold red]" in text and "[link=http://x]" in text
    actors, places = render(ACTORS, "table", "actors"), render(PLACES, "table", "places")
    assert isinstance(actors, Table) and isinstance(places, Table)
    assert "[i]IEA[/i]" in shown(actors) and "Panjshir" in shown(places)


@pytest.mark.parametrize(("fmt", "kind"), [("xml", "events"), ("acled", "actors"),
                                           ("geojson", "actors")])
def test_unknown_format_is_refused(fmt: str, kind: Any) -> None:
    with pytest.raises(UnknownFormat):
        render(ACTORS, fmt, kind)
