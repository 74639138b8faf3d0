"""Counting the dead: "killing 6 civilians", "at least 17 people were killed", "dozens dead"."""

from __future__ import annotations

import re
from functools import lru_cache
from weakref import WeakKeyDictionary

from eventatlas.model import Token
from eventatlas.resources import read_yaml
from eventatlas.stages.event_roles import Tree
from eventatlas.stages.lexicon import Lexicon
from eventatlas.stages.regex_prefilter import ignorecase_fold


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


_PLAIN = re.compile(r"[a-z][a-z '-]*")


@lru_cache(maxsize=1)
def _measure_words() -> tuple[str, ...]:
    """Words that make a number a measure rather than a head count (``cues.yaml``)."""
    return tuple(sorted(read_yaml("cues.yaml")["measure_words"], key=len, reverse=True))


@lru_cache(maxsize=64)
def _count_patterns(verbs: str, nouns: frozenset[str], between: str,
                    number_words: tuple[str, ...]
                    ) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """"<verb> N" and "N ... <noun>", built once per lexicon (building them cost more than
    matching them), each with the words one of which it cannot match without (empty when the
    words are patterns rather than plain words)."""
    words = "|".join(sorted(nouns, key=len, reverse=True))
    numbers = "|".join(re.escape(w) for w in sorted(number_words, key=len, reverse=True))
    measures = "|".join(re.escape(w) for w in _measure_words())
    # "1,200" but not the "29," of "Smith, 29, is accused of killing"; not "19 months", "a
    # 38-year-old".
    num = (rf"(\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+|(?:(?:{numbers})[ -])?(?:{numbers}))"
           rf"(?!\s*-?\s*(?:{measures})\b)")

    def plain(cues: list[str]) -> tuple[str, ...]:
        return tuple(cues) if all(_PLAIN.fullmatch(c) for c in cues) else ()

    return (
        (re.compile(rf"\b(?:{verbs})\s+{_QUALIFIERS}{num}\b", re.IGNORECASE),
         plain(verbs.split("|"))),
        (re.compile(rf"\b{num}\s+(?:\w+\s+){{0,3}}?{between}(?:were\s+|was\s+|have been\s+|"
                    rf"had been\s+)?(?:{words})\b", re.IGNORECASE), plain(sorted(nouns))),
    )


def _largest_count(sentence: str, lexicon: Lexicon, verbs: str, nouns: frozenset[str],
                   between: str = "") -> int | None:
    """The largest number stated with a casualty word: "<verb> N" or "N ... <noun>"."""
    best: int | None = None
    folded = ignorecase_fold(sentence)
    for pattern, needed in _count_patterns(verbs, nouns, between, tuple(lexicon.number_words)):
        if needed and not any(word in folded for word in needed):
            continue  # a quick test: most sentences have none of the words
        for m in pattern.finditer(sentence):
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


# "shot and killed", "pronounced dead", "found dead", "shot dead": the outcome word depends on
# the verb whose subject or object is the victim.
_OUTCOME_DEPS = frozenset({"conj", "oprd", "acomp", "xcomp", "ccomp"})
# A killing's manner on the act itself: "fatally shot", "mortally wounded", "shot to death".
_KILLING_MANNER = frozenset({"fatally", "mortally"})
_ONE_PERSON = frozenset({"he", "she", "him", "her"})
_AGE_UNITS = frozenset({"year", "month", "week", "day"})  # "a 13-year-old", "the 3-month-old"
# Acts that hurt the one they are done to, unless the text says the victim died.
WOUNDING = frozenset({"shot", "stabbed"})


class _Memo:
    """Per document tree: each sentence's answers (each event of a sentence asks the same
    question) and where each word is (most sentences hold none of the outcome words)."""

    def __init__(self, tree: Tree) -> None:
        self.answers: dict[tuple[int, frozenset[str], bool], int | None] = {}
        self.where: dict[str, list[int]] = {}
        for tok in tree.ann.tokens:
            self.where.setdefault(tok.text.lower(), []).append(tok.i)
            if tok.lemma.lower() == "death":
                self.where.setdefault(_DEATH_LEMMA, []).append(tok.i)

    def tokens(self, words: frozenset[str], deadly: bool, lo: int, hi: int) -> list[int]:
        """Indices in [lo, hi) of the tokens ``_outcome_verb`` can accept, in text order."""
        keys = (*words, *_KILLING_MANNER, _DEATH_LEMMA) if deadly else words
        return sorted({i for key in keys for i in self.where.get(key, ()) if lo <= i < hi})


_DEATH_LEMMA = "\0death"  # a key no lowercased word can be
_MEMOS: WeakKeyDictionary[Tree, _Memo] = WeakKeyDictionary()


def single_victim(tree: Tree, sent: int, words: frozenset[str], aimed: bool = True
                  ) -> int | None:
    """1 when the sentence says one person was killed (or hurt) without a number: the
    subject of "was killed"/"died"/"was pronounced dead" or the object of "killed" is a single
    person. With the killed words (they include "dead"), a killing's manner counts as well:
    "was fatally shot", "was shot to death". ``aimed=False`` skips a verb aimed "at"
    something ("shot at the house"), which says nothing of a hit."""
    memo = _MEMOS.get(tree)
    if memo is None:
        memo = _MEMOS[tree] = _Memo(tree)
    key = (sent, words, aimed)
    if key not in memo.answers:
        memo.answers[key] = _single_victim(tree, memo, sent, words, aimed)
    return memo.answers[key]


