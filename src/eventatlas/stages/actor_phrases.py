"""Descriptive actors: phrases that name an actor without a proper name.

"Pakistani troops" (a state's forces), "Hungarian officials" (a state), "Syria offered"
(a country acting as a state), "forces loyal to X" (an armed group commanded by X),
"anti-X fighters" (a group opposing X), "the Tajiks" / "Hazara fighters" (a people).
Each finder returns spans; ``actors.find_actors`` turns them into clusters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from eventatlas.model import Annotation, Token
from eventatlas.stages.actor_builder import Builder, Cluster
from eventatlas.stages.actor_registry import ActorWords
from eventatlas.stages.actor_roles import MODIFIERS
from eventatlas.stages.name_keys import fold

# Dependencies under which a country name is an actor ("Syria offered", "aid to Jordan"),
# not a location ("in Syria").
AGENT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "appos"}
AGENT_PREPS = {"by", "with", "between", "against", "to", "for", "toward", "towards"}
MOTION = {"go", "travel", "flee", "return", "move", "come", "arrive", "deploy", "head", "cross",
          "fly", "retreat", "escape", "withdraw", "send", "bring", "take", "drive", "walk",
          "relocate", "migrate", "emigrate", "evacuate", "transfer", "extradite"}

# connector → relation type read from the descriptive group to the named actor
CONNECTORS: tuple[tuple[str, str], ...] = (
    ("under the command of", "command"), ("under the leadership of", "command"),
    ("under the control of", "command"), ("loyal to", "command"), ("commanded by", "command"),
    ("led by", "command"), ("headed by", "command"), ("under", "command"), ("of", "command"),
    ("backed by", "support"), ("supported by", "support"), ("funded by", "support"),
    ("armed by", "support"), ("allied with", "alliance"), ("allied to", "alliance"),
    ("affiliated with", "membership"), ("linked to", "membership"),
)
_FOLLOWING = {"supporters", "followers", "loyalists", "partisans"}
_LINK_WORDS = {"the", "of", "and", "likes", "his", "her", "its", "their", "self-declared",
               "de", "facto", *MODIFIERS.strip("(?:)").split("|")}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # what the finder read: a demonym, a people, a relation type
    noun: str = ""  # the head noun the phrase shares ("Chilean and Peruvian diplomats")


def _entity_first(tokens: tuple[Token, ...], i: int) -> int:
    while i > 0 and tokens[i - 1].ent_type == tokens[i].ent_type and tokens[i].ent_iob == "I":
        i -= 1
    return i


def country_phrases(ann: Annotation, nouns: frozenset[str], titles: frozenset[str] = frozenset(),
                    demonym: Callable[[str], object] | None = None) -> list[Span]:
    """"Afghan soldiers", "Romania's new government", "Algerian security forces", "the US
    President" (a title with no name after it): a NORP/GPE entity, an optional possessive,
    adjectives or one compound noun, then one of ``nouns``. "Hungarian and Romanian
    officials" gives both. The label is the entity's text."""
    out: list[Span] = []
    tokens = ann.tokens
    pending: list[int] = []  # "Hungarian and": entities waiting for the shared noun
    for i, tok in enumerate(tokens[:-1]):
        # the tagger sometimes calls a demonym an ORG ("Ugandan rebels"): ask the gazetteer
        tagged = tok.ent_type in {"NORP", "GPE"} or (
            demonym is not None and tok.text[:1].isupper() and tok.ent_iob in {"B", "O"}
            and tok.pos in {"PROPN", "ADJ"} and _noun_after(tokens, i, nouns) is not None
            and demonym(tok.text) is not None)
        if not tagged or (tokens[i + 1].ent_type == tok.ent_type and
                          tokens[i + 1].ent_iob == "I"):
            continue
        j = _noun_after(tokens, i, nouns | titles)
        first = _entity_first(tokens, i)
        if j is None:
            nxt = tokens[i + 1]
            pending = [*pending, first] if nxt.text in {"and", ","} else []
            continue
        noun = tokens[j]
        if noun.text.lower() in titles - nouns and j + 1 < len(tokens) and \
                tokens[j + 1].pos == "PROPN" and tokens[j + 1].text[:1].isupper():
            pending = []
            continue  # "US President Obama": the title of a person, read with the person
        head = noun.text.lower()
        for k in pending:
            out.append(Span(tokens[k].start, tokens[k].end, tokens[k].text, head))
        pending = []
        out.append(Span(tokens[first].start, noun.end,
                        " ".join(t.text for t in tokens[first : i + 1]), head))
    return out


