"""A document without a publication date still joins the story it reports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import features, same_story
from eventatlas.fuse.run import update
from eventatlas.fuse.stories import list_stories
from eventatlas.store import Store, open_store

from .builders import HILLFORD, analysis, event

DAM_1 = ("Engineers from Ostrava Water said on Monday that the Kellerby Dam on the Varne "
         "River had cracked after the storm, and the Marlow county council ordered villages "
         "below the Kellerby Dam to leave their homes.")
DAM_2 = ("Villages below the Kellerby Dam were emptied on Tuesday after the Marlow county "
         "council warned that the crack found by Ostrava Water engineers could widen, as the "
         "Varne River kept rising.")
DAM_UNDATED = ("Residents who left their villages under the Kellerby Dam described a chaotic "
               "night: the Marlow county council sent buses, Ostrava Water engineers kept "
               "watch on the crack and the Varne River was still rising by morning.")
FAIR = ("The annual Pellham book fair opened with readings by Anna Corvel and a prize for "
        "Tomas Reddin, and organisers in Pellham said visitor numbers beat last year.")


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        yield opened


def test_undated_report_shares_a_story_on_content_alone() -> None:
    cfg = FuseConfig()
    dated = features(DAM_1, day="2030-04-01", title="Kellerby Dam cracks")
    undated = features(DAM_UNDATED, day=None, title="A night under the Kellerby Dam")
    assert same_story(dated, undated, cfg) and same_story(undated, dated, cfg)
    assert not same_story(features(FAIR, day=None), dated, cfg)


def test_undated_document_joins_the_dated_story_in_the_store(store: Store) -> None:
    for doc, day, text in (("a", "2030-04-01", DAM_1), ("b", "2030-04-02", DAM_2),
                           ("c", None, DAM_UNDATED), ("d", None, FAIR)):
        store.write(analysis(doc, site=f"Outlet {doc}", published=day, text=text,
                             events=[event(doc, 0, day=day, place=HILLFORD if day else None,
                                           actor1=None)]))
    update(store)
    stories = {tuple(sorted(d.id for d in s.documents)) for s in list_stories(store)}
    assert ("doc_a", "doc_b", "doc_c") in stories and ("doc_d",) in stories
