"""Fused certainty: what many reports together say, counting outlets, not articles.

An independent source is an outlet (a site; without one, the host of the URL; without that,
the document itself). Two articles of one outlet are one source, and so are near-identical
texts on two sites (a syndicated wire copy): repeating a report is not corroborating it.

Rules, over the strongest stance each independent source takes:

- some source states it as fact (``confirmed``) → ``confirmed``
- some source reports it (``reported``), or two or more independent sources carry it as
  unconfirmed or claimed → ``reported`` (reported by many)
- otherwise the strongest single stance: ``claimed`` over ``unconfirmed``
- only denials → ``denied``; assertions and denials together → ``contested``
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from eventatlas.fuse.model import FusedCertainty

_RANK = {"confirmed": 3, "reported": 2, "claimed": 1, "unconfirmed": 0}


@dataclass(frozen=True, slots=True)
class Stance:
    """One member report: which independent source said it, and how sure it was."""

    source: str
    certainty: str


def source_key(site: str | None, url: str | None, document_id: str) -> str:
    """The outlet a document stands for: its site, else its URL's host, else itself."""
    if site and site.strip():
        return _compact(site)
    if url:
        host = urlsplit(url).hostname
        if host:
            labels = host.removeprefix("www.").split(".")
            return _compact(max(labels[:-1] or labels, key=len))
    return f"document:{document_id}"


def _compact(name: str) -> str:
    """``"Coast Courier"`` and the host label ``coastcourier`` name one outlet."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def independent_sources(stances: Iterable[Stance]) -> list[str]:
    return sorted({s.source for s in stances})


def fuse_certainty(stances: Sequence[Stance]) -> FusedCertainty:
    """The certainty of a fused event from its members' stances (see module doc)."""
    asserting = [s for s in stances if s.certainty != "denied"]
    if not asserting:
        return "denied"
    if len(asserting) < len(stances):
        return "contested"
    best: dict[str, int] = {}
    for s in asserting:
        best[s.source] = max(best.get(s.source, -1), _RANK.get(s.certainty, 0))
    top = max(best.values())
    if top == _RANK["confirmed"]:
        return "confirmed"
    if top == _RANK["reported"] or len(best) >= 2:
        return "reported"
    return "claimed" if top == _RANK["claimed"] else "unconfirmed"
