"""The editable actor registry: known actors with aliases, kinds, roles and validity dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from eventatlas.errors import ConfigError
from eventatlas.model import stable_id
from eventatlas.resources import read_yaml
from eventatlas.stages.name_keys import fold, skeleton


@dataclass(frozen=True)
class Role:
    title: str
    start: str | None = None
    end: str | None = None

    def label(self) -> str:
        """``"Defense Minister (1992-01-01 to 1996-09-27)"``; undated titles as they are."""
        if self.start is None and self.end is None:
            return self.title
        return f"{self.title} ({self.start or '…'} to {self.end or '…'})"

    def valid_on(self, day: str | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    distinct_from: tuple[str, ...] = ()
    died: str | None = None  # ISO date; events naming the actor after it are background
    sector: str | None = None  # CAMEO agent sector (GOV, MIL, REB, IGO, NGO, ...), if stated

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ActorWords:
    force_nouns: frozenset[str]
    armed_group_words: frozenset[str]
    political_words: frozenset[str]
    media_words: frozenset[str]
    titles: tuple[str, ...]
    collectives: frozenset[str]
    state_force_words: frozenset[str] = frozenset()
    police_nouns: tuple[str, ...] = ()
    official_nouns: frozenset[str] = frozenset()
    group_heads: frozenset[str] = frozenset()
    rebel_nouns: frozenset[str] = frozenset()
    title_nouns: frozenset[str] = frozenset()
    branches: dict[str, str] = field(default_factory=dict)
    not_person_words: frozenset[str] = frozenset()
    title_abbreviations: frozenset[str] = frozenset()  # folded: "det", "sgt", "cmdr"
    peoples: dict[str, str] = field(default_factory=dict)  # folded singular or plural → people
    not_human_nouns: frozenset[str] = frozenset()  # "borders": a people-noun ending, a thing
    weapon_nouns: frozenset[str] = frozenset()  # "a roadside bomb killed": attackers unnamed
    not_forces: frozenset[str] = frozenset()  # "think tank": a force noun's other sense

    @classmethod
    def from_data(cls, w: dict[str, Any]) -> ActorWords:
        peoples: dict[str, str] = {}
        plural = w.get("peoples_plural") or {}
        for people in w.get("peoples", []):
            peoples[fold(people)] = people
            forms = [plural[people]] if people in plural else [people + "s"]
            peoples.update({fold(f): people for f in forms})
        return cls(
            force_nouns=frozenset(w.get("force_nouns", [])),
            armed_group_words=frozenset(w.get("armed_group_words", [])),
            political_words=frozenset(w.get("political_words", [])),
            media_words=frozenset(w.get("media_words", [])),
            titles=tuple(sorted(w.get("titles", []), key=len, reverse=True)),
            collectives=frozenset(w.get("collectives", [])),
            state_force_words=frozenset(w.get("state_force_words", [])),
            police_nouns=tuple(sorted(w.get("police_nouns", []), key=len, reverse=True)),
            official_nouns=frozenset(w.get("official_nouns", [])),
            group_heads=frozenset(w.get("group_heads", [])),
            rebel_nouns=frozenset(w.get("rebel_nouns", [])),
            title_nouns=frozenset(w.get("title_nouns", [])),
            branches=dict(w.get("branches") or {}),
            not_person_words=frozenset(w.get("not_person_words", [])),
            title_abbreviations=frozenset(fold(t) for t in w.get("titles", [])
                                          if t.endswith(".")),
            peoples=peoples,
            not_human_nouns=frozenset(w.get("not_human_nouns", [])),
            weapon_nouns=frozenset(w.get("weapon_nouns", [])),
            not_forces=frozenset(w.get("not_forces", [])),
        )


def _entry(raw: dict[str, Any], where: str) -> KnownActor:
    try:
        roles = tuple(
            Role(str(r["title"]), str(r["from"]) if r.get("from") else None,
                 str(r["to"]) if r.get("to") else None)
            for r in raw.get("roles") or ()
        )
        return KnownActor(
            key=str(raw["key"]), name=str(raw["name"]), kind=str(raw.get("kind", "other")),
            country=raw.get("country"), aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            roles=roles, distinct_from=tuple(raw.get("distinct_from") or ()),
            died=str(raw["died"]) if raw.get("died") else None,
            sector=str(raw["sector"]) if raw.get("sector") else None,
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{where}: bad actor entry {raw!r}: {exc}") from exc


@dataclass
class ActorRegistry:
    actors: dict[str, KnownActor]
    words: ActorWords
    _by_fold: dict[str, str] = field(default_factory=dict)
    _by_skeleton: dict[str, list[str]] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _caps: re.Pattern[str] | None = None
    _starts: re.Pattern[str] | None = None  # where a name may begin
    _by_first: dict[str, re.Pattern[str]] = field(default_factory=dict)  # names by first char
    _caps_starts: re.Pattern[str] | None = None  # the same in any case, for ``_caps``
    _caps_by_first: dict[str, re.Pattern[str]] = field(default_factory=dict)  # by folded first

    @cached_property
    def deceased(self) -> dict[str, str]:
        """Actor id → date of death, for the actors known to have died."""
        return {stable_id("actor", "registry", k.key): k.died
                for k in self.actors.values() if k.died}

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for name in actor.names:
                self._by_fold.setdefault(fold(name), actor.key)
                self._by_skeleton.setdefault(skeleton(name), []).append(actor.key)
        names = sorted({n for a in self.actors.values() for n in a.names}, key=len, reverse=True)
        body = "|".join(re.escape(n) for n in names if len(n) > 1)
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])") if body else None
        self._caps = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if body else None
        # ``_pattern`` tries its ~1,000 names at every position; trying only the names that
        # start with the character found, where a word starts, finds the same matches faster.
        firsts: dict[str, list[str]] = {}
        for n in names:
            if len(n) > 1:
                firsts.setdefault(n[0], []).append(re.escape(n))
        self._by_first = {c: re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])")
                          for c, alts in firsts.items()}
        chars = "".join(re.escape(c) for c in sorted(firsts))
        self._starts = re.compile(rf"(?<![\w-])[{chars}]") if chars else None
        lowered: dict[str, list[str]] = {}
        for n in names:
            if len(n) > 1:
                lowered.setdefault(n[0].casefold()[:1], []).append(re.escape(n))
        self._caps_by_first = {
            c: re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.IGNORECASE)
            for c, alts in lowered.items()}
        self._caps_starts = re.compile(rf"(?<![\w-])[{chars}]", re.IGNORECASE) \
            if chars else None

    @classmethod
    def load(cls, extra: str | None = None) -> ActorRegistry:
        """The bundled registry, with ``extra`` (a YAML path) merged over it by key."""
        base = read_yaml("actors.yaml")
        entries = {a.key: a for a in (_entry(r, "actors.yaml") for r in base.get("actors", []))}
        if extra:
            data = read_yaml(Path(extra))
            entries.update({a.key: a for a in (_entry(r, extra)
                                               for r in data.get("actors", []))})
        return cls(actors=entries, words=ActorWords.from_data(read_yaml("actor_words.yaml")))

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """Exact alias occurrences in ``text`` as (start, end, actor key), longest first."""
        if self._pattern is None:
            return []
        out = []
        for m in self._exact(text):
            key = self._by_fold.get(fold(m.group(0)))
            if key:
                out.append((m.start(), m.end(), key))
        if self._caps is not None and re.search(r"[A-Z]{3,}\s+[A-Z]{3,}", text):
            # ALL-CAPS headlines and wire copy: names written in capitals match too
            seen = {(s, e) for s, e, _ in out}
            for m in self._caps_matches(text):
                word = m.group(0)
                key = self._by_fold.get(fold(word))
                if key and word.isupper() and len(word) > 3 and (m.start(), m.end()) not in seen:
                    out.append((m.start(), m.end(), key))
            out.sort()
        return out

    def _exact(self, text: str) -> Iterator[re.Match[str]]:
        """What ``self._pattern.finditer(text)`` yields."""
        if self._starts is None:
            return
        end = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at >= end and (m := self._by_first[text[at]].match(text, at)):
                end = m.end()
                yield m

    def _caps_matches(self, text: str) -> Iterator[re.Match[str]]:
        """What ``self._caps.finditer(text)`` yields: the names, in any case, tried only where
        a word starts with a first letter of one (about 30 times faster on a long page)."""
        if self._caps_starts is None or self._caps is None:
            return
        end = 0
        for start in self._caps_starts.finditer(text):
            at = start.start()
            if at < end:
                continue
            # grouped by case folding, which pairs what IGNORECASE pairs ("ſ" and "s"); a
            # character with no group is tried against every name
            pattern = self._caps_by_first.get(text[at].casefold()[:1], self._caps)
            if m := pattern.match(text, at):
                end = m.end()
                yield m

    def match(self, name: str) -> KnownActor | None:
        """The known actor ``name`` spells, exactly or as a transliteration variant."""
        key = self._by_fold.get(fold(name))
        if key is None:
            from eventatlas.stages.name_keys import same_name

            for candidate in self._by_skeleton.get(skeleton(name), []):
                if any(same_name(name, n) for n in self.actors[candidate].names):
                    key = candidate
                    break
        return self.actors.get(key) if key else None
