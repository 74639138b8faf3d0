"""PLOVER-style JSON and Parquet exports keep every field and its evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventatlas.export_more import parquet_bytes, plover_record, to_plover_json, write_parquet
from eventatlas.model import Evidence
from eventatlas.store.rows import EventRow, PlaceRow

pq = pytest.importorskip("pyarrow.parquet")


def _event(n: int = 1) -> EventRow:
    return EventRow(
        id=f"event:{n}", type="Battles", subtype="Armed clash", plover="FIGHT",
        date_start="2030-01-02", date_end="2030-01-02", date_precision="day",
        certainty="reported", historical=False, fatalities=4, trigger="clashed",
        source_attribution="local officials", geo_precision=1, actor1_id="a:1",
        actor1="Upland Militia", actor1_kind="armed_group", actor2_id=None, actor2=None,
        actor2_kind=None, place_id="geonames:123", place="Rivermouth", country="KE",
        admin1="Coast", lat=-3.9, lon=39.6, document_id="doc:1", source="test://1",
        site="Wire", title="Clash", published="2030-01-03",
        evidence=(Evidence(start=0, end=20, sentence="Militia clashed =1+1", cue="reportedly"),),
    )


def test_plover_record_maps_roles_location_and_magnitude() -> None:
    record = plover_record(_event())
    assert (record["event"], record["mode"], record["actor"], record["recipient"]) == (
        "FIGHT", "Armed clash", "Upland Militia", None)
    assert record["dead"] == 4 and record["location"]["geonames_id"] == "123"
    assert record["evidence"][0]["cue"] == "reportedly"
    assert json.loads(to_plover_json([_event()]))[0]["source"]["attribution"] == "local officials"


def test_parquet_round_trips_events_with_nested_evidence(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert write_parquet([_event(1), _event(2)], path, "events") == 2
    table = pq.read_table(path)
    assert table.column("id").to_pylist() == ["event:1", "event:2"]
    assert table.column("evidence").to_pylist()[0][0]["sentence"] == "Militia clashed =1+1"
    assert table.column("lat").to_pylist() == [-3.9, -3.9]


def test_parquet_bytes_for_places_and_empty_listings() -> None:
    place = PlaceRow(id="p", name="Rivermouth", feature="city", country="KE", admin1=None,
                     lat=1.0, lon=2.0, mentions=3, events=1)
    import io
    assert pq.read_table(io.BytesIO(parquet_bytes([place], "places"))).num_rows == 1
    assert pq.read_table(io.BytesIO(parquet_bytes([], "events"))).num_rows == 0
