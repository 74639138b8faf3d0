"""Language of the body: detected from function-word profiles and scripts; pages in a language
the pipeline cannot read are refused by the language gate, English pages never are."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventatlas.errors import UnsupportedLanguage
from eventatlas.model import Analysis, RawDocument
from eventatlas.pipeline import StageContext
from eventatlas.stages.extract import extract, require_supported_language
from eventatlas.stages.extract_rules import load_language_profiles

FRENCH = (
    "Le conseil municipal s'est réuni mardi soir pour discuter du budget de l'année prochaine. "
    "Selon le maire, les travaux de la nouvelle bibliothèque commenceront au printemps, mais "
    "plusieurs élus ont demandé que les dépenses soient réduites avant le vote final, qui aura "
    "lieu dans deux semaines après une consultation des habitants du quartier."
)
RUSSIAN = (
    "Городской совет собрался во вторник вечером, чтобы обсудить бюджет на следующий год. "
    "По словам мэра, строительство новой библиотеки начнётся весной, но несколько депутатов "
    "потребовали сократить расходы до окончательного голосования, которое пройдёт через две "
    "недели после встречи с жителями района."
)
GERMAN = (
    "Der Stadtrat hat sich am Dienstagabend getroffen, um über den Haushalt für das kommende "
    "Jahr zu beraten. Nach Angaben des Bürgermeisters sollen die Arbeiten an der neuen "
    "Bibliothek im Frühjahr beginnen, aber mehrere Mitglieder wollen die Ausgaben noch vor der "
    "Abstimmung kürzen, die in zwei Wochen stattfinden wird."
)
SPANISH = (
    "El ayuntamiento se reunió el martes por la noche para discutir el presupuesto del próximo "
    "año. Según el alcalde, las obras de la nueva biblioteca comenzarán en primavera, pero "
    "varios concejales pidieron que se reduzcan los gastos antes de la votación final, que "
    "tendrá lugar dentro de dos semanas tras una consulta con los vecinos."
)
ENGLISH_WITH_NAMES = (
    "Jean-Baptiste de la Croix, Abu Bakr al-Rashid and Luis del Campo y Ortega met in the "
    "harbour town on Thursday to sign the fishing accord. Ana María dos Santos, who chaired "
    "the talks, said the deal would let boats from both coasts share the northern grounds, and "
    "that Pierre van der Berg would lead the joint inspection team from next month."
)
SHORT_ENGLISH = "Storm warning lifted for the coast; ferries run again from Monday morning."
BILINGUAL = (
    "The mayor opened the new library on Saturday and thanked the builders who finished it "
    "ahead of time, saying that the town had waited for it for many years. "
    "Le maire a inauguré la nouvelle bibliothèque samedi et a remercié les ouvriers qui ont "
    "terminé les travaux en avance."
)


@pytest.fixture(scope="module")
def ctx(context: Callable[[str], StageContext]) -> StageContext:
    return context("extract")


def page(text: str, lang: str = "") -> bytes:
    attribute = f' lang="{lang}"' if lang else ""
    return (f"<html{attribute}><head><title>Council news</title></head><body><article>"
            f"<h1>Council news</h1><p>{text}</p></article></body></html>").encode()


def read(ctx: StageContext, text: str, lang: str = "") -> Analysis:
    return extract(RawDocument(source="page.html", content=page(text, lang), kind="html"), ctx)


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (RUSSIAN, "ru"), (GERMAN, "de"),
                                            (SPANISH, "es")])
def test_a_page_in_an_unsupported_language_is_refused(
        ctx: StageContext, text: str, code: str) -> None:
    analysis = read(ctx, text, lang="en")  # a wrong declaration does not hide the language
    assert analysis.document.language == code
    with pytest.raises(UnsupportedLanguage) as caught:
        require_supported_language(analysis, ctx)
    assert caught.value.reason == "unsupported_language"
    assert repr(code) in caught.value.detail and caught.value.source == "page.html"


@pytest.mark.parametrize("text", [ENGLISH_WITH_NAMES, BILINGUAL])
def test_english_pages_with_foreign_names_or_quotes_pass_the_gate(
        ctx: StageContext, text: str) -> None:
    analysis = read(ctx, text, lang="fr")
    assert analysis.document.language == "en"
    assert require_supported_language(analysis, ctx) is analysis


def test_a_short_english_page_is_never_refused(ctx: StageContext) -> None:
    analysis = read(ctx, SHORT_ENGLISH * 2)
    assert require_supported_language(analysis, ctx) is analysis


def test_a_short_page_keeps_the_language_it_declares(ctx: StageContext) -> None:
    assert read(ctx, SHORT_ENGLISH * 2, lang="en-GB").document.language == "en"


def test_scripts_without_a_profile_fall_back_to_the_script_language() -> None:
    profiles = load_language_profiles()
    guess = profiles.detect("Ο δήμαρχος εγκαίνιασε τη νέα βιβλιοθήκη το Σάββατο το πρωί " * 3)
    assert (guess.code, guess.script, guess.reliable) == ("el", "Grek", True)
    assert profiles.is_unsupported(guess)


def test_text_without_letters_has_no_language() -> None:
    guess = load_language_profiles().detect("12 34 56 -- 2021-08-20 ... 99 %")
    assert guess.code is None and not guess.reliable
