"""Content-derived identifiers: the same input always yields the same ids."""

from __future__ import annotations

import hashlib

_PREFIX = {
    "document": "doc",
    "actor": "act",
    "place": "plc",
    "event": "evt",
    "relation": "rel",
    "failure": "fail",
}


def stable_id(kind: str, *parts: object) -> str:
    """Return ``<prefix>_<16 hex>`` derived from ``kind`` and ``parts``.

    Example: ``stable_id("event", "doc_ab12", 140, "Battles")`` → ``"evt_…"``.
    """
    digest = hashlib.sha256("\x1f".join([kind, *map(str, parts)]).encode("utf-8")).hexdigest()
    return f"{_PREFIX.get(kind, kind[:4])}_{digest[:16]}"


def content_hash(data: bytes | str) -> str:
    """SHA-256 of raw content, used to detect changed or repeated inputs."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()
