"""A quick necessary test in front of slow case-insensitive searches for one of many phrases.

Python's ``re`` cannot skip ahead through a text for a case-insensitive alternation: it tries
every branch at every position, a few microseconds per character for the page-chrome phrases.
:class:`Prefiltered` reads, from each parsed phrase pattern, words it cannot match without, and
looks for them with ``in`` on a case-folded copy of the text first; a pattern is searched only
in a text holding one of its words. The answer is always the one searching with every pattern
gives; a pattern without such words (too short, or no literal at all) is always searched.

Example: ``Prefiltered(["sign up (here|now)", "subscribe now"]).found("Sign up NOW!")`` → True.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # the parser's node types (stable since Python 3.11)
from re import _parser

# The only non-ASCII letters that re.IGNORECASE matches to ASCII ones (tests/stages check it).
IGNORECASE_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
MIN_WORD = 4  # shorter required words (" to ") would let nearly every text through
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
Need = frozenset[str]  # words one of which every match contains


def ignorecase_fold(text: str) -> str:
    """``text`` with every character an ASCII letter matches case-insensitively made that
    lowercase letter; other characters may change too, never into such a letter."""
    return text.translate(IGNORECASE_ASCII).lower()


def _best(needs: list[Need]) -> Need | None:
    """The most selective need: the one whose shortest word is longest."""
    return max(needs, key=lambda need: min(map(len, need)), default=None)


def _needs(nodes: Iterable[tuple[object, object]]) -> list[Need]:
    """Needs of a parsed sequence: runs of ASCII literals, and what every branch needs."""
    needs: list[Need] = []
    run: list[str] = []
    for op, av in nodes:
        if op is sre.LITERAL and isinstance(av, int) and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            needs.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            needs += _needs(av[3])  # type: ignore[index]
        elif op is sre.ATOMIC_GROUP:
            needs += _needs(av)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:  # type: ignore[index]
            needs += _needs(av[2])  # type: ignore[index]
        elif op is sre.BRANCH:
            options = [_best(_needs(branch)) for branch in av[1]]  # type: ignore[index]
            if all(option is not None for option in options):
                needs.append(frozenset().union(*options))  # type: ignore[arg-type]
    if run:
        needs.append(frozenset({"".join(run)}))
    return needs


def required_words(pattern: str, flags: int = 0) -> Need | None:
    """Words (folded) one of which every match of ``pattern`` contains; None when unknown."""
    need = _best(_needs(_parser.parse(pattern, flags)))
    return need if need is not None and min(map(len, need)) >= MIN_WORD else None


class Prefiltered:
    """Whether a text matches one of ``patterns`` (each compiled with ``flags``), searching
    with a pattern only texts that hold one of its required words."""

    def __init__(self, patterns: Iterable[str], flags: int = re.IGNORECASE) -> None:
        self._parts = tuple((re.compile(p, flags), required_words(p, flags)) for p in patterns)
        self._folds = any(words is not None for _, words in self._parts)

    def found(self, text: str) -> bool:
        folded = ignorecase_fold(text) if self._folds else text
        return any(pattern.search(text) is not None for pattern, words in self._parts
                   if words is None or any(map(folded.__contains__, words)))
