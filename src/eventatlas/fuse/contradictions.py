"""Where sources disagree: the event carries both sides instead of a silent pick.

- ``denial``: one source asserts an event and another denies it — inside one fused event
  (the denial joined the claim it answers) or between an asserted and a denied-only fused
  event of the same kind at the same place within ``denial_window_days``.
- ``rival_control``: two sources credit different actors with taking the same place within
  ``rival_window_days`` of each other.

Contradictions are recomputed per scope (a place, or a fused event without one) whenever
fusion touches it, and each fused event's ``contested`` flag follows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from eventatlas.fuse import repo
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import days_apart, parse_day, same_story
from eventatlas.fuse.matching import Mention
from eventatlas.fuse.model import Contradiction, ContradictionKind, SourceEvidence, fusion_id
from eventatlas.store import Store
from eventatlas.store import schema as s

log = logging.getLogger(__name__)

Row = dict[str, Any]


def is_territorial(subtype: str | None) -> bool:
    """ACLED sub-types about who holds ground ("... territory")."""
    return subtype is not None and "territory" in subtype.casefold()


def _side(members: Sequence[Mention], evidence: dict[str, tuple[int, int, str]]
          ) -> tuple[SourceEvidence, ...]:
    out = []
    for m in members:
        start, end, sentence = evidence.get(m.id, (None, None, ""))
        out.append(SourceEvidence(event_id=m.id, document_id=m.document_id, source=m.source,
                                  certainty=m.certainty, date=m.start, sentence=sentence,
                                  start=start, end=end))
    return tuple(out)


def _label(row: Row) -> str:
    return f"{row['type']}/{row['subtype']}" if row["subtype"] else str(row["type"])


def _close(a: Row, b: Row, ma: Sequence[Mention], mb: Sequence[Mention], window: int,
           cfg: FuseConfig) -> bool:
    gap = days_apart(parse_day(a["date_start"]), parse_day(b["date_start"]))
    if gap is not None:
        return gap <= window
    return any(same_story(x.doc, y.doc, cfg) for x in ma for y in mb)


def detect(rows: Sequence[Row], members: dict[str, list[Mention]],
           evidence: dict[str, tuple[int, int, str]], cfg: FuseConfig,
           touched: set[str] | None = None) -> list[Contradiction]:
    """Contradictions among ``rows`` (fused events of one place) that involve a ``touched``
    one (all when None)."""
    found: dict[str, Contradiction] = {}

    def add(kind: ContradictionKind, a: Row, b: Row | None, side_a: Sequence[Mention],
            side_b: Sequence[Mention], summary: str) -> None:
        if touched is not None and a["id"] not in touched and (b is None or b["id"] not in touched):
            return
        cid = fusion_id("contradiction", kind, a["id"], b["id"] if b else "")
        found[cid] = Contradiction(
            id=cid, kind=kind, fused_event_id=a["id"],
            other_fused_event_id=b["id"] if b else None, place=a["place"], day=a["date_start"],
            summary=summary, side_a=_side(side_a, evidence), side_b=_side(side_b, evidence))

    asserts = {r["id"]: [m for m in members[r["id"]] if m.certainty != "denied"] for r in rows}
    denies = {r["id"]: [m for m in members[r["id"]] if m.certainty == "denied"] for r in rows}
    for r in rows:
        if asserts[r["id"]] and denies[r["id"]]:
            add("denial", r, None, asserts[r["id"]], denies[r["id"]],
                f"{_label(r)}: {len(asserts[r['id']])} report(s) assert it, "
                f"{len(denies[r['id']])} deny it")
    for b in (r for r in rows if not asserts[r["id"]]):
        for a in (r for r in rows if asserts[r["id"]] and r["type"] == b["type"]):
            if a["subtype"] and b["subtype"] and a["subtype"] != b["subtype"]:
                continue
            if _close(a, b, asserts[a["id"]], denies[b["id"]], cfg.denial_window_days, cfg):
                add("denial", a, b, asserts[a["id"]], denies[b["id"]],
                    f"{_label(a)}: asserted by {a['n_sources']} source(s), denied by "
                    f"{b['n_sources']}")
    territorial = [r for r in rows if is_territorial(r["subtype"]) and asserts[r["id"]]
                   and r["actor1"] and not r["historical"]]
    for i, a in enumerate(territorial):
        for b in territorial[i + 1 :]:
            if a["actor1"] != b["actor1"] and _close(a, b, asserts[a["id"]], asserts[b["id"]],
                                                     cfg.rival_window_days, cfg):
                add("rival_control", a, b, asserts[a["id"]], asserts[b["id"]],
                    f"{_label(a)}: rival claims of who took the place")
    return [found[k] for k in sorted(found)]


def _drop(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Delete the contradictions involving ``ids``; return every fused event they named."""
    c = s.contradictions
    named: set[str] = set()
    for part in repo.chunks(sorted(ids)):
        hit = sa.or_(c.c.fused_event_id.in_(part), c.c.other_fused_event_id.in_(part))
        for a, b in conn.execute(sa.select(c.c.fused_event_id, c.c.other_fused_event_id)
                                 .where(hit)):
            named |= {a, b} if b else {a}
        conn.execute(sa.delete(c).where(sa.or_(c.c.fused_event_id.in_(part),
                                               c.c.other_fused_event_id.in_(part))))
    return named


