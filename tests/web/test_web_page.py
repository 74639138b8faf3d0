"""The web page in a real browser: markers, timeline brush, filters, evidence, inert payloads."""

from __future__ import annotations

import json
from typing import Any
from urllib.request import urlopen

import pytest

from .conftest import ARTIFACTS, PAYLOAD

pytestmark = pytest.mark.slow


def _api(server: str, path: str) -> Any:
    with urlopen(server + path, timeout=10) as response:
        return json.load(response)


@pytest.fixture()
def page(browser: Any, server: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/")
    page.wait_for_selector("body[data-loaded]", state="attached")
    page.wait_for_selector("#timeline rect.bar")
    yield page
    context.close()


def _items(page: Any) -> int:
    return int(page.locator("#event-list li.ea-event-item").count())


def _wait_reload(page: Any, before: str) -> None:
    page.wait_for_function("b => document.body.getAttribute('data-loaded') !== b", arg=before)


def test_map_shows_markers_for_the_demo_corpus(page: Any, server: str) -> None:
    total = _api(server, "/api/events?limit=1")["total"]
    assert _items(page) == total > 10
    icons = page.locator(".leaflet-marker-icon.ea-marker, .leaflet-marker-icon.marker-cluster")
    assert icons.count() >= 1
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 100


def test_timeline_brush_filters_the_map(page: Any, server: str) -> None:
    bars = page.locator("#timeline rect.bar")
    assert bars.count() > 3
    first, last = bars.nth(0).bounding_box(), bars.nth(2).bounding_box()
    before = page.get_attribute("body", "data-loaded")
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] - 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] - 2, steps=5)
    page.mouse.up()
    _wait_reload(page, before)
    since, until = page.text_content("#range").split(" → ")
    expected = _api(server, f"/api/events?limit=1&since={since}&until={until}")["total"]
    assert 0 < _items(page) == expected < _api(server, "/api/events?limit=1")["total"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline-brush.png"))
    before = page.get_attribute("body", "data-loaded")
    page.click("#brush-clear")
    _wait_reload(page, before)
    assert page.text_content("#range") == ""


def test_certainty_filter_narrows_the_events(page: Any, server: str) -> None:
    before = page.get_attribute("body", "data-loaded")
    page.select_option("#f-certainty", "reported")
    _wait_reload(page, before)
    assert _items(page) == _api(server, "/api/events?limit=1&certainty=reported")["total"]
    before = page.get_attribute("body", "data-loaded")
    page.fill("#f-actor", "zz-no-such-actor")
    page.press("#f-actor", "Enter")
    _wait_reload(page, before)
    assert _items(page) == 0


def test_clicking_an_event_shows_highlighted_evidence_and_sources(page: Any) -> None:
    marker = page.locator(".leaflet-marker-icon.ea-marker")
    for _ in range(6):  # zoom into clusters until a single marker shows
        if marker.count():
            break
        page.locator(".leaflet-marker-icon.marker-cluster").first.click()
        page.wait_for_timeout(600)
    marker.first.click()
    page.wait_for_selector("#view-detail mark.ea-evidence")
    evidence = page.text_content("#view-detail mark.ea-evidence")
    assert evidence and len(evidence) > 20
    assert page.locator("#view-detail mark.ea-trigger").count() >= 1
    assert page.locator("#view-detail .certainty").count() == 1
    assert page.locator("#view-detail ul.sources li").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event.png"))


def test_actor_view_lists_relations(page: Any, server: str) -> None:
    relations = _api(server, "/api/relations?limit=1")
    if not relations["items"]:
        pytest.skip("the demo corpus yielded no relations")
    with_actor = next(e for e in _api(server, "/api/events?limit=1000")["items"] if e["actor1_id"])
    page.locator(f"#event-list li[data-event-id='{with_actor['id']}']").click()
    page.wait_for_selector("#view-detail .actor-link")
    page.locator("#view-detail .actor-link").first.click()
    page.wait_for_selector("#view-actor h3.actor-name")
    assert page.text_content("#view-actor h4").startswith("Relations (")


def test_script_payloads_in_articles_stay_inert_text(page: Any) -> None:
    page.locator("#event-list li[data-event-id='event:trap']").click()
    page.wait_for_selector("#view-detail mark.ea-evidence")
    panel = page.locator("#view-detail")
    assert PAYLOAD in panel.text_content()
    assert PAYLOAD in page.text_content("#view-detail mark.ea-evidence")
    assert panel.locator("script, img").count() == 0
    assert page.locator("#event-list img, #event-list script").count() == 0
    page.locator("#view-detail .actor-link").first.click()
    page.wait_for_selector("#view-actor h3.actor-name")
    assert page.text_content("#view-actor h3.actor-name") == f"Raiders {PAYLOAD}"
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("typeof window.alertFired") == "undefined"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "payload-inert.png"))
