"""Refusals: missing or wrong keys, bad parameters, oversized bodies, too many requests;
and article markup returned as inert data."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventatlas.api import ApiOptions, create_app
from eventatlas.api.guard import TokenBucket
from eventatlas.settings import Settings

from .builders import INJECTION
from .conftest import API_KEY

DOC = {"documents": [{"source": "test://x", "text": "Nothing happened."}]}


def test_ingest_without_key_is_401(client: TestClient) -> None:
    response = client.post("/api/ingest", json=DOC)
    assert response.status_code == 401
    assert "X-API-Key" in response.json()["detail"]
    assert response.headers["www-authenticate"] == "ApiKey"


def test_ingest_with_wrong_key_is_403(client: TestClient) -> None:
    response = client.post("/api/ingest", json=DOC, headers={"X-API-Key": "wrong"})
    assert response.status_code == 403
    bearer = client.post("/api/ingest", json=DOC, headers={"Authorization": "Bearer wrong"})
    assert bearer.status_code == 403


def test_auth_is_checked_before_the_body(client: TestClient) -> None:
    assert client.post("/api/ingest", json={"nonsense": 1}).status_code == 401


def test_ingest_body_errors_are_422_with_the_field(client: TestClient) -> None:
    both = {"documents": [{"source": "s", "text": "a", "html": "<p>a</p>"}]}
    response = client.post("/api/ingest", json=both, headers={"X-API-Key": API_KEY})
    assert response.status_code == 422
    assert "exactly one of 'html' or 'text'" in response.json()["message"]
    too_many = {"documents": [{"source": f"s{i}", "text": "a"} for i in range(21)]}
    response = client.post("/api/ingest", json=too_many, headers={"X-API-Key": API_KEY})
    assert response.status_code == 422 and "documents" in response.json()["message"]


def test_writes_are_refused_when_no_key_is_configured(settings: Settings, store_path: Path) -> None:
    with TestClient(create_app(settings, str(store_path))) as anonymous:
        response = anonymous.post("/api/ingest", json=DOC, headers={"X-API-Key": "anything"})
    assert response.status_code == 403 and "without an API key" in response.json()["detail"]


def test_keyed_reads_need_the_key(settings: Settings, store_path: Path) -> None:
    options = ApiOptions(public_reads=False, rate_limit_per_minute=None)
    with TestClient(create_app(settings, str(store_path), api_key=API_KEY,
                               options=options)) as keyed:
        assert keyed.get("/api/events").status_code == 401
        assert keyed.get("/api/events", headers={"X-API-Key": "nope"}).status_code == 403
        assert keyed.get("/api/events", headers={"X-API-Key": API_KEY}).status_code == 200


@pytest.mark.parametrize(("params", "parameter", "words"), [
    ({"limit": 5000}, "limit", "less than or equal to 1000"),
    ({"offset": -1}, "offset", "greater than or equal to 0"),
    ({"since": "yesterday"}, "since", "valid date"),
    ({"since": "2030-03-05", "until": "2030-03-01"}, "since", "is after until"),
    ({"certainty": "maybe"}, "certainty", "unknown value 'maybe'"),
    ({"bbox": "1,2,3"}, "bbox", "four numbers"),
    ({"bbox": "a,b,c,d"}, "bbox", "four numbers"),
    ({"bbox": "0,50,10,40"}, "bbox", "south must not be greater than north"),
    ({"bbox": "0,0,200,10"}, "bbox", "east must be a longitude"),
    ({"country": "Kenya"}, "country", "pattern"),
])
def test_bad_parameters_are_422_naming_the_parameter(
    client: TestClient, params: dict[str, object], parameter: str, words: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"][0]["parameter"] == parameter
    assert words in body["message"] and body["message"].startswith(f"invalid request: {parameter}")


def test_oversized_body_is_413(settings: Settings, store_path: Path) -> None:
    options = ApiOptions(max_body_bytes=1000, rate_limit_per_minute=None)
    with TestClient(create_app(settings, str(store_path), api_key=API_KEY,
                               options=options)) as small:
        big = {"documents": [{"source": "s", "text": "x" * 5000}]}
        response = small.post("/api/ingest", json=big, headers={"X-API-Key": API_KEY})
    assert response.status_code == 413


def test_rate_limit_answers_429_with_retry_after(settings: Settings, store_path: Path) -> None:
    options = ApiOptions(rate_limit_per_minute=60, rate_limit_burst=3)
    with TestClient(create_app(settings, str(store_path), options=options)) as limited:
        codes = [limited.get("/api/facets").status_code for _ in range(5)]
        last = limited.get("/api/facets")
    assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
    assert last.status_code == 429 and int(last.headers["retry-after"]) >= 1


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    bucket = TokenBucket(60, burst=1, clock=lambda: now[0])
    assert bucket.take("a") == 0 and bucket.take("a") > 0
    assert bucket.take("b") == 0  # per client
    now[0] += 1.0
    assert bucket.take("a") == 0


def test_responses_carry_a_script_restricting_policy(client: TestClient) -> None:
    headers = client.get("/api/events").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_markup_in_articles_comes_back_as_json_strings_only(client: TestClient) -> None:
    response = client.get("/api/events/event:inj")
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert INJECTION in body["event"]["title"] and INJECTION in body["event"]["actor1"]
    assert INJECTION in body["evidence"][0]["sentence"]
    assert body["sources"][0]["site"] == INJECTION
    found = client.get("/api/events", params={"q": "onerror"}).json()
    assert [e["id"] for e in found["items"]] == ["event:inj"]


def test_sql_metacharacters_in_filters_are_plain_text(client: TestClient) -> None:
    for needle in ("' OR 1=1 --", "%", "_", "\\"):
        assert client.get("/api/events", params={"actor": needle}).json()["total"] == 0
    assert client.get("/api/events").json()["total"] == 32


def test_count_cache_expires_and_is_bounded() -> None:
    from eventatlas.api.context import CountCache

    cache = CountCache(ttl_s=0.05, size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache.get("a") is None and cache.get("c") == 3
    import time

    time.sleep(0.06)
    assert cache.get("c") is None
