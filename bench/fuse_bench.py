"""Fusion benchmark: time to fuse 1,000 new documents into a store of N synthetic events.

Run by hand or from ``make bench``: ``python bench/fuse_bench.py [--events 100000]`` (the
default, 30,000 events, keeps the run near two minutes; 100,000 takes about four here).

The base store is generated straight into the tables (documents, actors, places, events and
their evidence; ``store.write`` per document would dominate the run) and fused once — that
time is reported too — then ``--new-docs`` more documents are written and ``fuse.run.update``
is timed on them. Synthetic documents: 50 outlets, 2,000 places, 300 actors, a year of dates,
5 events each; one document in ten is a syndicated copy of another outlet's text.
The new documents are dated over the base year's last fortnight, as a feed's would be.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from eventatlas.fuse.run import update
from eventatlas.store import open_store
from eventatlas.store import schema as s

TYPES = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Battles", "Non-state actor overtakes territory"))
VOCAB = [f"w{i}" for i in range(5000)]
START = date(2030, 1, 1)


def _document(rng: random.Random, n: int, copy_of: dict[str, Any] | None,
              first_day: int = 0, days: int = 365) -> dict[str, Any]:
    day = START + timedelta(days=first_day + rng.randrange(days))
    text = copy_of["text"] if copy_of else " ".join(rng.choice(VOCAB) for _ in range(120))
    if copy_of:
        day = date.fromisoformat(copy_of["published"])
    now = datetime.now(UTC)
    return {"id": f"doc_{n:08d}", "source": f"synthetic://{n}", "site": f"Outlet {rng.randrange(50)}",
            "title": f"Report {n}", "author": None, "language": "en", "published": day.isoformat(),
            "published_precision": "day", "published_basis": "meta", "accessed": None,
            "accessed_precision": "unknown", "accessed_basis": "unknown", "text": text,
            "url": None, "content_hash": f"h{n}", "fingerprint": f"h{n}", "stages": [],
            "written_at": now}


def _events(rng: random.Random, doc: dict[str, Any]) -> list[dict[str, Any]]:
    day = date.fromisoformat(doc["published"])
    out = []
    for seq in range(5):
        etype, sub = rng.choice(TYPES)
        when = (day - timedelta(days=rng.randrange(3))).isoformat()
        out.append({"id": f"evt_{doc['id'][4:]}_{seq}", "document_id": doc["id"], "seq": seq,
                    "type": etype, "subtype": sub, "plover": None,
                    "actor1": f"act_{rng.randrange(300)}", "actor2": None,
                    "place": f"geonames:{rng.randrange(2000)}", "geo_precision": 1,
                    "date_start": when, "date_end": when, "date_precision": "day",
                    "certainty": rng.choice(("confirmed", "reported", "claimed", "denied")),
                    "historical": False, "fatalities": None, "trigger": "x",
                    "source_attribution": None})
    return out


def _insert(engine: sa.Engine, rng: random.Random, first: int, count: int,
            first_day: int = 0, days: int = 365) -> None:
    docs: list[dict[str, Any]] = []
    for n in range(first, first + count):
        copy_of = docs[rng.randrange(len(docs))] if docs and rng.random() < 0.1 else None
        docs.append(_document(rng, n, copy_of, first_day, days))
    events = [e for d in docs for e in _events(rng, d)]
    with engine.begin() as conn:
        conn.execute(sa.insert(s.documents), docs)
        conn.execute(sa.insert(s.events), events)
        conn.execute(sa.insert(s.event_evidence), [
            {"event_id": e["id"], "seq": 0, "start": 0, "end": 10, "sentence": "synthetic"}
            for e in events])
        conn.execute(sa.insert(s.document_places), [
            {"document_id": e["document_id"], "place_id": e["place"], "seq": e["seq"],
             "name": e["place"], "feature": "city", "country": None, "admin1": None,
             "lat": None, "lon": None} for e in events if e["seq"] == 0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=30_000)  # 100_000: ~4 min here
    parser.add_argument("--new-docs", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as store:
        with store.engine.begin() as conn:
            conn.execute(sa.insert(s.actors), [{"id": f"act_{i}", "name": f"Group {i}",
                                                "kind": "armed_group", "country": None}
                                               for i in range(300)])
            conn.execute(sa.insert(s.places), [{"id": f"geonames:{i}", "name": f"Town {i}",
                                                "feature": "city", "country": None,
                                                "admin1": None, "lat": None, "lon": None}
                                               for i in range(2000)])
        base_docs = args.events // 5
        t0 = time.perf_counter()
        _insert(store.engine, rng, 0, base_docs)
        t1 = time.perf_counter()
        base = update(store)
        t2 = time.perf_counter()
        # new documents are the latest news: dated over the last fortnight of the base year
        _insert(store.engine, rng, base_docs, args.new_docs, first_day=351, days=14)
        new = update(store)
        t3 = time.perf_counter()
        print(f"base store: {base_docs} documents, {args.events} events "
              f"(generated in {t1 - t0:.1f}s, fused from scratch in {t2 - t1:.1f}s: "
              f"{base.stories} stories, {base.fused_events} fused events)")
        per_1000 = (t3 - t2) / args.new_docs * 1000
        print(f"incremental: {args.new_docs} new documents ({new.new_events} events) fused in "
              f"{t3 - t2:.2f}s -> {per_1000:.2f}s per 1,000 new documents "
              f"({new.contradictions} contradictions, {new.control_periods} control periods)")


if __name__ == "__main__":
    main()
