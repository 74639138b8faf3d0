"""A live server on 127.0.0.1 over the demo corpus (plus one booby-trapped document) and a
headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventatlas.api import ApiOptions, create_app
from eventatlas.batch import ingest
from eventatlas.demo import corpus_inputs
from eventatlas.model import Actor, Analysis, DateInterval, Document, Event, Evidence, Place
from eventatlas.services import Services
from eventatlas.settings import Settings
from eventatlas.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"


def trap_analysis() -> Analysis:
    """A document whose every shown string carries script payloads."""
    sentence = f"Raiders {PAYLOAD} looted the grain store at Dunmere."
    text = "Witnesses spoke on Friday. " + sentence
    start = text.index(sentence)
    doc = Document(id="doc:trap", source="test://trap", title=f"Trap {PAYLOAD}", site=PAYLOAD,
                   text=text)
    actor = Actor(id="actor:trap", name=f"Raiders {PAYLOAD}", kind="armed_group")
    place = Place(id="geonames:9100001", name=f"Dunmere {PAYLOAD}", feature="city",
                  country="KE", lat=0.5, lon=37.5)
    event = Event(id="event:trap", type="Violence against civilians", subtype="Attack",
                  actor1=actor.id, place=place.id, certainty="reported", trigger="looted",
                  date=DateInterval(start="2021-08-20", end="2021-08-20", precision="day"),
                  evidence=(Evidence(start=start, end=start + len(sentence), sentence=sentence,
                                     cue="onerror"),))
    return Analysis(document=doc, actors=(actor,), places=(place,), events=(event,))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(settings: Settings, services: Services, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[str]:
    import uvicorn

    db = str(tmp_path_factory.mktemp("web") / "web.db")
    from eventatlas.pipeline import Pipeline

    with open_store(db) as store:
        report = ingest(corpus_inputs(), settings, store, pipeline=Pipeline(settings, services))
        assert report.events > 0
        store.write(trap_analysis())
    app = create_app(settings, db, options=ApiOptions(rate_limit_per_minute=None))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
