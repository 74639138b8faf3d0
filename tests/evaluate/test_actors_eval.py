"""eval actors: name matching, gold reading, code and sector mapping, the whole suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_path

from eventatlas.evaluate.actors import (
    actor_code,
    actor_sector,
    evaluate_actors,
    names_match,
    read_gvdb,
    read_plover,
)
from eventatlas.model import Actor, Affiliation, Mention, stable_id
from eventatlas.stages.actor_registry import ActorRegistry


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def test_names_match_on_contained_words_and_ignore_initials() -> None:
    assert names_match("Dana L. Price", "Dana Price")
    assert names_match("Price", "Dana Price")
    assert not names_match("Dana Price", "Dana Hill")
    assert not names_match("", "Dana Price")


def test_plover_reader_locates_gold_actor_text(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps([
        {"id": "doc", "event": "DOCUMENT"},
        {"text": "Norwegian officials met Ugandan rebels.", "date": "2001-01-01",
         "source": [{"actorText": "Norwegian officials", "code": "NOR", "sector": "GOV"}],
         "target": [{"actorText": "Ugandan rebels", "code": "UGA", "sector": "REBx"}]},
    ]))
    ((text, day, gold),) = read_plover(path, None)
    assert day == "2001-01-01"
    assert [text[g.start:g.end] for g in gold] == ["Norwegian officials", "Ugandan rebels"]
    assert [g.sector for g in gold] == ["GOV", "REB"]


def test_gvdb_reader_keeps_articles_with_named_people(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    named = {"shooter-section": [{"name": {"value": "Dana Price"}}], "victim-section": []}
    rows = ["Article id\tArticle url\tArticle title\tFull text\tJson",
            f"1\tu\tt\tDana Price fired.\t{json.dumps(named)}",
            f"2\tu\tt\tSomeone fired.\t{json.dumps({'shooter-section': []})}"]
    path.write_text("\n".join(rows) + "\n")
    assert read_gvdb(path, None) == [("Dana Price fired.", None, ["Dana Price"])]


def test_codes_are_iso3_or_igo_for_international_organisations(registry: ActorRegistry) -> None:
    state = Actor(id="act_x", name="Norway", kind="state", country="NO")
    un = Actor(id=stable_id("actor", "registry", "int-un"), name="United Nations",
               kind="organization")
    assert actor_code(state, registry) == "NOR"
    assert actor_code(un, registry) == "IGO"


def test_sectors_follow_the_documented_mapping(registry: ActorRegistry) -> None:
    def sector(kind: str, name: str = "x", roles: tuple[str, ...] = ()) -> str | None:
        return actor_sector(Actor(id="act_x", name=name, kind=kind,  # type: ignore[arg-type]
                                  roles=roles), registry)

    assert sector("state") == "GOV"
    assert sector("state_forces") == "MIL"
    assert sector("state_forces", "police") == "COP"
    assert sector("armed_group") == "REB"
    assert sector("person", roles=("Foreign Minister",)) == "GOV"
    assert sector("person", roles=("Secretary General",)) == "GOV"
    assert sector("person", roles=("General",)) == "MIL"
    assert sector("state", "Serbian parliament") == "LEG"


@pytest.mark.slow
def test_suite_reports_accuracy_and_name_scores() -> None:
    data = shared_path("eval", "events")
    result = evaluate_actors(data, limit=8)["scores"]
    assert 0.0 <= result["plover"]["country"]["accuracy"] <= 1.0
    assert result["plover"]["gold_actors"] > 0
    names = result["gvdb"]["names"]
    assert set(names) == {"precision", "recall", "f1"} and names["recall"] > 0.3


def test_a_person_titled_as_an_igo_officer_is_coded_igo() -> None:
    registry = ActorRegistry.load()
    league = stable_id("actor", "registry", "int-arab-league")
    evidence = Mention(start=0, end=5, text="envoy")
    person = Actor(id="p", name="Tarek Mansour", kind="person", country="EG",
                   affiliations=(Affiliation(type="membership", target=league,
                                             evidence=evidence),))
    assert actor_code(person, registry) == "IGO"
    assert actor_code(person.model_copy(update={"affiliations": ()}), registry) == "EGY"
