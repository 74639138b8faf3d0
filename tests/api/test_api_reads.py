"""Listing, filtering, pagination and detail endpoints of the REST API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .builders import FRONT, HILLPORT, LAKEMOUTH, VAREN


def test_events_page_reports_total_and_next_offset(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 10}).json()
    assert body["total"] == 32  # 30 clashes, a protest, the injection event; history left out
    assert len(body["items"]) == 10 and body["next_offset"] == 10


def test_event_pages_cover_every_event_once(client: TestClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        seen += [e["id"] for e in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == 32 and len(set(seen)) == 32


def test_events_are_ordered_by_date(client: TestClient) -> None:
    days = [e["date_start"] for e in client.get("/api/events", params={"limit": 100}).json()["items"]]
    assert days == sorted(days)


def test_events_filter_by_date_range_keeps_overlapping_days(client: TestClient) -> None:
    body = client.get("/api/events", params={"since": "2030-03-02", "until": "2030-03-03"}).json()
    assert body["total"] == 6
    assert {e["date_start"] for e in body["items"]} == {"2030-03-02", "2030-03-03"}


def test_events_filter_by_type_and_certainty(client: TestClient) -> None:
    protests = client.get("/api/events", params={"type": "protests"}).json()
    assert [e["id"] for e in protests["items"]] == ["event:p1"]
    reported = client.get("/api/events", params={"certainty": "reported"}).json()
    assert reported["total"] == 10
    assert {e["certainty"] for e in reported["items"]} == {"reported"}
    both = client.get("/api/events", params=[("certainty", "reported"), ("certainty", "confirmed")])
    assert both.json()["total"] == 32


def test_events_filter_by_actor_alias_place_and_country(client: TestClient) -> None:
    assert client.get("/api/events", params={"actor": "nrf"}).json()["total"] == 30
    assert client.get("/api/events", params={"place": "hillport"}).json()["total"] == 11
    assert client.get("/api/events", params={"country": "tz"}).json()["total"] == 11
    assert client.get("/api/events", params={"place": HILLPORT.id}).json()["total"] == 11


def test_events_filter_by_bounding_box(client: TestClient) -> None:
    around_lakemouth = f"{LAKEMOUTH.lon - 1},{LAKEMOUTH.lat - 1},{LAKEMOUTH.lon + 1},{LAKEMOUTH.lat + 1}"
    body = client.get("/api/events", params={"bbox": around_lakemouth, "limit": 100}).json()
    assert body["total"] == 21  # 20 clashes and the injection event
    assert all(e["place_id"] == LAKEMOUTH.id for e in body["items"])
    empty = client.get("/api/events", params={"bbox": "-10,-10,-5,-5"}).json()
    assert empty["total"] == 0


def test_bbox_across_the_antimeridian_wraps(client: TestClient) -> None:
    body = client.get("/api/events", params={"bbox": "170,-90,40,90"}).json()
    assert body["total"] == 32


def test_text_search_matches_evidence_sentences(client: TestClient) -> None:
    body = client.get("/api/events", params={"q": "LEVY"}).json()
    assert [e["id"] for e in body["items"]] == ["event:p1"]


def test_historical_events_only_on_request(client: TestClient) -> None:
    ids = lambda params: {e["id"] for e in client.get("/api/events", params=params).json()["items"]}
    assert "event:hist" not in ids({"limit": 1000})
    assert "event:hist" in ids({"limit": 1000, "include_historical": "true"})


def test_event_detail_shows_evidence_in_context_with_marks(client: TestClient) -> None:
    body = client.get("/api/events/event:0").json()
    (ev,) = body["evidence"]
    assert ev["before"] == "Residents described a tense morning. "
    assert ev["after"] == " Markets stayed closed."
    marks = {m["kind"]: ev["sentence"][m["start"]:m["end"]] for m in ev["marks"]}
    assert marks == {"trigger": "clashed", "cue": "reportedly"}
    assert ev["cue"] == "reportedly"
    assert body["sources"][0]["title"] == "Clash report 0"


def test_unknown_event_is_404(client: TestClient) -> None:
    response = client.get("/api/events/event:nope")
    assert response.status_code == 404 and "event:nope" in response.json()["detail"]


def test_timeline_counts_events_per_day(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"type": "Battles"}).json()
    assert [d["count"] for d in body["days"]] == [3] * 10
    assert body["days"][0]["day"] == "2030-03-01" and body["undated"] == 0


def test_facets_count_types_and_certainty(client: TestClient) -> None:
    body = client.get("/api/facets").json()
    assert {f["value"]: f["count"] for f in body["types"]}["Battles"] == 30
    assert {f["value"]: f["count"] for f in body["certainty"]}["reported"] == 10


def test_actor_view_lists_its_relations(client: TestClient) -> None:
    body = client.get(f"/api/actors/{VAREN.id}").json()
    assert body["actor"]["name"] == "Idris Varen"
    (rel,) = body["relations"]
    assert (rel["type"], rel["source"], rel["target"]) == ("command", "Idris Varen", FRONT.name)
    assert rel["evidence"][0]["sentence"].startswith("Idris Varen, who commands")


def test_actors_places_and_relations_are_paginated(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 2}).json()
    assert actors["total"] == 4 and len(actors["items"]) == 2 and actors["next_offset"] == 2
    assert client.get("/api/actors", params={"name": "nrf"}).json()["items"][0]["id"] == FRONT.id
    places = client.get("/api/places", params={"country": "KE"}).json()
    assert [p["name"] for p in places["items"]] == ["Lakemouth"]
    rels = client.get("/api/relations", params={"actor": FRONT.id}).json()
    assert rels["total"] == 1


def test_document_view_gives_evidence_offsets_into_its_text(client: TestClient) -> None:
    body = client.get("/api/documents/doc:3").json()
    (event,) = body["events"]
    ev = event["evidence"][0]
    assert body["text"][ev["start"]:ev["end"]] == ev["sentence"]
    listing = client.get("/api/documents", params={"limit": 5}).json()
    assert listing["total"] == 33


def test_failures_listing_is_a_page(client: TestClient) -> None:
    body = client.get("/api/failures").json()
    assert body == {"items": [], "total": 0, "limit": 100, "offset": 0, "next_offset": None}


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/places",
                 "/api/relations", "/api/failures", "/api/documents/{document_id}",
                 "/api/ingest", "/api/timeline"):
        assert path in paths
