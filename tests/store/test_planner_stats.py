"""The planner's statistics: exact (not sampled), so a box or type count takes the selective
index; refreshed by ingest, and kept when the API starts on a store that has them."""

from __future__ import annotations

from pathlib import Path

from eventatlas.model import Analysis, DateInterval, Document, Event, Evidence, Place
from eventatlas.store import create_store_engine, open_store
from eventatlas.store.api_queries import BBox, EventQuery, _conditions, count_statement

PLACES = tuple(Place(id=f"geonames:{9000 + k}", name=f"Village {k}", feature="city",
                     country="KE", lat=-5.0 + k / 10, lon=35.0 + k / 10) for k in range(60))


def many_events(doc: int, n: int) -> Analysis:
    """``n`` current events of one document, spread over 60 places and 300 days."""
    sentences, events, at = [], [], 0
    for k in range(n):
        sentence = f"Clash {doc}-{k} near {PLACES[k % 60].name}."
        day = f"2031-{1 + k % 12:02d}-{1 + k % 28:02d}"
        events.append(Event(
            id=f"ev_{doc}_{k}", type="Battles", subtype="Armed clash", place=PLACES[k % 60].id,
            date=DateInterval(start=day, end=day, precision="day"), certainty="reported",
            trigger="Clash", evidence=(Evidence(start=at, end=at + len(sentence),
                                                sentence=sentence),)))
        sentences.append(sentence)
        at += len(sentence) + 1
    document = Document(id=f"doc_{doc}", source=f"test://{doc}", text=" ".join(sentences))
    return Analysis(document=document, places=PLACES, events=tuple(events))


def _event_stats(path: Path) -> dict[str, str]:
    engine = create_store_engine(str(path))
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'events'")
        stats = {str(idx): str(stat) for idx, stat in rows}
    engine.dispose()
    return stats


def test_statistics_are_exact_and_a_box_count_uses_the_place_index(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        for doc in range(3):
            store.write(many_events(doc, 500))
        store.optimize()
        # 1,500 current events: one value of "historical" covers them all. A sample of 1,000
        # rows would have said 1,001 rows per value, and made the index look selective.
        assert _event_stats(path)["ix_events_current"].split()[:2] == ["1500", "1500"]
        query = EventQuery(bbox=BBox(west=35.0, south=-5.0, east=35.15, north=-4.85))
        with store.reading() as conn:
            count = count_statement(query, _conditions(conn, query))
            sql = str(count.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " | ".join(str(r[-1]) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql))
            assert conn.execute(count).scalar_one() == 3 * sum(k % 60 < 2 for k in range(500))
    assert "ix_events_place" in plan, plan


def test_only_if_missing_keeps_statistics_and_a_plain_optimize_refreshes_them(
        tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.optimize(only_if_missing=True)  # an empty store: nothing to measure yet
        store.write(many_events(0, 200))
        store.optimize(only_if_missing=True)
        assert _event_stats(path)["ix_events_current"].startswith("200 ")
        store.write(many_events(1, 100))
        store.optimize(only_if_missing=True)  # as the API does on start: kept
        assert _event_stats(path)["ix_events_current"].startswith("200 ")
        store.optimize()  # as ingest does when it ends: refreshed
        assert _event_stats(path)["ix_events_current"].startswith("300 ")
