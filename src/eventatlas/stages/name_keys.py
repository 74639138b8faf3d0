"""Name normalisation for matching spellings of one name across transliterations.

"Qaddafi" and "Qadhafi" share the consonant skeleton "qdf"; "Ahmad" and "Ahmed" share
"ahmd". The skeleton alone is too loose for short names, so matching also asks for a fuzzy ratio.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_VOWELS = set("aeiouy")
# the Arabic article as transliterated, assimilated forms included ("ash-Sham", "ad-Dawla")
ARABIC_ARTICLES = frozenset({"al", "el", "as", "at", "ash", "ad", "an", "ar", "az"})


@lru_cache(maxsize=8192)  # names recur across a document's mentions and across documents
def fold(name: str) -> str:
    """Lowercase ASCII with punctuation removed: ``"Mazār-i-Sharīf"`` → ``"mazar i sharif"``."""
    text = unidecode(unicodedata.normalize("NFKC", name)).lower().replace("'", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def skeleton_word(word: str) -> str:
    """First letter, then consonants with runs collapsed; 'h' after a consonant dropped."""
    if not word:
        return ""
    out = [word[0]]
    for ch in word[1:]:
        if ch in _VOWELS or ch == out[-1]:
            continue
        if ch == "h" and out[-1] not in _VOWELS and len(out) > 1:
            continue
        out.append(ch)
    return "".join(out)


def skeleton(name: str) -> str:
    """Transliteration key of a whole name: skeletons of its folded words."""
    return " ".join(skeleton_word(w) for w in fold(name).split())


def same_name(a: str, b: str, threshold: float = 72.0) -> bool:
    """True when ``a`` and ``b`` are spellings of one name (same word count and skeleton)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if len(fa.split()) != len(fb.split()) or skeleton(fa) != skeleton(fb):
        return False
    return fuzz.ratio(fa, fb) >= threshold
