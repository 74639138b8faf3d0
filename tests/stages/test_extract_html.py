"""extract on HTML: trafilatura plus chrome post-cleaning, metadata and dates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventatlas.errors import NoArticleFound, NotText, StageError
from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import ExtractSettings, load_settings
from eventatlas.stages.extract import extract, sniff_kind
from eventatlas.stages.extract_rules import drop_chrome, load_chrome_rules
from eventatlas.stages.html_extract import clean_title, date_from_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"
PARAGRAPHS = (
    "<p>The city library reopened its reading rooms on Saturday after a two-year renovation "
    "that replaced the roof, the heating and most of the old wooden shelving.</p>"
    "<p>Librarians said more than three thousand visitors came on the first day, many of them "
    "families who had waited since the closure to borrow books in person again.</p>"
)


@pytest.fixture(scope="module")
def ctx(context: Callable[[str], StageContext]) -> StageContext:
    return context("extract")


def run(ctx: StageContext, html: str | bytes, url: str | None = None) -> Analysis:
    content = html.encode("utf-8") if isinstance(html, str) else html
    return extract(RawDocument(source=url or "page.html", content=content, url=url), ctx)


def page(head: str = "", body: str = PARAGRAPHS) -> str:
    return (f"<html><head><title>Library reopens</title>{head}</head>"
            f"<body><article><h1>Library reopens</h1>{body}</article></body></html>")


@pytest.fixture(scope="module")
def news(ctx: StageContext) -> Analysis:
    return run(ctx, (FIXTURES / "news_page.html").read_bytes())


def test_html_page_keeps_article_paragraphs(news: Analysis) -> None:
    text = news.document.text
    assert text.startswith("Dock workers at the southern harbour")
    assert text.endswith("worked through.")
    assert "\n\nTalks ran through the night\n\n" in text


@pytest.mark.parametrize("chrome", ["Share this article", "Facebook Twitter", "Read more:",
                                    "Sign up for our newsletter", "Support independent journalism",
                                    "Related stories", "Ferry operators", "uses cookies",
                                    "All rights reserved"])
def test_html_body_drops_chrome(news: Analysis, chrome: str) -> None:
    assert chrome not in news.document.text


def test_html_metadata_title_without_site_suffix(news: Analysis) -> None:
    doc = news.document
    assert doc.title == "Harbour workers end strike after pay deal"
    assert doc.site == "The Coastal Ledger"
    assert doc.author == "Ilse Brandvold"
    assert doc.language == "en"


def test_published_date_from_meta_tag(news: Analysis) -> None:
    assert news.document.published.model_dump() == {"value": "2023-06-14", "precision": "day",
                                                    "basis": "meta"}


def test_published_date_from_json_ld(ctx: StageContext) -> None:
    ld = '<script type="application/ld+json">{"@graph": [{"datePublished": "2022-02-03"}]}</script>'
    assert run(ctx, page(ld)).document.published.value == "2022-02-03"


def test_published_date_from_url_when_markup_has_none(ctx: StageContext) -> None:
    doc = run(ctx, page(), url="https://news.example.org/2021/09/06/library-reopens").document
    assert doc.published.model_dump() == {"value": "2021-09-06", "precision": "day",
                                          "basis": "url"}


def test_published_date_unknown_without_evidence(ctx: StageContext) -> None:
    assert run(ctx, page()).document.published.value is None


def test_date_from_url_month_only_has_month_precision() -> None:
    value = date_from_url("https://example.org/2020/07/some-story")
    assert value is not None and (value.value, value.precision) == ("2020-07-01", "month")
    assert date_from_url("https://example.org/story-123") is None


@pytest.mark.parametrize(("title", "expected"), [
    ("Library reopens | City Times", "Library reopens"),
    ("City Times - Library reopens after renovation", "Library reopens after renovation"),
    ("Afghanistan: talks resume - City Times", "Afghanistan: talks resume"),
    ("Re-opening day - a look back", "Re-opening day - a look back"),
])
def test_clean_title_removes_site_name(title: str, expected: str) -> None:
    assert clean_title(title, "City Times", "www.citytimes.example") == expected


def test_navigation_only_page_is_no_article(ctx: StageContext) -> None:
    nav = "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>"
    with pytest.raises(NoArticleFound):
        run(ctx, nav)


def test_gzip_bytes_are_not_text(ctx: StageContext) -> None:
    with pytest.raises(NotText):
        run(ctx, b"\x1f\x8b\x08\x00" + bytes(range(256)))


def test_markup_is_sniffed_as_html() -> None:
    assert sniff_kind(b"  <!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"Plain words about a <b>tag</b> later") == "text"


def test_drop_chrome_keeps_prose_after_a_mid_article_related_box() -> None:
    prose = ("Officials said the bridge would stay closed for repairs until the spring, and "
             "that ferries would run twice an hour in the meantime for commuters. ") * 5
    kept = drop_chrome(["Intro paragraph of the story.", "Related articles", prose],
                       load_chrome_rules())
    assert kept == ["Intro paragraph of the story.", prose]


def test_drop_chrome_removes_trailing_link_list() -> None:
    kept = drop_chrome(["Story text.", "You may also like", "Ten cheap lunches", "Best parks"],
                       load_chrome_rules())
    assert kept == ["Story text."]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<article>", "<script>", "<meta ",
                                 "charset=", "<time datetime='2021-13-40'>", "&#0;", "\x00",
                                 "ünïcode ", "word ", "<h1>", "<!--", "-->", "]]>"]),
                max_size=200).map("".join))
def test_extract_on_tag_soup_returns_analysis_or_stage_error(markup: str) -> None:
    ctx = StageContext(config=ExtractSettings(min_body_chars=1),
                       services=Services(load_settings()), stage="eventatlas.extract.v1")
    try:
        result = extract(RawDocument(source="soup", content=markup.encode(), kind="html"), ctx)
    except StageError:
        return
    assert isinstance(result, Analysis)
