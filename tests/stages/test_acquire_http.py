"""acquire over HTTP, against a real server on 127.0.0.1 in a thread: timeouts, status codes,
redirect loops, size limits, charsets, the user agent, and feeds served by URL."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventatlas.model import Failure, RawDocument
from eventatlas.pipeline import StageContext
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import acquire
from eventatlas.stages.acquire_http import USER_AGENT, fetch
from eventatlas.stages.extract import extract

STORY = (
    "<html><head><title>Ferry service resumes</title></head><body><article>"
    "<h1>Ferry service resumes</h1>"
    "<p>The island ferry resumed its morning crossings on Monday after storms had kept the boats "
    "in harbour for most of the week, the operator said in a short statement.</p>"
    "<p>Passengers queued from dawn, and the first sailing left twenty minutes late because of "
    "the crowd at the ticket office, according to staff at the quay.</p>"
    "</article></body></html>"
)
PRICED = (
    "<html><head><title>Bread prices</title></head><body><article><h1>Bread prices</h1>"
    "<p>A loaf of rye bread now costs 4 \u20ac at the covered market, up from three a year ago, "
    "and bakers said flour and energy were to blame for most of the rise.</p>"
    "<p>Several stalls have started selling half loaves so that older customers can still "
    "afford fresh bread every day of the week, the market's manager said.</p>"
    "</article></body></html>"
)
BIG = 30_000_000
CHUNK = b"<p>" + b"filler text " * 5000 + b"</p>\n"
FAST = AcquireSettings(max_bytes=1_000_000, http_timeout_s=0.4)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.agents: list[str] = []
        self.sent: dict[str, int] = {}
        self.done: dict[str, threading.Event] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early are the point of several tests: stay quiet."""


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:
        """No request log on stderr."""

    def _reply(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
               headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, declared: bool) -> None:
        done = self.server.done.setdefault(self.path, threading.Event())
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        sent = 0
        try:
            while sent < BIG:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except OSError:
            pass
        finally:
            self.server.sent[self.path] = sent
            done.set()

    def do_GET(self) -> None:
        self.server.agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/story":
            self._reply(200, STORY.encode("utf-8"))
        elif path == "/priced":
            self._reply(200, PRICED.encode("iso-8859-15"), "text/html; charset=iso-8859-15")
        elif path == "/slow":
            time.sleep(1.5)
            self._reply(200, STORY.encode("utf-8"))
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path in ("/loop-a", "/loop-b"):
            other = "/loop-b" if path == "/loop-a" else "/loop-a"
            self._reply(302, b"", headers=(("Location", other),))
        elif path == "/moved":
            self._reply(301, b"", headers=(("Location", "/story"),))
        elif path == "/missing":
            self._reply(404, b"<h1>Not found</h1>")
        elif path == "/broken":
            self._reply(500, b"<h1>Server error</h1>")
        elif path == "/busy":
            self._reply(503, b"", headers=(("Retry-After", "60"),))
        elif path == "/picture":
            self._reply(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif path in ("/huge-declared", "/huge-streamed"):
            self._stream(declared=path == "/huge-declared")
        elif path == "/feed":
            self._reply(200, rss(self.server.base).encode("utf-8"),
                        "application/rss+xml; charset=utf-8")
        elif path == "/not-a-feed":
            self._reply(200, b"this was meant to be a feed", "application/rss+xml")
        else:
            self._reply(404, b"")


def dead_url() -> str:
    """A URL on a loopback port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


def rss(base: str) -> str:
    stamp = formatdate(1_600_000_000, usegmt=True)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour news</title><link>{base}/</link><description>d</description>
<item><title>Ferry service resumes</title><link>{base}/story</link></item>
<item><title>Night market opens</title><link>{dead_url()}</link><pubDate>{stamp}</pubDate>
<content:encoded><![CDATA[<p>The night market opened its first season on Friday with sixty
stalls selling food, books and hand-made clothes along the old canal.</p><p>Organisers said
they expected the market to run every weekend until the end of October if the weather held.</p>
]]></content:encoded></item>
<item><title>Gone for good</title><link>{base}/missing</link></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    httpd = LocalServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def ctx(context: Callable[[str], StageContext]) -> StageContext:
    return context("extract")


def failure(item: RawDocument | Failure) -> Failure:
    assert isinstance(item, Failure), item
    return item


def test_fetch_returns_the_page_with_a_fetch_access_date(server: LocalServer) -> None:
    raw = fetch(f"{server.base}/story", FAST)
    assert isinstance(raw, RawDocument)
    assert raw.kind == "html" and raw.content == STORY.encode("utf-8")
    assert raw.accessed.basis == "fetch" and raw.accessed.precision == "day"


def test_fetch_sends_a_polite_user_agent(server: LocalServer) -> None:
    fetch(f"{server.base}/story", FAST)
    assert server.agents[-1] == USER_AGENT
    assert server.agents[-1].startswith("eventatlas/") and "+http" in server.agents[-1]


def test_charset_from_the_content_type_header_decodes_the_page(
        server: LocalServer, ctx: StageContext) -> None:
    raw = fetch(f"{server.base}/priced", FAST)
    assert isinstance(raw, RawDocument) and raw.encoding == "iso-8859-15"
    assert "costs 4 \u20ac at the covered market" in extract(raw, ctx).document.text


def test_a_slow_server_is_a_transient_timeout(server: LocalServer) -> None:
    start = time.monotonic()
    item = failure(fetch(f"{server.base}/slow", FAST))
    assert item.reason == "transient" and "timeout" in item.detail
    assert time.monotonic() - start < 1.4


def test_a_body_that_trickles_in_forever_is_cut_off_as_a_timeout(server: LocalServer) -> None:
    start = time.monotonic()
    item = failure(fetch(f"{server.base}/drip", FAST))
    assert item.reason == "transient" and "timeout" in item.detail
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize(("path", "reason", "detail"), [
    ("/missing", "fetch_failed", "HTTP 404"),
    ("/broken", "transient", "HTTP 500"),
    ("/busy", "transient", "HTTP 503"),
    ("/loop-a", "fetch_failed", "redirect loop"),
    ("/picture", "not_text", "image/png"),
])
def test_http_problems_are_failures_with_a_clear_reason(
        server: LocalServer, path: str, reason: str, detail: str) -> None:
    item = failure(fetch(server.base + path, FAST))
    assert item.reason == reason and detail in item.detail
    assert item.source == server.base + path and item.stage == "acquire"


def test_a_redirect_is_followed_and_the_final_url_kept(server: LocalServer) -> None:
    raw = fetch(f"{server.base}/moved", FAST)
    assert isinstance(raw, RawDocument)
    assert raw.source == f"{server.base}/moved" and raw.url == f"{server.base}/story"


def test_a_refused_connection_is_transient() -> None:
    assert failure(fetch(dead_url(), FAST)).reason == "transient"


def test_a_declared_30_mb_page_is_refused_before_its_body_is_read(server: LocalServer) -> None:
    item = failure(fetch(f"{server.base}/huge-declared", FAST))
    assert item.reason == "too_large" and "Content-Length 30000000" in item.detail
    assert server.done["/huge-declared"].wait(10)
    assert server.sent["/huge-declared"] < BIG // 2


def test_an_undeclared_30_mb_page_is_cut_off_at_the_limit(server: LocalServer) -> None:
    item = failure(fetch(f"{server.base}/huge-streamed", FAST))
    assert item.reason == "too_large" and f"more than {FAST.max_bytes}" in item.detail
    assert server.done["/huge-streamed"].wait(10)
    assert server.sent["/huge-streamed"] < BIG // 2


def test_a_bad_url_among_good_ones_does_not_stop_the_batch(server: LocalServer) -> None:
    items = list(acquire([f"{server.base}/missing", f"{server.base}/story"], FAST))
    assert [type(i).__name__ for i in items] == ["Failure", "RawDocument"]


def test_a_feed_url_yields_each_item_page_or_its_own_content(
        server: LocalServer, ctx: StageContext) -> None:
    items = list(acquire([f"{server.base}/feed"], FAST))
    assert len(items) == 3
    fetched, from_feed, missing = items
    assert isinstance(fetched, RawDocument) and fetched.source == f"{server.base}/story"
    assert fetched.content == STORY.encode("utf-8")
    assert isinstance(from_feed, RawDocument) and from_feed.kind == "html"
    document = extract(from_feed, ctx).document
    assert document.title == "Night market opens"
    assert document.text.startswith("The night market opened its first season")
    assert document.published.value == "2020-09-13" and document.published.basis == "meta"
    assert failure(missing).reason == "fetch_failed"


def test_a_feed_url_that_is_not_xml_is_one_failure(server: LocalServer) -> None:
    items = list(acquire([f"{server.base}/not-a-feed", f"{server.base}/story"], FAST))
    assert failure(items[0]).reason == "bad_feed"
    assert isinstance(items[1], RawDocument)
