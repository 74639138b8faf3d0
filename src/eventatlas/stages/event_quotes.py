"""Quotations that run over several sentences: each quoted sentence is its speaker's claim.

'"We will not surrender. The valley is ours," the commander said.' — ``claims.quotations``
finds the quotation and its speaker; here each sentence of it becomes a claim event of that
speaker (when it has none yet), and the events told inside it are the speaker's account, not
the outlet's: their source is the speaker, and a party telling its own deed only claims it.
"""

from __future__ import annotations

from collections.abc import Callable

from eventatlas.model import Event
from eventatlas.stages.claims import Quote

# (quotation, sentence index) → the speaker's claim, its evidence the speech verb's sentence
# and then the quoted one
Claim = Callable[[Quote, int], Event]


def quoted_claims(events: list[Event], quotes: list[Quote], sentence_starts: list[int],
                  claim: Claim, outlet: str) -> list[Event]:
    """``events`` with a claim per quoted sentence and each told event attributed to its
    quotation's speaker (``outlet`` is the attribution an unattributed event carries)."""
    out = list(events)
    for quote in quotes:
        for k in quote.sentences:
            start = sentence_starts[k]
            here = [n for n, e in enumerate(out) if e.evidence and e.evidence[0].start == start]
            for n in here:
                ev = out[n]
                if ev.source_attribution not in {outlet, "outlet", None}:
                    continue
                sure = "claimed" if quote.speaker in {ev.actor1, ev.actor2} and \
                    ev.certainty in {"confirmed", "reported"} else ev.certainty
                out[n] = ev.model_copy(update={"source_attribution": quote.phrase,
                                               "certainty": sure})
            if not any(e.actor1 == quote.speaker and e.plover is None and
                       any(ev.start == start for ev in e.evidence) for e in out):
                out.append(claim(quote, k))
    return out
