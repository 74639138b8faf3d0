"""The events scorer: its readers and rates on small fixtures, and a run on ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import shared_path

from eventatlas.evaluate.events import (
    _accuracy_f1,
    _main_actor,
    _Runner,
    _url_date,
    evaluate_events,
    read_cameo_map,
    read_petrarch,
)
from eventatlas.services import Services
from eventatlas.settings import Settings


def test_accuracy_and_macro_f1_average_over_gold_classes() -> None:
    pairs = [("AGREE", "AGREE"), ("AGREE", "none"), ("REJECT", "REJECT"), ("REJECT", "AGREE")]
    scores = _accuracy_f1(pairs)
    assert scores["accuracy"] == 0.5 and scores["n"] == 4
    assert scores["macro_f1"] == pytest.approx((0.5 + 2 / 3) / 2, abs=1e-4)


def test_publication_day_is_read_from_article_urls() -> None:
    assert _url_date("http://x.example/news/2016/jan/26/story/") == "2016-01-26"
    assert _url_date("http://x.example/2015/12/11/story/") == "2015-12-11"
    assert _url_date("http://x.example/article/20150803/NEWS/1") == "2015-08-03"
    assert _url_date("http://x.example/post/no-date/") is None


def test_petrarch_codes_map_to_plover_roots_and_unmapped_cases_drop(tmp_path: Path) -> None:
    mapping = tmp_path / "map.txt"
    mapping.write_text("04: CONSULT\n042: CONSULT, visit,\n19: ASSAULT\n", encoding="utf-8")
    records = tmp_path / "records.xml"
    records.write_text(
        '<Sentences><Sentence id="a"><EventCoding sourcecode="X" targetcode="Y" '
        'eventcode="042"></EventCoding><Text>Ministers from  Elbonia visited Freedonia.'
        '</Text></Sentence><Sentence id="b"><EventCoding eventcode="903"></EventCoding>'
        '<Text>Odd.</Text></Sentence><Sentence id="c"><EventCoding noevents="True">'
        '</EventCoding><Text>Nothing happened.</Text></Sentence></Sentences>',
        encoding="utf-8")
    cases = read_petrarch(records, read_cameo_map(mapping))
    assert [(c.text, set(c.roots)) for c in cases] == [
        ("Ministers from Elbonia visited Freedonia.", {"CONSULT"}), ("Nothing happened.", set())]


@pytest.mark.slow
@pytest.mark.slow
def test_main_actor_compares_our_actor1_country_with_the_gold_source(
        settings: Settings, services: Services) -> None:
    text = "French troops attacked rebel positions near Gao on Monday."
    records = [{"text": text, "source": [{"code": "FRA"}]},
               {"text": text, "source": [{"code": "DEU"}]},
               {"text": text, "source": []}]  # no gold source: not scored
    items = _Runner(settings, services).run([r["text"] for r in records])
    assert _main_actor(records, items, services) == {"accuracy": 0.5, "n": 2}
    assert _main_actor(records[:2], [None, None], services) == {"accuracy": 0.0, "n": 2}


def test_events_eval_runs_on_the_shared_sets() -> None:
    data = shared_path("eval", "events")
    result = evaluate_events(data, limit=12)
    assert result["plover"]["n"] == 12 and 0.0 <= result["plover"]["accuracy"] <= 1.0
    assert {"location_accuracy", "date_accuracy", "killed_accuracy",
            "injured_accuracy"} <= set(result["gvdb"])
    assert result["event_location"]["n"] == 48
    assert result["petrarch"]["unit_tests"]["n"] == 12
