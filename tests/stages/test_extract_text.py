"""extract on scraped plain text: the line classifier and the failures it reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventatlas.errors import EmptyInput, NoArticleFound, NotText, StageError
from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import ExtractSettings, load_settings
from eventatlas.stages.extract import extract
from eventatlas.stages.extract_rules import load_chrome_rules
from eventatlas.stages.text_extract import extract_text, is_breadcrumb, lone_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "panjshir_article.txt"

BODY = (
    "The district water board said on Thursday that it had repaired the main pipeline that "
    "burst during the storm, restoring supply to most of the lower town by the evening.\n\n"
    "Engineers will inspect two smaller pipes next week, and residents were asked to boil "
    "drinking water until tests confirm that it is safe, the board said in a statement.\n"
)


@pytest.fixture(scope="module")
def ctx(context: Callable[[str], StageContext]) -> StageContext:
    return context("extract")


def run(ctx: StageContext, text: str | bytes, source: str = "page.txt") -> Analysis:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return extract(RawDocument(source=source, content=content, kind="text"), ctx)


def test_scraped_page_yields_headline_author_site_and_access_date(ctx: StageContext) -> None:
    doc = run(ctx, (FIXTURES / "scraped_page.txt").read_text("utf-8")).document
    assert doc.title is not None and doc.title.startswith("River council agrees")
    assert doc.title.endswith("eastern valley")  # the headline, not the truncated breadcrumb
    assert doc.author == "Mara Quell"
    assert doc.site == "Valley Courier"
    assert (doc.accessed.value, doc.accessed.basis) == ("2024-03-05", "page_header")
    assert doc.published.value is None and doc.published.precision == "unknown"
    assert doc.language == "en"


def test_scraped_page_body_drops_trailing_chrome_and_donation_appeal(ctx: StageContext) -> None:
    text = run(ctx, (FIXTURES / "scraped_page.txt").read_text("utf-8")).document.text
    assert text.startswith("The regional council of the northern river districts")
    assert text.endswith("collapsed within days.")
    for chrome in ("Support Us", "We need your support", "Related Articles", "Trending now",
                   "Advertisement", "Follow us", "Staff reporter", "coverage by", "Home"):
        assert chrome not in text


def test_subheading_stays_its_own_paragraph(ctx: StageContext) -> None:
    text = run(ctx, (FIXTURES / "scraped_page.txt").read_text("utf-8")).document.text
    assert "\n\nWhat the envoys will ask for\n\n" in text


def test_published_line_sets_published_date_with_text_basis(ctx: StageContext) -> None:
    page = "Water restored in the lower town\n\nPublished: 20 August 2021\n\n" + BODY
    doc = run(ctx, page).document
    assert doc.published.model_dump() == {"value": "2021-08-20", "precision": "day",
                                          "basis": "text"}
    assert doc.title == "Water restored in the lower town"
    assert "Published" not in doc.text


def test_by_line_sets_author_and_stays_out_of_body(ctx: StageContext) -> None:
    doc = run(ctx, "Water restored in the lower town\n\nBy Tomas Verhoeven\n\n" + BODY).document
    assert doc.author == "Tomas Verhoeven"
    assert "Verhoeven" not in doc.text


def test_agency_dateline_with_year_sets_published(ctx: StageContext) -> None:
    page = "LOWTOWN, Aug 20, 2021 (Wire Service) - " + BODY
    assert run(ctx, page).document.published.value == "2021-08-20"


def test_copyright_line_names_the_site(ctx: StageContext) -> None:
    doc = run(ctx, BODY + "\n© 2022 Lowtown Gazette\n").document
    assert doc.site == "Lowtown Gazette"
    assert "Gazette" not in doc.text


def test_inline_read_more_line_is_dropped_but_body_continues(ctx: StageContext) -> None:
    first, second = BODY.strip().split("\n\n")
    doc = run(ctx, f"{first}\n\nRead more: Storm damage in the hills\n\n{second}\n").document
    assert "Read more" not in doc.text
    assert doc.text.endswith("in a statement.")


def test_breadcrumb_and_lone_date_are_recognised() -> None:
    rules = load_chrome_rules()
    assert is_breadcrumb("HomeLocal NewsWater restored in the lower...", rules)
    assert is_breadcrumb("Home > Local > Water", rules)
    assert not is_breadcrumb("Homeowners said the water was back.", rules)
    assert lone_date("Sunday, April 14, 2024") == "2024-04-14"
    assert lone_date("The meeting on April 14, 2024 was short.") is None


def test_lines_are_classified_in_reading_order() -> None:
    page = (FIXTURES / "scraped_page.txt").read_text("utf-8")
    kinds = [line.kind for line in extract_text(page, load_chrome_rules()).lines]
    assert kinds[:4] == ["page_header_date", "breadcrumb", "headline", "body"]
    assert "subheading" in kinds and kinds[-1] == "chrome"


def test_short_text_is_no_article(ctx: StageContext) -> None:
    with pytest.raises(NoArticleFound):
        run(ctx, "Just a short line of text.")


@pytest.mark.parametrize("content", [b"", b"   \n\t  ", "\ufeff  \n".encode()])
def test_empty_input_is_reported_as_empty(ctx: StageContext, content: bytes) -> None:
    with pytest.raises(EmptyInput):
        run(ctx, content)


@pytest.mark.parametrize("content", [b"%PDF-1.7\n" + b"x" * 300, b"\x89PNG\r\n\x1a\n" + b"0" * 300,
                                     b"abc\x00def" * 50, bytes(range(1, 32)) * 20])
def test_binary_input_is_not_text(ctx: StageContext, content: bytes) -> None:
    with pytest.raises(NotText):
        run(ctx, content)


def test_same_input_gives_same_document_id(ctx: StageContext) -> None:
    assert run(ctx, BODY).document.id == run(ctx, BODY).document.id
    assert run(ctx, BODY).document.id != run(ctx, BODY, source="other.txt").document.id


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode),
       st.sampled_from(["unknown", "text", "html"]))
def test_extract_on_arbitrary_bytes_returns_analysis_or_stage_error(
    content: bytes, kind: str
) -> None:
    ctx = StageContext(config=ExtractSettings(min_body_chars=1),
                       services=Services(load_settings()), stage="eventatlas.extract.v1")
    raw = RawDocument(source="fuzz", content=content, kind=kind)  # type: ignore[arg-type]
    try:
        result = extract(raw, ctx)
    except StageError:
        return
    assert isinstance(result, Analysis)
    assert result.document.text


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason=f"reference article not found at {SEED}")
def test_reference_article_is_read_correctly(ctx: StageContext) -> None:
    raw_text = SEED.read_text("utf-8")
    lines = [line.strip() for line in raw_text.splitlines() if line.strip()]
    breadcrumb, headline = lines[1], lines[2]
    doc = run(ctx, SEED.read_bytes(), source=str(SEED)).document
    assert doc.title == headline and doc.title != breadcrumb
    assert doc.author == lines[lines.index("Related Articles") - 2]
    assert (doc.accessed.value, doc.accessed.basis) == ("2024-04-14", "page_header")
    assert doc.published.precision == "unknown" and doc.published.value is None
    body_lines = [p for p in lines if len(p) > 200]
    assert doc.text.startswith(body_lines[0])
    support = lines.index("Support Us")
    last_news = next(p for p in reversed(lines[:support]) if len(p) > 200)
    assert last_news in doc.text
    for chrome in lines[support - 1:]:
        assert chrome not in doc.text
    assert doc.site is not None and doc.site in lines[lines.index("Related Articles") - 1]
