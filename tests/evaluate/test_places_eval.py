"""The places scorer on a few LGL / TR-News articles (skips when ../shared/eval is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventatlas.evaluate.places import GoldArticle, GoldToponym, read_corpus, score_resolution
from eventatlas.services import Services
from eventatlas.settings import Settings
from eventatlas.stages.gazetteer import Gazetteer

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GEO = SHARED / "eval" / "geo"


@pytest.fixture(scope="module")
def gazetteer(services: Services) -> Gazetteer:
    return services.gazetteer


def test_reader_realigns_drifted_offsets(tmp_path: Path) -> None:
    xml = ("<articles><article docid='1'><text>Rain fell on Lyon and Nantes.</text><toponyms>"
           "<toponym><start>14</start><end>18</end><phrase>Lyon</phrase></toponym>"
           "<toponym><start>22</start><end>28</end><phrase>Nantes</phrase></toponym>"
           "<toponym><start>0</start><end>4</end><phrase>Oslo</phrase></toponym>"
           "</toponyms></article></articles>")
    (tmp_path / "c.xml").write_text(xml, encoding="utf-8")
    (art,) = read_corpus(tmp_path / "c.xml")
    assert [(t.phrase, art.text[t.start:t.end]) for t in art.toponyms] == [
        ("Lyon", "Lyon"), ("Nantes", "Nantes")]  # off by one, realigned; a missing one dropped


def _corpus(name: str) -> Path:
    path = GEO / name
    if not path.exists():
        pytest.skip(f"{path} not present (../shared/eval is only in the developers' checkout)")
    return path


def test_resolution_scores_exact_id_distance_and_median(gazetteer: Gazetteer) -> None:
    text = "Paris is big."
    art = GoldArticle("1", text, (GoldToponym(0, 5, "Paris", 2988507, 48.85341, 2.3488),))
    result = score_resolution([art], gazetteer)
    assert result == {"toponyms": 1, "exact_id": 1.0, "acc_161km": 1.0, "median_km": 0.0,
                      "unresolved": 0}


@pytest.mark.shared
def test_reader_offsets_match_the_phrases() -> None:
    for name in ("lgl.xml", "TR-News.xml"):
        for art in read_corpus(_corpus(name), limit=20):
            for top in art.toponyms:
                assert art.text[top.start:top.end] == top.phrase


@pytest.mark.shared
def test_resolution_on_lgl_sample_beats_floor(gazetteer: Gazetteer) -> None:
    articles = list(read_corpus(_corpus("lgl.xml"), limit=60))
    result = score_resolution(articles, gazetteer)
    assert result["toponyms"] > 200
    assert result["acc_161km"] > 0.6 and result["median_km"] < 100


@pytest.mark.shared
@pytest.mark.slow
def test_end_to_end_recognition_on_tr_news_sample(settings: Settings) -> None:
    from eventatlas.evaluate.places import evaluate_places

    _corpus("TR-News.xml")
    result = evaluate_places(SHARED / "eval" / "geo", limit=10, settings=settings)
    assert result["tr_news"]["recognition"]["exact"]["f1"] > 0.5
