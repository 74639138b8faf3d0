"""The places scorer on a few LGL / TR-News articles (skips when ../shared/eval is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventatlas.evaluate.places import GoldArticle, GoldToponym, read_corpus, score_resolution
from eventatlas.settings import PlacesSettings
from eventatlas.stages.gazetteer import Gazetteer

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GEO = SHARED / "eval" / "geo"


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(PlacesSettings(cache_dir=str(folder)))


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
def test_end_to_end_recognition_on_tr_news_sample(tmp_path_factory: pytest.TempPathFactory
                                                  ) -> None:
    from eventatlas.evaluate.places import evaluate_places
    from eventatlas.settings import load_settings

    _corpus("TR-News.xml")
    folder = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    result = evaluate_places(SHARED / "eval" / "geo", limit=10,
                             settings=load_settings(places={"cache_dir": str(folder)}))
    assert result["tr_news"]["recognition"]["exact"]["f1"] > 0.5
