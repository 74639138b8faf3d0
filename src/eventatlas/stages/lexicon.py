"""Event-coding knowledge as data: the codebook, the trigger lexicon and the cue lists."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventatlas.errors import ConfigError

CERTAINTY_ORDER = ("denied", "unconfirmed", "claimed", "reported")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    subtype: str
    plover: str
    pos: frozenset[str]
    roles: str = "agent_patient"
    territorial: bool = False
    needs_object: frozenset[str] = frozenset()
    needs_modifier: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[str, Trigger]
    disorder: dict[str, str]  # event type → ACLED disorder type
    certainty: dict[str, tuple[str, ...]]  # level → cues, longest first
    modal_skip: frozenset[str]
    modal_unconfirmed: frozenset[str]
    historical: tuple[str, ...]
    speech_verbs: frozenset[str]
    killed_words: frozenset[str]
    injured_words: frozenset[str]
    number_words: dict[str, int]

    @classmethod
    def load(cls, extra: str | None = None) -> Lexicon:
        pkg = resources.files("eventatlas.resources")
        codebook = _yaml(pkg.joinpath("codebook.yaml").read_text("utf-8"), "codebook.yaml")
        trig = _yaml(pkg.joinpath("triggers.yaml").read_text("utf-8"), "triggers.yaml")
        cues = _yaml(pkg.joinpath("cues.yaml").read_text("utf-8"), "cues.yaml")
        table: dict[str, Any] = dict(trig.get("triggers", {}))
        if extra:
            try:
                table.update(_yaml(Path(extra).read_text("utf-8"), extra).get("triggers", {}))
            except OSError as exc:
                raise ConfigError(f"cannot read trigger lexicon {extra}: {exc}") from exc
        types = codebook.get("types", {})
        triggers = {lemma: _trigger(lemma, spec, types) for lemma, spec in table.items()}
        modality = cues.get("modality", {})
        return cls(
            triggers=triggers,
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
        )


def _yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping")
    return data


def _trigger(lemma: str, spec: dict[str, Any], types: dict[str, Any]) -> Trigger:
    etype, subtype = spec.get("type"), spec.get("subtype")
    if etype not in types or subtype not in (types[etype].get("subtypes") or {}):
        raise ConfigError(f"trigger {lemma!r}: {etype}/{subtype} is not in the codebook")
    pos = spec.get("pos")
    return Trigger(
        lemma=lemma, type=etype, subtype=subtype,
        plover=str(spec.get("plover") or types[etype]["subtypes"][subtype]),
        pos=frozenset([pos] if pos else ["VERB", "NOUN"]),
        roles=str(spec.get("roles", "agent_patient")),
        territorial=bool(spec.get("territorial", False)),
        needs_object=frozenset(spec.get("needs_object") or ()),
        needs_modifier=frozenset(spec.get("needs_modifier") or ()),
        needs_prep=frozenset(spec.get("needs_prep") or ()),
    )