def _noun_after(tokens: tuple[Token, ...], i: int, nouns: frozenset[str]) -> int | None:
    j = i + 1
    owned = tokens[j].text in {"'s", "’s"}
    j += owned
    skipped = 0
    while j < len(tokens) and skipped < 2 and tokens[j].text.lower() not in nouns and (
            tokens[j].pos == "ADJ" or (tokens[j].dep == "compound" and (
                tokens[j].pos == "NOUN" or owned and _name_before_noun(tokens, j)))):
        j, skipped = j + 1, skipped + 1
    if j < len(tokens) and tokens[j].text.lower() in nouns and tokens[j].sent == tokens[i].sent:
        # "military police", "army officers": the second noun heads the phrase
        nxt = j + 1
        if nxt < len(tokens) and tokens[nxt].text.lower() in nouns and tokens[j].dep in {
                "compound", "amod"} and tokens[j].head == nxt:
            return nxt
        return j
    return None


def _name_before_noun(tokens: tuple[Token, ...], j: int) -> bool:
    """A proper noun whose name ends before the common noun after it, as after a possessive
    in "Ruritania's Northern district council"; a name that runs on ("Ruritania's Supreme
    Court") is a named institution, read as an organisation."""
    return tokens[j].pos == "PROPN" and j + 1 < len(tokens) and tokens[j + 1].ent_iob != "I" \
        and tokens[j + 1].pos != "PROPN"


def _governor(ann: Annotation, tok: Token) -> Token:
    while tok.dep == "conj" and tok.head != tok.i:
        tok = ann.tokens[tok.head]
    return tok


def country_agents(ann: Annotation) -> list[tuple[int, int, str, str, str]]:
    """Place names in the role of an actor: subject, object, or object of "by/with/to…";
    (start, end, text, role, label) where role is the dependency ("nsubj", "dobj", ...) or
    the preposition ("by", "with", ...) and label the entity's ("GPE", "ORG", "PERSON", or ""
    for an untagged proper noun). The tagger sometimes calls a country's formal name an
    organisation ("the Democratic Republic of X") or a country alone a person ("X opened
    its borders"), and leaves a misspelt one untagged; the caller keeps those the gazetteer
    knows as countries."""
    out = []
    spans = [(e.start, e.end, e.text, e.label, e.first_token, e.last_token)
             for e in ann.entities if e.label in {"GPE", "ORG"} or (
                 e.label == "PERSON" and e.last_token - e.first_token == 1)]
    spans += [(t.start, t.end, t.text, "", t.i, t.i + 1) for t in ann.tokens
              if t.ent_type == "" and t.pos == "PROPN" and t.text[:1].isupper()]
    for start, end, text, label, first, last in spans:
        inside = range(first, last)
        heads = [t for t in ann.tokens[first:last] if t.head not in inside or t.head == t.i]
        role = _agent_role(ann, heads[0]) if len(heads) == 1 else None
        if role is not None:
            out.append((start, end, text, role, label))
    return out


def _agent_role(ann: Annotation, head: Token) -> str | None:
    tok = _governor(ann, head)
    owner = ann.tokens[tok.head]
    if tok.dep == "poss" and (owner.pos == "PROPN" or owner.text[:1].isupper()):
        return None  # "Lebanon's President X": the person's country, read with the person
    if tok.dep in AGENT_DEPS or tok.dep == "poss":
        return None if tok.dep == "dobj" and owner.lemma in MOTION else tok.dep
    if tok.dep == "pobj":
        verb = ann.tokens[owner.head]
        if owner.text.lower() in AGENT_PREPS and verb.lemma not in MOTION:
            return owner.text.lower()
    return None


_LOCATED_PREPS = {"in", "of", "from", "throughout", "across"}


def located_groups(ann: Annotation, nouns: frozenset[str]) -> list[Span]:
    """"rebels in Ruritania", "students throughout Ruritania": a group noun whose own
    prepositional phrase names a place; label = the place's text. The group belongs to the
    place's country (the caller resolves it); "troops in X" are not read, foreign troops are."""
    out = []
    for head in ann.tokens:
        if head.text.lower() in nouns:
            place = located_place(ann, head, _LOCATED_PREPS)
            if place is not None:
                out.append(Span(head.start, place[1], place[0], head.text.lower()))
    return out


def located_place(ann: Annotation, head: Token, preps: set[str]) -> tuple[str, int] | None:
    """The place (text, end offset) in a phrase after ``head`` opened by one of ``preps``
    ("rebels in Ruritania", "the Ruritanians of southern Borduria")."""
    tokens = ann.tokens
    for prep in tokens[head.i + 1 : head.i + 6]:
        if prep.dep != "prep" or prep.head != head.i or prep.text.lower() not in preps:
            continue
        place = next((t for t in tokens[prep.i + 1 : prep.i + 8]
                      if t.dep == "pobj" and t.head == prep.i), None)
        if place is None or place.ent_type != "GPE":
            return None
        first = _entity_first(tokens, place.i)
        last = place.i
        while last + 1 < len(tokens) and tokens[last + 1].ent_iob == "I" and \
                tokens[last + 1].ent_type == "GPE":
            last += 1
        return " ".join(t.text for t in tokens[first : last + 1]), tokens[last].end
    return None


