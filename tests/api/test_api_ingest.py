"""POST /api/ingest runs the real pipeline; article markup is stored and served as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventatlas.api import ApiOptions, create_app
from eventatlas.services import Services
from eventatlas.settings import Settings

from .conftest import API_KEY

PAYLOAD_HTML = """<!doctype html><html><head><title>Harbour raid <script>alert(1)</script></title>
<meta property="article:published_time" content="2030-04-02"></head><body><article>
<h1>Harbour raid <img src=x onerror=alert(1)></h1>
<p>Gunmen attacked a police post in Mombasa on Tuesday, killing three officers, the county
commissioner said. &lt;script&gt;alert(1)&lt;/script&gt; was painted on the wall.</p>
<p>Residents said <img src=x onerror=alert(1)> the attackers fled toward the coast road after
the raid, and police later arrested two suspects in a nearby village.</p>
</article></body></html>"""


@pytest.mark.slow
def test_ingest_stores_an_article_and_returns_its_events(
    settings: Settings, services: Services, tmp_path: Path
) -> None:
    app = create_app(settings, str(tmp_path / "ingest.db"), api_key=API_KEY,
                     options=ApiOptions(rate_limit_per_minute=None), services=services)
    doc = {"source": "test://harbour-raid", "html": PAYLOAD_HTML}
    with TestClient(app) as client:
        first = client.post("/api/ingest", json={"documents": [doc]},
                            headers={"X-API-Key": API_KEY})
        again = client.post("/api/ingest", json={"documents": [doc]},
                            headers={"X-API-Key": API_KEY})
        events = client.get("/api/events", params={"limit": 50}).json()
        empty = client.post("/api/ingest", json={"documents": [{"source": "e", "text": " "}]},
                            headers={"X-API-Key": API_KEY}).json()
        failures = client.get("/api/failures").json()
        document = client.get(f"/api/documents/{first.json()['items'][0]['document_id']}")
    (item,) = first.json()["items"]
    assert first.status_code == 200 and item["status"] == "inserted" and item["events"] >= 1
    assert again.json()["items"][0]["status"] == "unchanged"
    assert events["total"] == item["events"]
    assert "<script>alert(1)</script> was painted" in document.json()["text"]  # literal text
    assert document.headers["content-type"].startswith("application/json")
    assert empty["items"][0]["status"] == "failed"
    assert failures["total"] == 1 and failures["items"][0]["source"] == "e"
