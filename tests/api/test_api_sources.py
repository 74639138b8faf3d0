"""The event view lists every source fusion joined to the event, not only its own page."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from eventatlas.api import ApiOptions, create_app
from eventatlas.fuse.run import update
from eventatlas.settings import Settings
from eventatlas.store import open_store

from fuse.builders import analysis, event
from fuse.test_fusion import OTHER, WIRE


def test_event_view_lists_the_corroborating_outlet_with_its_sentence(
        settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "fused.db"
    rival = "Officials blamed the Northern Front for the blast at the covered market."
    with open_store(str(path)) as store:
        store.write(analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                             events=[event("a", 0, day="2030-03-02")]))
        store.write(analysis("b", site="Plains Post", published="2030-03-03", text=OTHER,
                             events=[event("b", 0, day="2030-03-02", actor1=None,
                                           certainty="reported", sentence=rival)]))
        update(store)
    app = create_app(settings, str(path), options=ApiOptions(rate_limit_per_minute=None))
    with TestClient(app) as client:
        body = client.get("/api/events/evt_a_0").json()
    sites = [s["site"] for s in body["sources"]]
    assert sites == ["Coast Courier", "Plains Post"]
    other = body["sources"][1]
    assert other["event_id"] == "evt_b_0" and other["certainty"] == "reported"
    assert other["sentence"] == rival


def test_events_naming_no_actor_are_left_out_on_request(settings: Settings,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "actors.db"
    with open_store(str(path)) as store:
        store.write(analysis("a", site="Coast Courier", published="2030-03-02", text=WIRE,
                             events=[event("a", 0, day="2030-03-02")]))
        store.write(analysis("b", site="Plains Post", published="2030-03-03", text=OTHER,
                             events=[event("b", 0, day="2030-03-02", actor1=None)]))
    app = create_app(settings, str(path), options=ApiOptions(rate_limit_per_minute=None))
    with TestClient(app) as client:
        every = client.get("/api/events").json()
        named = client.get("/api/events", params={"with_actor": "true"}).json()
    assert {e["id"] for e in every["items"]} == {"evt_a_0", "evt_b_0"}
    assert [e["id"] for e in named["items"]] == ["evt_a_0"] and named["total"] == 1
