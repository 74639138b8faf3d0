"""Transliteration keys: spellings of one name match, different names do not."""

from __future__ import annotations

import pytest

from eventatlas.stages.name_keys import fold, same_name, skeleton


@pytest.mark.parametrize("a,b", [
    ("Massoud", "Masood"), ("Massoud", "Masoud"), ("Ahmad Massoud", "Ahmed Masood"),
    ("Mazari", "Mazary"), ("Mohammad", "Mohammed"), ("Qaddafi", "Qadhafi"),
])
def test_transliteration_variants_are_the_same_name(a: str, b: str) -> None:
    assert same_name(a, b)


@pytest.mark.parametrize("a,b", [
    ("Ahmad Massoud", "Ahmad Shah Massoud"),  # father and son: a different name
    ("Saleh", "Salima"), ("Omar", "Amir"), ("Kabul", "Kabir"),
])
def test_different_names_are_not_merged(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_fold_strips_accents_and_punctuation() -> None:
    assert fold("Mazār-i-Sharīf") == "mazar i sharif"
    assert skeleton("Masood") == skeleton("Massoud")
