"""Near duplicates: SimHash signatures over word shingles and an LSH index over them.

A syndicated copy (other headline, other site chrome, a credit line) is a near duplicate of the
original; a follow-up story on the same event, sharing names and places, is not."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventatlas.model import Document, RawDocument
from eventatlas.pipeline import StageContext
from eventatlas.stages.extract import extract
from eventatlas.stages.near_duplicates import (
    DEFAULT_MAX_DISTANCE,
    SIGNATURE_BITS,
    InvalidSignature,
    NearDuplicateIndex,
    distance,
    is_near_duplicate,
    simhash,
)

STORY = [
    ("Floodwater broke through an earth embankment north of the river town of Velmar early on "
     "Tuesday, forcing about four thousand residents to leave their homes before dawn."),
    ("Regional officials said the breach opened shortly after three in the morning, when the "
     "river was more than two metres above its usual level after a week of heavy rain across "
     "the upper valley."),
    ("Firefighters and volunteers spent the night moving elderly residents from the lower "
     "streets to the sports hall and two schools on the hill, which the council opened as "
     "emergency shelters."),
    ("No deaths have been reported, but a rescue crew pulled a man from the roof of his car on "
     "the ring road, and three people were treated in hospital for cold and exhaustion."),
    ("Engineers were trying on Tuesday afternoon to close the gap with sandbags dropped by "
     "helicopter, while the water company warned that tap water in the eastern district "
     "should be boiled until further notice."),
    ("The embankment had been listed for repair two years ago, according to a council report, "
     "but the work was postponed because of a dispute over who should pay for it."),
]
FOLLOW_UP = [
    ("Residents of Velmar began returning to their homes on Friday, three days after a river "
     "embankment north of the town gave way and flooded the lower streets."),
    ("Many found their ground floors covered in mud, and insurers set up a tent in the market "
     "square where owners could register claims and ask for an assessor to visit."),
    ("The council said the repaired embankment would be inspected every week until the end of "
     "the winter, and that a full review of flood defences along the valley would begin in "
     "the spring."),
    ("Opposition councillors have called for an inquiry into why repairs planned two years ago "
     "were never carried out, and the regional government said it would publish the "
     "engineers' reports next month."),
    ("The water company lifted its boil notice for the eastern district on Thursday evening "
     "after tests showed the supply was safe again."),
]


def original_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return ("<html><head><title>Embankment breach forces thousands from homes | Valley Post"
            "</title><meta name='author' content='Mira Tanner'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>Embankment breach forces thousands from homes</h1>{body}</article>"
            "<footer><p>© 2024 Valley Post. All rights reserved.</p></footer></body></html>")


def syndicated_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return ("<html><head><title>Thousands flee as river bursts its banks - Coastal Herald"
            "</title></head><body><header><p>Subscribe to our newsletter</p></header>"
            "<article><h1>Thousands flee as river bursts its banks</h1>"
            f"<p>VELMAR (Wire) —</p>{body}"
            "<p>This story was distributed by a news agency and is republished with "
            "permission.</p></article><aside><h3>Most read</h3><ul><li>Harbour fees rise</li>"
            "<li>New ferry timetable</li></ul></aside></body></html>")


def follow_up_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in FOLLOW_UP)
    return ("<html><head><title>Velmar residents return to flooded homes | Valley Post"
            f"</title></head><body><article><h1>Residents return</h1>{body}</article>"
            "</body></html>")


@pytest.fixture(scope="module")
def documents(context: Callable[[str], StageContext]) -> dict[str, Document]:
    ctx = context("extract")
    pages = {"original": ("https://valley.example/a", original_page()),
             "copy": ("https://coast.example/b", syndicated_page()),
             "follow_up": ("https://valley.example/c", follow_up_page())}
    return {name: extract(RawDocument(source=url, content=html.encode(), kind="html", url=url),
                          ctx).document
            for name, (url, html) in pages.items()}


def test_extract_stores_a_128_bit_signature_of_the_body(documents: dict[str, Document]) -> None:
    doc = documents["original"]
    assert doc.simhash == simhash(doc.text) and len(doc.simhash) == SIGNATURE_BITS // 4


def test_a_syndicated_copy_with_another_headline_and_chrome_is_a_near_duplicate(
        documents: dict[str, Document]) -> None:
    original, copy = documents["original"], documents["copy"]
    assert original.title != copy.title and original.text != copy.text
    assert is_near_duplicate(original, copy)


def test_a_follow_up_story_on_the_same_event_is_not_a_near_duplicate(
        documents: dict[str, Document]) -> None:
    assert not is_near_duplicate(documents["original"], documents["follow_up"])
    assert not is_near_duplicate(documents["copy"], documents["follow_up"])
    assert distance(documents["original"].simhash or "", documents["follow_up"].simhash or
                    "") > 2 * DEFAULT_MAX_DISTANCE


def test_plain_texts_can_be_compared_without_documents() -> None:
    text = " ".join(STORY)
    assert is_near_duplicate(text, text.replace("four thousand", "4,000"))
    assert not is_near_duplicate(text, " ".join(FOLLOW_UP))


def test_signatures_ignore_case_punctuation_and_spacing() -> None:
    text = " ".join(STORY)
    assert simhash(text) == simhash(text.upper().replace(",", " ").replace(".", " ;  "))


def test_the_index_links_copies_and_leaves_other_stories_alone(
        documents: dict[str, Document]) -> None:
    index = NearDuplicateIndex()
    assert index.add_document(documents["original"]) == []
    (match,) = index.add_document(documents["copy"])
    assert match.key == documents["original"].id and match.distance <= DEFAULT_MAX_DISTANCE
    assert index.add_document(documents["follow_up"]) == []
    assert index.groups() == [[documents["original"].id, documents["copy"].id]]
    assert len(index) == 3 and documents["copy"].id in index


def test_the_index_finds_many_copies_among_many_unrelated_documents() -> None:
    rng = random.Random(7)
    index = NearDuplicateIndex()
    for n in range(300):
        index.add(f"noise{n}", f"{rng.getrandbits(SIGNATURE_BITS):032x}")
    text = " ".join(STORY)
    index.add("first", simhash(text))
    index.add("second", simhash(text + " Reporting by the valley desk."))
    assert ["first", "second"] in index.groups()
    assert [m.key for m in index.query(simhash(text))][:1] == ["first"]


def test_re_adding_a_key_replaces_its_signature() -> None:
    index = NearDuplicateIndex(max_distance=3)
    index.add("a", "0" * 32)
    index.add("a", "f" * 32)
    assert index.query("0" * 32) == [] and [m.key for m in index.query("f" * 32)] == ["a"]
    index.remove("a")
    assert len(index) == 0 and index.query("f" * 32) == []


@pytest.mark.parametrize("bad", ["", "xyz", "0" * 31, "g" * 32])
def test_malformed_signatures_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidSignature):
        distance(bad, "0" * 32)


@given(st.integers(0, 2**SIGNATURE_BITS - 1),
       st.sets(st.integers(0, SIGNATURE_BITS - 1), max_size=40), st.integers(4, 32))
def test_the_index_finds_every_signature_within_its_bands_and_none_beyond_its_distance(
        value: int, flips: set[int], bands: int) -> None:
    other = value
    for bit in flips:
        other ^= 1 << bit
    index = NearDuplicateIndex(bands=bands)
    index.add("stored", f"{value:032x}")
    found = index.query(f"{other:032x}")
    if len(flips) < bands and len(flips) <= DEFAULT_MAX_DISTANCE:
        assert [(m.key, m.distance) for m in found] == [("stored", len(flips))]
    if len(flips) > DEFAULT_MAX_DISTANCE:
        assert found == []