def peoples(ann: Annotation, words: ActorWords) -> list[Span]:
    """"the Tajiks" (a people), "Hazara fighters" (a people's armed men): label = the people."""
    out = []
    tokens = ann.tokens
    for i, tok in enumerate(tokens):
        people = words.peoples.get(fold(tok.text)) if tok.text[:1].isupper() else None
        if people is None:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i > 0 else None
        start, label = tok.start, people
        if prev is not None and prev.sent == tok.sent and prev.ent_type in {"NORP", "GPE"} and \
                words.peoples.get(fold(prev.text)) is None:
            start, label = prev.start, f"{people}|{prev.text}"  # "Iraqi Kurds"
        if nxt is not None and nxt.sent == tok.sent and nxt.text.lower() in (
                words.group_heads | words.force_nouns | words.rebel_nouns):
            out.append(Span(start, nxt.end, label))
        elif tok.tag in {"NNS", "NNPS"} or (fold(tok.text) != fold(people) and
                                            tok.pos in {"PROPN", "NOUN"}):
            out.append(Span(start, tok.end, label))
    return out


_ANTI = re.compile(r"\banti-(?P<x>[A-Z][\w]+)\s+(?:(?:former|armed|rebel)\s+)?"
                   r"(?P<noun>mujahideen|forces|fighters|militias?|rebels|groups?|resistance|"
                   r"coalition|alliance|movement|front|protesters|demonstrators|activists)\b",
                   re.IGNORECASE)


def anti_phrases(text: str) -> list[tuple[int, int, str, str]]:
    """"anti-Taliban fighters" → (start, end, the opposed name, the head noun)."""
    return [(m.start(), m.end(), m.group("x"), m.group("noun").lower())
            for m in _ANTI.finditer(text)]


@lru_cache(maxsize=16)
def _head_pattern(group_heads: frozenset[str], titles: tuple[str, ...]) -> re.Pattern[str]:
    """Built once per word list: the pattern is long, and building it cost more than using it."""
    heads = "|".join(sorted(group_heads, key=len, reverse=True))
    conns = "|".join(re.escape(c) for c, _ in CONNECTORS)
    title_words = sorted({w for t in titles for w in t.split()} | _LINK_WORDS,
                         key=len, reverse=True)
    link = "|".join(re.escape(w) for w in title_words)
    return re.compile(
        rf"(?<![\w-])(?P<head>(?:(?:[A-Z][\w-]*|\w+-\w+|{_PREMODIFIERS})\s+)?"
        rf"(?P<noun>(?i:{heads})))(?P<gap>,?\s+)(?P<conn>(?i:{conns}))\s+"
        rf"(?P<titles>(?:(?:(?i:{link})|[A-Z][\w.'’-]*),?\s+){{0,10}})$")


_PREMODIFIERS = "resistance|rebel|remaining|armed|other|government|opposition|tribal|local"
_DETERMINERS = re.compile(r"^(?:the|a|an|another|other|some|his|her|their|its)\s+", re.IGNORECASE)


def affiliation_phrases(text: str, builder: Builder, words: ActorWords
                        ) -> list[tuple[int, int, str, str, Cluster]]:
    """"forces loyal to X", "fighters of X", "a force, led by X": (head start, phrase end,
    head noun, relation type, X's cluster), for X already found as an actor."""
    pattern = _head_pattern(words.group_heads, words.titles)
    conn_types = dict(CONNECTORS)
    out = []
    for cluster in list(builder.clusters):
        for mention in cluster.mentions:
            lo = max(0, mention.start - 160)
            window = re.split(r"[.;:!?\n(]", text[lo : mention.start])[-1]
            m = pattern.search(window)
            if m is None:
                continue
            conn = m.group("conn").lower()
            if conn == "of" and (cluster.kind not in {"person", "armed_group"} or m.group(
                    "gap").strip() or (m.group("titles").strip() and cluster.kind != "person")):
                continue
            head = m.group("head")
            skip = len(head) - len(_DETERMINERS.sub("", head))
            start = mention.start - len(window) + m.start("head") + skip
            out.append((start, mention.end, m.group("noun").lower(), conn_types[conn], cluster))
    return out


def following_kind(noun: str) -> str:
    """The kind of a descriptive following: armed men are an armed group, supporters other."""
    return "other" if noun in _FOLLOWING else "armed_group"