def _single_victim(tree: Tree, memo: _Memo, sent: int, words: frozenset[str], aimed: bool
                   ) -> int | None:
    ann = tree.ann
    sentence = ann.sentences[sent]
    deadly = "dead" in words
    for i in memo.tokens(words, deadly, sentence.first_token, sentence.last_token):
        tok = ann.tokens[i]
        verb = _outcome_verb(tree, tok, words, deadly)
        if verb is None or (not aimed and any(
                p.text.lower() == "at" for p in tree.children(verb.i, "prep"))):
            continue
        victims = tree.children(tok.i, "nsubjpass", "dobj") or \
            tree.children(verb.i, "nsubjpass", "dobj") or (
            tree.children(tok.i, "nsubj") if tok.pos == "ADJ" or tok.lemma == "die" else []) \
            or _shared_victims(tree, tok, verb)
        if any(_one_person(tree, _antecedent(tree, victim)) for victim in victims):
            return 1
    return None


def _shared_victims(tree: Tree, tok: Token, verb: Token) -> list[Token]:
    """The victim a participle takes from the clause it hangs on: the noun of a reduced
    relative ("a man shot and killed by police"), the subject of a passive conjunct ("a man
    shot and killed by police", parsed as active), the sufferer of the verb a result clause
    depends on ("a woman was found shot to death", "they found him shot dead")."""
    ann = tree.ann
    bare_participle = verb.tag == "VBN" and verb.dep in {"ccomp", "xcomp", "oprd"} and \
        not tree.children(verb.i, "aux", "auxpass")
    if bare_participle and (subject := tree.children(verb.i, "nsubj")):
        return subject  # "found the man shot dead"
    for part in (verb, ann.tokens[verb.head]) if verb.dep == "conj" else (verb,):
        head = ann.tokens[part.head]
        if part.dep == "acl" and part.tag == "VBN" and head.pos in {"NOUN", "PROPN"}:
            return [head]
        if part.dep in {"xcomp", "oprd", "ccomp"} and head.pos == "VERB":
            return tree.children(head.i, "nsubjpass", "dobj")
    if tok.dep == "conj" and any(tree.children(k, "agent", "auxpass") for k in (tok.i, verb.i)):
        return tree.children(verb.i, "nsubj")
    return []


def _antecedent(tree: Tree, victim: Token) -> Token:
    """The noun a relative pronoun stands for ("a boy who was shot" → boy), else the victim."""
    if victim.tag not in {"WP", "WDT"}:
        return victim
    clause = tree.ann.tokens[victim.head]
    while clause.dep == "conj" and clause.head != clause.i:
        clause = tree.ann.tokens[clause.head]
    return tree.ann.tokens[clause.head] if clause.dep == "relcl" else victim


def _outcome_verb(tree: Tree, tok: Token, words: frozenset[str], deadly: bool) -> Token | None:
    """The verb whose participant suffered the outcome ``tok`` names, if it names one."""
    ann = tree.ann
    head = ann.tokens[tok.head]
    if tok.text.lower() in words and tok.pos in {"VERB", "ADJ"}:
        return head if tok.dep in _OUTCOME_DEPS and head.pos == "VERB" else tok
    if not deadly:
        return None
    if tok.text.lower() in _KILLING_MANNER and tok.dep == "advmod":
        return head if head.pos == "VERB" else None
    if tok.lemma.lower() == "death" and tok.dep == "pobj" and head.text.lower() == "to":
        verb = ann.tokens[head.head]
        return verb if verb.pos == "VERB" else None
    return None


def _one_person(tree: Tree, victim: Token) -> bool:
    """A singular noun or personal pronoun with no number and no conjoined second victim. An
    age used as a noun counts ("the 18-year-old was shot")."""
    if not (victim.tag in {"NN", "NNP"} or (victim.pos == "PRON" and
                                             victim.text.lower() in _ONE_PERSON)
            or (victim.tag == "JJ" and any(k.lemma in _AGE_UNITS
                                           for k in tree.children(victim.i, "npadvmod")))):
        return False
    return not tree.children(victim.i, "nummod") and not tree.children(victim.i, "conj")


def toll_elsewhere(tree: Tree, text: str, lexicon: Lexicon, skip: set[int]
                   ) -> tuple[int | None, int | None]:
    """Deaths and injuries told in sentences that carry no event of their own ("He died at the
    hospital", "The victim was pronounced dead"): the largest of each, None when none is."""
    ann = tree.ann
    dead = hurt = None
    for k, sent in enumerate(ann.sentences):
        if k in skip:
            continue
        sentence = text[sent.start : sent.end]
        killed = count_killed(sentence, lexicon) or single_victim(tree, k, lexicon.killed_words)
        injured = count_injured(sentence, lexicon) or \
            single_victim(tree, k, lexicon.injured_words)
        dead = max(dead or 0, killed) if killed else dead
        hurt = max(hurt or 0, injured) if injured else hurt
    return dead, hurt
