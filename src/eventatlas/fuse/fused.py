"""One fused event from its member mentions: agreed fields, dates, sources, certainty."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from eventatlas.fuse.certainty import Stance, fuse_certainty
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import jaccard
from eventatlas.fuse.graph import Components
from eventatlas.fuse.matching import Mention

_PRECISION = {"day": 4, "week": 3, "month": 2, "year": 1, "unknown": 0}


def _most_common(values: Sequence[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def merged_sources(members: Sequence[Mention], cfg: FuseConfig) -> dict[str, str]:
    """Source key → its independent source: near-identical texts on two sites are one."""
    comp: Components[str] = Components(m.source for m in members)
    docs = sorted({(m.document_id, m.source): m for m in members}.values(),
                  key=lambda m: m.document_id)
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if a.source != b.source and jaccard(a.doc, b.doc) >= cfg.same_source_jaccard:
                comp.union(a.source, b.source)
    return {key: group[0] for group in comp.groups() for key in group}


def _dates(members: Sequence[Mention]) -> tuple[str | None, str | None, str]:
    dated = [m for m in members if m.start]
    if not dated:
        return None, None, "unknown"
    best = max(_PRECISION.get(m.precision, 0) for m in dated)
    top = [m for m in dated if _PRECISION.get(m.precision, 0) == best]
    start = min(m.start for m in top if m.start)
    end = max((m.end or m.start) for m in top if m.start)
    precision = next(m.precision for m in top)
    return start, end, precision


def fused_row(fused_id: str, members: Sequence[Mention], cfg: FuseConfig) -> dict[str, Any]:
    """The ``fused_events`` row for ``members`` (all of one fused event)."""
    sources = merged_sources(members, cfg)
    stances = [Stance(sources[m.source], m.certainty) for m in members]
    start, end, precision = _dates(members)
    certainty = fuse_certainty(stances)
    independent = sorted(set(sources.values()))
    return {
        "id": fused_id, "type": members[0].type,
        "subtype": _most_common([m.subtype for m in members]),
        "actor1": _most_common([m.actor1 for m in members]),
        "actor2": _most_common([m.actor2 for m in members]),
        "place": _most_common([m.place for m in members]),
        "date_start": start, "date_end": end, "date_precision": precision,
        "certainty": certainty, "historical": members[0].historical,
        "contested": certainty == "contested", "n_members": len(members),
        "n_documents": len({m.document_id for m in members}),
        "n_sources": len(independent), "sources": independent,
    }
