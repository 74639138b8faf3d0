"""Document similarity: MinHash of word shingles, shared names/actors/places, dates.

Every comparison is pairwise and symmetric (``same_story(a, b) == same_story(b, a)``) and
depends only on the two documents, so clusters built as connected components of it do not
depend on the order documents arrive in. Features are stored with the story membership, so an
incremental update never re-reads old texts.

Example::

    a = features("The river flooded the valley on Monday ...", day="2020-03-02")
    b = features("On Monday the river flooded the valley ...", day="2020-03-02")
    same_story(a, b, FuseConfig())   # True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from eventatlas.fuse.config import FuseConfig

_N_HASHES = 48
_SHINGLE = 3
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|al-\s*)?[A-Z][\w’'-]*)*")
# Capitalised words that are sentence furniture, not names.
_NOT_NAMES = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "in", "on", "at", "by", "for", "from", "to", "of", "with", "and", "but", "or", "as", "after", "before", "when", "while", "if", "since", "during", "about", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "mrs", "ms", "dr", "said", "says", "according", "there", "here", "some", "many", "most", "all", "one", "two", "three"]
)


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    seed = hashlib.sha256(b"eventatlas.minhash.v1").digest()
    words = np.frombuffer(hashlib.shake_256(seed).digest(_N_HASHES * 16), dtype="<u8")
    return (words[:_N_HASHES] | np.uint64(1)).astype(np.uint64), words[_N_HASHES:].astype(np.uint64)


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """What two documents are compared on."""

    day: date | None
    signature: tuple[int, ...]  # MinHash of word shingles; () for texts too short
    keys: frozenset[str]  # actor ids, place ids and capitalised names (lowercased)
    events: frozenset[tuple[str, str, date]] = frozenset()  # (type, place, day) it reports
    vector: tuple[float, ...] = ()  # unit text embedding, when embeddings are enabled

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "signature": list(self.signature), "keys": sorted(self.keys),
            "events": sorted([t, p, d.isoformat()] for t, p, d in self.events)}
        if self.vector:
            out["vector"] = list(self.vector)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], day: str | None) -> DocFeatures:
        events = frozenset((t, p, d) for t, p, raw in data.get("events", ())
                           if (d := parse_day(raw)) is not None)
        return cls(day=parse_day(day), signature=tuple(int(x) for x in data["signature"]),
                   keys=frozenset(data["keys"]), events=events,
                   vector=tuple(float(x) for x in data.get("vector", ())))


def parse_day(value: str | None) -> date | None:
    """An ISO date's day, None when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def names(text: str) -> set[str]:
    """Capitalised word sequences, lowercased, without sentence furniture."""
    found: set[str] = set()
    for match in _NAME.finditer(text):
        parts = [p for p in match.group(0).split() if p.lower() not in _NOT_NAMES]
        if parts:
            found.add(" ".join(parts).lower())
    return found


def minhash(tokens: list[str], shingle: int = _SHINGLE) -> tuple[int, ...]:
    """MinHash signature of the word ``shingle``-grams of ``tokens``."""
    grams = {" ".join(tokens[i : i + shingle]) for i in range(len(tokens) - shingle + 1)}
    if not grams:
        return ()
    hashed = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
         for g in sorted(grams)),
        dtype=np.uint64, count=len(grams),
    )
    a, b = _coefficients()
    # multiply-shift hashing: wraps modulo 2**64, the high 32 bits are the permuted value
    mixed = (hashed[None, :] * a[:, None] + b[:, None]) >> np.uint64(32)
    return tuple(int(x) for x in mixed.min(axis=1))


def features(text: str, day: str | None = None, title: str | None = None,
             entities: Iterable[str] = (),
             events: Iterable[tuple[str, str, str]] = (),
             vector: Sequence[float] = ()) -> DocFeatures:
    """Features of one document: its text, effective date, known actor/place ids, the
    (type, place id, ISO day) of the current, placed, day-precise events it reports and,
    when embeddings are enabled, its text embedding."""
    body = f"{title}. {text}" if title else text
    return DocFeatures(
        day=parse_day(day), signature=minhash(words(body)),
        keys=frozenset(names(body)) | frozenset(entities),
        events=frozenset((t, p, d) for t, p, raw in events if (d := parse_day(raw)) is not None),
        vector=tuple(round(float(x), 5) for x in vector),
    )


def jaccard(a: DocFeatures, b: DocFeatures) -> float:
    """Estimated Jaccard similarity of the two documents' shingle sets."""
    if not a.signature or not b.signature:
        return 0.0
    same = sum(1 for x, y in zip(a.signature, b.signature, strict=True) if x == y)
    return same / len(a.signature)


def cosine(a: DocFeatures, b: DocFeatures) -> float | None:
    """Cosine of the two documents' embeddings; None unless both have one."""
    if not a.vector or not b.vector:
        return None
    return float(np.dot(np.asarray(a.vector), np.asarray(b.vector)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def days_apart(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else abs((a - b).days)


def share_event(a: DocFeatures, b: DocFeatures, slack: int = 1) -> bool:
    """Do both report an event of one type at one place within ``slack`` days?"""
    if not a.events or not b.events:
        return False
    there = {(t, p) for t, p, _ in b.events}
    return any(
        abs((da - db).days) <= slack
        for t, p, da in a.events if (t, p) in there
        for tb, pb, db in b.events if (tb, pb) == (t, p)
    )


def same_story(a: DocFeatures, b: DocFeatures, cfg: FuseConfig) -> bool:
    """Do the two documents report the same happening (copy, follow-up or rival report)?

    Near-copies always; otherwise, within ``story_max_days``, two reports of one placed and
    dated event with some names in common, or two reports a day apart with many in common
    (or, with embeddings, whose texts say nearly the same). A document without a date is
    judged on content alone: many names, actors and places in common with the other, or an
    embedding at least as close as a near-copy's.
    """
    gap = days_apart(a.day, b.day)
    if gap is not None and gap > cfg.story_max_days:
        return False
    if jaccard(a, b) >= cfg.near_copy_jaccard:
        return True
    overlap = dice(a.keys, b.keys)
    many_shared = (overlap >= cfg.close_min_dice
                   and len(a.keys & b.keys) >= cfg.close_min_shared)
    similar = cosine(a, b)
    if gap is None:
        return many_shared or (similar is not None and similar >= cfg.undated_min_cosine)
    if overlap >= cfg.shared_event_min_dice and share_event(a, b, cfg.close_days):
        return True
    if similar is not None and gap <= cfg.close_days and similar >= cfg.close_min_cosine:
        return True
    return gap <= cfg.close_days and many_shared
