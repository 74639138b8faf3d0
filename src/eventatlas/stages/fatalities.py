"""Counting the dead: "killing 6 civilians", "at least 17 people were killed", "dozens dead"."""

from __future__ import annotations

import re

from eventatlas.stages.lexicon import Lexicon



def _value(token: str, lexicon: Lexicon) -> int | None:
    token = token.lower().replace(",", "").strip()
    if token.isdigit():
        return int(token)
    if token in lexicon.number_words:
        return lexicon.number_words[token]
    parts = re.split(r"[ -]", token)
    if parts and all(p in lexicon.number_words for p in parts):
        return sum(lexicon.number_words[p] for p in parts)
    last = parts[-1] if parts else ""
    return lexicon.number_words.get(last)


def count_killed(sentence: str, lexicon: Lexicon) -> int | None:
    """The largest killed count stated in ``sentence``, or None when none is stated."""
    words = "|".join(sorted(lexicon.killed_words, key=len, reverse=True))
    numbers = "|".join(re.escape(w) for w in sorted(lexicon.number_words, key=len, reverse=True))
    _NUM = rf"(\d[\d,]*|(?:(?:{numbers})[ -])?(?:{numbers}))"
    patterns = [
        rf"\b(?:killing|killed|kill)\s+(?:at least\s+|some\s+|about\s+|nearly\s+|more than\s+)?"
        rf"{_NUM}\b",
        rf"\b{_NUM}\s+(?:\w+\s+){{0,3}}?(?:were\s+|was\s+|have been\s+|had been\s+)?"
        rf"(?:{words})\b",
    ]
    best: int | None = None
    for pattern in patterns:
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            value = _value(m.group(1), lexicon)
            if value is not None and value < 1_000_000:
                best = value if best is None else max(best, value)
    return best
