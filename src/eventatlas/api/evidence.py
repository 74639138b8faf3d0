"""Evidence in context: the sentence an event was read from, its neighbours and highlights.

All of this is data; the page renders it with text nodes only.
"""

from __future__ import annotations

import re

from eventatlas.api.schemas import EvidenceView, Mark
from eventatlas.model import Evidence

CONTEXT_CHARS = 240


def _find(haystack: str, needle: str | None) -> tuple[int, int] | None:
    if not needle:
        return None
    found = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack, re.IGNORECASE)
    if found is None:
        index = haystack.lower().find(needle.lower())
        return (index, index + len(needle)) if index >= 0 else None
    return found.start(), found.end()


def _clip_before(text: str) -> str:
    """The tail of ``text`` starting at a word boundary."""
    if len(text) < CONTEXT_CHARS:
        return text
    cut = text.find(" ")
    return text[cut + 1:] if cut >= 0 else text


def _clip_after(text: str) -> str:
    if len(text) < CONTEXT_CHARS:
        return text
    cut = text.rfind(" ")
    return text[:cut] if cut >= 0 else text


def evidence_view(ev: Evidence, text: str | None, trigger: str | None) -> EvidenceView:
    """``ev`` with up to CONTEXT_CHARS of surrounding text and its trigger and cue marked.

    When the stored offsets no longer match ``text`` (or there is no text) the sentence is
    shown alone.
    """
    before = after = ""
    if text is not None and text[ev.start:ev.end] == ev.sentence:
        before = _clip_before(text[max(0, ev.start - CONTEXT_CHARS):ev.start])
        after = _clip_after(text[ev.end:ev.end + CONTEXT_CHARS])
    marks: list[Mark] = []
    for kind, needle in (("trigger", trigger), ("cue", ev.cue)):
        span = _find(ev.sentence, needle)
        if span is not None and not any(m.start < span[1] and span[0] < m.end for m in marks):
            marks.append(Mark(start=span[0], end=span[1], kind=kind))
    marks.sort(key=lambda m: m.start)
    return EvidenceView(start=ev.start, end=ev.end, sentence=ev.sentence, cue=ev.cue,
                        before=before, after=after, marks=marks)
