"""Event-coding knowledge as data: the codebook, the trigger lexicon and the cue lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventatlas.errors import ConfigError
from eventatlas.resources import read_yaml

CERTAINTY_ORDER = ("denied", "unconfirmed", "claimed", "reported")


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(cues, key=len, reverse=True)
    body = "|".join(re.escape(c) for c in longest_first)
    return re.compile(rf"(?<![\w-])({body})(?![\w-])", flags=re.IGNORECASE)


@lru_cache(maxsize=4096)  # each event of a sentence asks again
def find_cue(cues: tuple[str, ...], text: str) -> str | None:
    """The earliest of ``cues`` in ``text`` as whole words, case-insensitively (the longest
    where several start at the same place), as the cue is written in the lexicon."""
    if not cues:
        return None
    m = _cue_pattern(cues).search(text)
    if m is None:
        return None
    found = m.group(1).casefold()
    return next((c for c in cues if c.casefold() == found), m.group(1))


def find_cues(cues: tuple[str, ...], text: str) -> list[tuple[int, str]]:
    """Every one of ``cues`` in ``text`` as (offset, cue as written in the lexicon)."""
    return list(_find_cues(cues, text))


@lru_cache(maxsize=4096)
def _find_cues(cues: tuple[str, ...], text: str) -> tuple[tuple[int, str], ...]:
    if not cues:
        return ()
    folded = {c.casefold(): c for c in cues}
    return tuple((m.start(1), folded.get(m.group(1).casefold(), m.group(1)))
                 for m in _cue_pattern(cues).finditer(text))


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    subtype: str
    plover: str
    pos: frozenset[str]
    roles: str = "agent_patient"
    territorial: bool = False
    outcome: bool = False  # "killed" names a result; the event noun after it names the act
    needs_object: frozenset[str] = frozenset()
    needs_modifier: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()
    # a phrasal verb is another verb: with ``particles`` given, a particle the verb carries must
    # be one of them ("took over the town" codes, "the flight took off from the capital" not)
    particles: frozenset[str] | None = None


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[str, tuple[Trigger, ...]]  # lemma → codings, the first that fits wins
    statements: dict[str, str | None]  # speech verb lemma → PLOVER root (None: plain statement)
    disorder: dict[str, str]  # event type → ACLED disorder type
    certainty: dict[str, tuple[str, ...]]  # level → cues, longest first
    modal_skip: frozenset[str]
    modal_unconfirmed: frozenset[str]
    historical: tuple[str, ...]
    speech_verbs: frozenset[str]
    killed_words: frozenset[str]
    injured_words: frozenset[str]
    number_words: dict[str, int]
    plover_aliases: dict[str, dict[str, str]]  # PLOVER version → {our root: its root}
    moods: dict[str, dict[str, str]]  # mood → {root told as done: root of the mood}

    def historical_cue(self, sentence: str) -> str | None:
        """The background-narration cue in ``sentence`` ("previously", "back in"), if any."""
        return find_cue(self.historical, sentence)

    @classmethod
    def load(cls, extra: str | None = None) -> Lexicon:
        codebook, cues = read_yaml("codebook.yaml"), read_yaml("cues.yaml")
        bundled = read_yaml("triggers.yaml")
        table: dict[str, Any] = dict(bundled.get("triggers", {}))
        said: dict[str, Any] = dict(bundled.get("statements", {}))
        if extra:
            own = read_yaml(Path(extra))
            table.update(own.get("triggers", {}))
            said.update(own.get("statements", {}))
        types = codebook.get("types", {})
        triggers = {str(lemma): tuple(_trigger(str(lemma), one, types) for one in
                                      (spec if isinstance(spec, list) else [spec]))
                    for lemma, spec in table.items()}
        modality = cues.get("modality", {})
        return cls(
            triggers=triggers,
            statements={str(k): (str(v) if v else None) for k, v in said.items()},
            disorder={t: str(v.get("disorder", "")) for t, v in types.items()},
            certainty={lvl: tuple(sorted(cues["certainty"].get(lvl, []), key=len, reverse=True))
                       for lvl in CERTAINTY_ORDER},
            modal_skip=frozenset(modality.get("skip", [])),
            modal_unconfirmed=frozenset(modality.get("unconfirmed", [])),
            historical=tuple(cues.get("historical", [])),
            speech_verbs=frozenset(cues.get("speech_verbs", [])),
            killed_words=frozenset(cues.get("killed_words", [])),
            injured_words=frozenset(cues.get("injured_words", [])),
            number_words={str(k): int(v) for k, v in cues.get("number_words", {}).items()},
            plover_aliases={str(v): {str(a): str(b) for a, b in m.items()}
                            for v, m in (codebook.get("plover_versions") or {}).items()},
            moods={str(mood): {str(r): str(new) for new, roots in table.items() for r in roots}
                   for mood, table in (codebook.get("moods") or {}).items()},
        )


def _trigger(lemma: str, spec: dict[str, Any], types: dict[str, Any]) -> Trigger:
    etype, subtype = spec.get("type"), spec.get("subtype")
    if etype not in types or subtype not in (types[etype].get("subtypes") or {}):
        raise ConfigError(f"trigger {lemma!r}: {etype}/{subtype} is not in the codebook")
    pos = spec.get("pos")
    return Trigger(
        lemma=lemma, type=str(etype), subtype=str(subtype),
        plover=str(spec.get("plover") or types[etype]["subtypes"][subtype]),
        pos=frozenset([pos] if pos else ["VERB", "NOUN"]),
        roles=str(spec.get("roles", "agent_patient")),
        territorial=bool(spec.get("territorial", False)),
        outcome=bool(spec.get("outcome", False)),
        needs_object=frozenset(spec.get("needs_object") or ()),
        needs_modifier=frozenset(spec.get("needs_modifier") or ()),
        needs_prep=frozenset(spec.get("needs_prep") or ()),
        particles=frozenset(spec["particles"]) if "particles" in spec else None,
    )
