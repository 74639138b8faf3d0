"""REST API latency: event queries at a concurrency of 32 against 100,000 synthetic events.

Builds (or reuses) a SQLite store of synthetic events written through the store's own writer,
starts ``uvicorn`` on 127.0.0.1 in a child process, then runs a bounded load generator: 32
concurrent clients send a fixed number of requests drawn from a mix of event queries (first
pages, date ranges, type and certainty, bounding boxes, actor names, text search, deep
offsets). Prints p50/p95/p99 latency and throughput. Run by hand or with ``make bench``:

    .venv/bin/python bench/api_bench.py                 # 100,000 events, 32 clients
    .venv/bin/python bench/api_bench.py --events 20000 --requests 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from eventatlas.model import (
    Actor,
    Analysis,
    DateInterval,
    Document,
    Event,
    Evidence,
    Place,
)
from eventatlas.store import open_store

TYPES = (("Battles", "Armed clash"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Attack"), ("Strategic developments", "Arrests"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"))
CERTAINTY = ("confirmed", "reported", "unconfirmed", "claimed", "denied")
START = date(2030, 1, 1)
EVENTS_PER_DOC = 250


def _synthetic(n_doc: int, rng: random.Random, actors: list[Actor],
               places: list[Place]) -> Analysis:
    sentences, events, offset = [], [], 0
    used_actors: dict[str, Actor] = {}
    used_places: dict[str, Place] = {}
    for k in range(EVENTS_PER_DOC):
        a1, a2 = rng.sample(actors, 2)
        place = rng.choice(places)
        etype, sub = rng.choice(TYPES)
        sentence = f"Report {n_doc}-{k}: {a1.name} and {a2.name} near {place.name}."
        day = (START + timedelta(days=rng.randrange(365))).isoformat()
        events.append(Event(
            id=f"ev_{n_doc}_{k}", type=etype, subtype=sub, actor1=a1.id, actor2=a2.id,
            place=place.id, date=DateInterval(start=day, end=day, precision="day"),
            certainty=rng.choice(CERTAINTY), trigger="near",  # type: ignore[arg-type]
            evidence=(Evidence(start=offset, end=offset + len(sentence), sentence=sentence),),
        ))
        sentences.append(sentence)
        offset += len(sentence) + 1
        used_actors.update({a1.id: a1, a2.id: a2})
        used_places[place.id] = place
    doc = Document(id=f"doc_{n_doc}", source=f"bench://{n_doc}", site=f"Outlet {n_doc % 40}",
                   title=f"Bulletin {n_doc}", text=" ".join(sentences))
    return Analysis(document=doc, actors=tuple(used_actors.values()),
                    places=tuple(used_places.values()), events=tuple(events))


def build_store(path: Path, n_events: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    actors = [Actor(id=f"act_{i}", name=f"Unit {i} Brigade", kind="armed_group")
              for i in range(300)]
    places = [Place(id=f"geonames:{800000 + i}", name=f"Town{i}", feature="city",
                    country=rng.choice(("KE", "TZ", "UG", "ET")),
                    lat=rng.uniform(-10, 10), lon=rng.uniform(30, 45)) for i in range(800)]
    started = time.perf_counter()
    with open_store(str(path)) as store:
        for n in range(n_events // EVENTS_PER_DOC):
            store.write(_synthetic(n, rng, actors, places))
    return time.perf_counter() - started


def _queries(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        day = START + timedelta(days=rng.randrange(330))
        lon, lat = rng.uniform(30, 42), rng.uniform(-10, 7)
        choice = rng.randrange(7)
        out.append([
            "/api/events?limit=50",
            f"/api/events?limit=50&since={day}&until={day + timedelta(days=7)}",
            f"/api/events?limit=50&type={rng.choice(TYPES)[0]}&certainty={rng.choice(CERTAINTY)}",
            f"/api/events?limit=50&bbox={lon},{lat},{lon + 2},{lat + 2}",
            f"/api/events?limit=50&actor=Unit%20{rng.randrange(300)}%20",
            f"/api/events?limit=20&q=Town{rng.randrange(800)}.&since={day}",
            f"/api/events?limit=50&offset={rng.randrange(0, 90_000)}",
        ][choice])
    return out


async def _load(base: str, paths: list[str], concurrency: int,
                max_s: float = 60.0) -> tuple[list[float], int, float]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    stop_at = time.perf_counter() + max_s

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            response = await client.get(path)
            latencies.append(time.perf_counter() - t0)
            if response.status_code != 200:
                errors += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def _serve(db: str, port: int) -> None:
    import uvicorn

    from eventatlas.api import ApiOptions, create_app
    from eventatlas.settings import load_settings

    app = create_app(load_settings(), db, options=ApiOptions(rate_limit_per_minute=None,
                                                             serve_web=False))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(base: str, deadline_s: float = 30) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            if httpx.get(base + "/api/facets?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the API server did not start")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000, help="at most this many")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-seconds", type=float, default=60.0,
                        help="stop sending new requests after this long")
    parser.add_argument("--db", type=Path, default=None, help="reuse or create this store")
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve[0], int(args.serve[1]))
        return
    db = args.db or Path(tempfile.gettempdir()) / f"eventatlas-bench-{args.events}.db"
    if not db.exists():
        print(f"building {args.events} synthetic events in {db} ...", flush=True)
        print(f"  built in {build_store(db, args.events):.1f} s", flush=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)],
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base)
        asyncio.run(_load(base, _queries(random.Random(1), 64), args.concurrency))  # warm-up
        paths = _queries(random.Random(2), args.requests)
        latencies, errors, wall = asyncio.run(_load(base, paths, args.concurrency,
                                                    args.max_seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"events in store: {args.events}; requests: {len(latencies)}; "
          f"concurrency: {args.concurrency}; errors: {errors}")
    print(f"latency ms: p50 {_pct(latencies, 0.50):.1f}  p95 {_pct(latencies, 0.95):.1f}  "
          f"p99 {_pct(latencies, 0.99):.1f}  mean {statistics.fmean(latencies) * 1000:.1f}")
    print(f"throughput: {len(latencies) / wall:.0f} requests/s over {wall:.1f} s")


if __name__ == "__main__":
    main()