def recompute(conn: Connection, touched: set[str], removed: set[str], cfg: FuseConfig) -> int:
    """Replace the contradictions involving ``touched`` or ``removed`` fused events.

    Contradictions are pairwise, so those between two untouched events stand as they are.
    """
    named = _drop(conn, [*touched, *removed])
    mine = repo.fused_rows(conn, ids=sorted(touched))
    window = max(cfg.denial_window_days, cfg.rival_window_days)
    groups: dict[str, list[Row]] = {}
    for r in mine:
        scope = r["place"] if r["place"] is not None else r["id"]
        groups.setdefault(scope, []).append(r)
    near = repo.fused_near(conn, [r for r in mine if r["place"] is not None], window)
    rows_by_scope = {
        scope: _within(near.get(scope, []), rows, window) if rows[0]["place"] is not None
        else rows for scope, rows in groups.items()
    }
    everyone = sorted({r["id"] for rows in rows_by_scope.values() for r in rows})
    members = repo.fused_members(conn, everyone)
    evidence = repo.evidence_for(conn, [m.id for ms in members.values() for m in ms])
    found: list[Contradiction] = []
    for scope, rows in sorted(rows_by_scope.items()):
        new = detect(rows, members, evidence, cfg, touched)
        if new:
            conn.execute(sa.insert(s.contradictions), [_row(x, scope) for x in new])
        found += new
    _refresh_contested(conn, sorted((set(everyone) | named) - removed))
    return len(found)


def _within(candidates: Sequence[Row], rows: Sequence[Row], window: int) -> list[Row]:
    """The fused events at one place within ``window`` days of a touched one, or undated."""
    days = [parse_day(r["date_start"]) for r in rows]
    if any(d is None for d in days):
        return list(candidates)
    out = []
    for c in candidates:
        day = parse_day(c["date_start"])
        if day is None or any(abs((day - d).days) <= window for d in days if d is not None):
            out.append(c)
    return out


def _refresh_contested(conn: Connection, ids: Sequence[str]) -> None:
    c, f = s.contradictions, s.fused_events
    for part in repo.chunks(ids):
        involved = {r[0] for r in conn.execute(sa.select(c.c.fused_event_id).where(
            c.c.fused_event_id.in_(part)))} | {r[0] for r in conn.execute(
                sa.select(c.c.other_fused_event_id).where(c.c.other_fused_event_id.in_(part)))}
        conn.execute(sa.update(f).where(f.c.id.in_(part)).values(
            contested=sa.or_(f.c.certainty == "contested", f.c.id.in_(sorted(involved)))))


def _row(x: Contradiction, scope: str) -> Row:
    data = x.model_dump(mode="json")
    return {**{k: data[k] for k in ("id", "kind", "fused_event_id", "other_fused_event_id",
                                    "place", "day", "summary", "side_a", "side_b")},
            "scope": scope}


def list_contradictions(store: Store, fused_event_id: str | None = None) -> list[Contradiction]:
    """Recorded contradictions (those involving one fused event when given), by id."""
    c = s.contradictions
    stmt = sa.select(c).order_by(c.c.id)
    if fused_event_id is not None:
        stmt = stmt.where(sa.or_(c.c.fused_event_id == fused_event_id,
                                 c.c.other_fused_event_id == fused_event_id))
    with store.reading() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [Contradiction.model_validate({k: v for k, v in r.items() if k != "scope"})
            for r in rows]
