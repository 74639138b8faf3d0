"""Counting the dead: "killing 6 civilians", "at least 17 people were killed", "dozens dead"."""

from __future__ import annotations

import re

from eventatlas.stages.event_roles import Tree
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


_QUALIFIERS = r"(?:at least\s+|some\s+|about\s+|nearly\s+|more than\s+|another\s+)?"


def _largest_count(sentence: str, lexicon: Lexicon, verbs: str, nouns: frozenset[str],
                   between: str = "") -> int | None:
    """The largest number stated with a casualty word: "<verb> N" or "N ... <noun>"."""
    words = "|".join(sorted(nouns, key=len, reverse=True))
    numbers = "|".join(re.escape(w) for w in sorted(lexicon.number_words, key=len, reverse=True))
    num = rf"(\d[\d,]*|(?:(?:{numbers})[ -])?(?:{numbers}))"
    patterns = [
        rf"\b(?:{verbs})\s+{_QUALIFIERS}{num}\b",
        rf"\b{num}\s+(?:\w+\s+){{0,3}}?{between}(?:were\s+|was\s+|have been\s+|"
        rf"had been\s+)?(?:{words})\b",
    ]
    best: int | None = None
    for pattern in patterns:
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            value = _value(m.group(1), lexicon)
            if value is not None and value < 1_000_000:
                best = value if best is None else max(best, value)
    return best


def count_killed(sentence: str, lexicon: Lexicon) -> int | None:
    """The largest killed count stated in ``sentence``, or None when none is stated."""
    return _largest_count(sentence, lexicon, "killing|killed|kill", lexicon.killed_words)


def count_injured(sentence: str, lexicon: Lexicon) -> int | None:
    """The largest injured count stated in ``sentence`` ("wounding 3", "five were injured")."""
    return _largest_count(sentence, lexicon, "injuring|wounding|injured|wounded",
                          lexicon.injured_words, between=r"(?:others?\s+)?")


def single_victim(tree: Tree, sent: int, words: frozenset[str]) -> int | None:
    """1 when the sentence says one person was killed (or hurt) without a number: the
    subject of "was killed"/"died" or the object of "killed" is a single person."""
    ann = tree.ann
    sentence = ann.sentences[sent]
    for tok in ann.tokens[sentence.first_token : sentence.last_token]:
        if tok.text.lower() not in words or tok.pos not in {"VERB", "ADJ"}:
            continue
        head = ann.tokens[tok.head] if tok.dep == "conj" else tok  # "shot and killed"
        victims = tree.children(tok.i, "nsubjpass", "dobj") or \
            tree.children(head.i, "nsubjpass", "dobj") or (
            tree.children(tok.i, "nsubj") if tok.pos == "ADJ" or tok.lemma == "die" else [])
        for victim in victims:
            if victim.tag in {"NN", "NNP"} or (victim.pos == "PRON" and
                                               victim.text.lower() in {"he", "she", "him",
                                                                       "her"}):
                if not tree.children(victim.i, "nummod") and \
                        not tree.children(victim.i, "conj"):
                    return 1
    return None
