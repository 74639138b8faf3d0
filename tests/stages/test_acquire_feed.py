"""acquire on RSS/Atom feed files: recognised by content, items followed or read from the feed,
a feed that is not XML recorded as one Failure while other inputs go on."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from eventatlas.model import Failure, RawDocument
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import acquire
from eventatlas.stages.acquire_feed import declares_feed, looks_like_feed, read_feed

CONFIG = AcquireSettings(max_bytes=100_000, http_timeout_s=0.5)
BODY = ("The county library began lending tools as well as books this spring, from drills "
        "and ladders to sewing machines, and the first month's loans beat every forecast.")


def dead_link(path: str = "/item") -> str:
    """A loopback URL nobody listens on: fetching it fails at once (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def atom(entries: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!-- generated -->\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Library notes</title>'
            f'<id>urn:x:feed</id><updated>2023-05-02T08:00:00Z</updated>{entries}</feed>')


def entry(title: str, link: str | None, summary: str | None) -> str:
    parts = [f"<title>{title}</title>", f"<id>urn:x:{title.replace(' ', '-')}</id>",
             "<updated>2023-05-01T09:30:00Z</updated>"]
    if link:
        parts.append(f'<link href="{link}"/>')
    if summary:
        parts.append(f'<summary type="text">{summary}</summary>')
    return f"<entry>{''.join(parts)}</entry>"


def test_a_feed_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "updates.txt"
    path.write_text(atom(entry("Tools on loan", dead_link(), BODY)), "utf-8")
    (item,) = list(acquire([str(path)], CONFIG))
    assert isinstance(item, RawDocument) and item.kind == "html"
    page = item.content.decode("utf-8")
    assert BODY in page and "<title>Tools on loan</title>" in page
    assert 'content="2023-05-01"' in page


def test_an_unreachable_item_link_falls_back_to_the_feed_content(tmp_path: Path) -> None:
    link = dead_link("/tools")
    path = tmp_path / "notes.atom"
    path.write_text(atom(entry("Tools on loan", link, BODY)), "utf-8")
    (item,) = list(acquire([str(path)], CONFIG))
    assert isinstance(item, RawDocument)
    assert item.source == link and item.url == link


def test_a_feed_that_is_not_xml_is_a_failure_and_other_inputs_go_on(tmp_path: Path) -> None:
    (tmp_path / "a-broken.rss").write_text("Sorry, the feed is down for maintenance.")
    (tmp_path / "b-page.html").write_text(f"<html><body><p>{BODY}</p></body></html>")
    items = list(acquire([str(tmp_path)], CONFIG))
    assert isinstance(items[0], Failure)
    assert items[0].reason == "bad_feed" and items[0].source.endswith("a-broken.rss")
    assert isinstance(items[1], RawDocument) and items[1].source.endswith("b-page.html")


def test_an_empty_item_is_a_failure_and_the_next_items_are_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(atom(entry("Nothing here", None, None) + entry("Tools", None, BODY)))
    items = list(acquire([str(path)], CONFIG))
    assert [type(i).__name__ for i in items] == ["Failure", "RawDocument"]
    assert isinstance(items[0], Failure) and items[0].reason == "empty"
    assert items[0].source == f"{path}#item1" and items[1].source == f"{path}#item2"


def test_a_feed_without_items_is_recorded_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "quiet.xml"
    path.write_text(atom(""))
    (item,) = list(acquire([str(path)], CONFIG))
    assert isinstance(item, Failure) and item.reason == "empty"


def test_an_xml_page_that_is_not_a_feed_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                    f"<body><p>{BODY}</p></body></html>")
    (item,) = list(acquire([str(path)], CONFIG))
    assert isinstance(item, RawDocument) and item.kind == "html"


def test_relative_item_links_are_resolved_against_the_feed_link() -> None:
    feed = ('<rss version="2.0"><channel><title>t</title><link>https://news.example/</link>'
            "<item><title>One</title><link>/2023/05/one</link></item></channel></rss>")
    asked: list[str] = []

    def fetch(url: str) -> RawDocument | Failure:
        asked.append(url)
        return RawDocument(source=url, content=b"<p>ok</p>", kind="html", url=url)

    (item,) = list(read_feed("feed.rss", feed.encode(), fetch))
    assert asked == ["https://news.example/2023/05/one"]
    assert isinstance(item, RawDocument) and item.source == asked[0]


@pytest.mark.parametrize("head", [
    b'<?xml version="1.0"?><rss version="2.0"><channel>',
    b'\xef\xbb\xbf<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- c -->\n<feed>',
    b'<feed xmlns="http://www.w3.org/2005/Atom">',
    b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
])
def test_feed_roots_are_recognised(head: bytes) -> None:
    assert looks_like_feed(head)


@pytest.mark.parametrize("head", [
    b"<!DOCTYPE html><html><body><p>rss feed</p>",
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    b"plain text that mentions <feed> later on",
    b"",
])
def test_pages_and_other_xml_are_not_feeds(head: bytes) -> None:
    assert not looks_like_feed(head)


def test_feed_names_and_content_types_declare_a_feed() -> None:
    assert declares_feed("news.rss") and declares_feed("https://x.example/feed.atom?x=1")
    assert declares_feed("https://x.example/feed", "application/rss+xml; charset=utf-8")
    assert not declares_feed("news.xml", "text/xml")
