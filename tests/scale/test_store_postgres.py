"""The store's key behaviours on a real PostgreSQL server, and concurrent writers on it."""

from __future__ import annotations

import multiprocessing as mp
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from snap import snapshot

from eventatlas.errors import StoreError
from eventatlas.model import (
    Actor,
    Analysis,
    DateInterval,
    DateValue,
    Document,
    Event,
    Evidence,
    Failure,
    Mention,
    Place,
)
from eventatlas.store import (
    MIGRATIONS,
    ActorFilter,
    EventFilter,
    InvalidAnalysis,
    create_store_engine,
    current_version,
    migrate,
    open_store,
    schema,
)

pytest.importorskip("psycopg")

HOSTILE = "'; DROP TABLE events;-- Ahmad Mas'ud"
REBELS = Actor(id="act_rebels", name="Northern Hills Front", aliases=("NHF",),
               kind="armed_group", mentions=(Mention(start=0, end=5, text="Rebel"),))
ARMY = Actor(id="act_army", name="National Army", kind="state_forces")
TOWN = Place(id="geonames:1", name="Kunduz", feature="city", country="AF", lat=36.7, lon=68.9)


def analysis(doc: str = "doc_1", source: str = "a.html", content: str = "v1",
             day: str = "2022-05-14", name: str = "Northern Hills Front") -> Analysis:
    text = "Rebel fighters seized the town of Kunduz on Tuesday."
    rebels = REBELS.model_copy(update={"name": name})
    event = Event(id=f"evt_{doc}", type="Battles", subtype="Armed clash", actor1="act_rebels",
                  actor2="act_army", place="geonames:1",
                  date=DateInterval(start=day, end=day, precision="day"), certainty="reported",
                  historical=False, trigger="seized",
                  evidence=(Evidence(start=0, end=len(text), sentence=text, cue="reportedly"),))
    document = Document(id=doc, source=source, title=HOSTILE, text=text, content_hash=content,
                        published=DateValue(value=day, precision="day", basis="meta"))
    return Analysis(document=document, actors=(rebels, ARMY), places=(TOWN,), events=(event,),
                    stages=("extract", "events"))


def test_migrations_build_the_schema_module_on_postgres(pg_db: str) -> None:
    engine = create_store_engine(pg_db)
    try:
        assert migrate(engine) == [m.version for m in MIGRATIONS]
        assert migrate(engine) == []
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) == set(schema.metadata.tables)
        for name, table in schema.metadata.tables.items():
            assert [c["name"] for c in inspector.get_columns(name)] == [
                c.name for c in table.columns]
        with engine.connect() as conn:
            assert current_version(conn) == len(MIGRATIONS)
    finally:
        engine.dispose()


def test_round_trip_and_idempotent_rewrite_on_postgres(pg_db: str) -> None:
    with open_store(pg_db) as store:
        written = analysis()
        assert store.write(written).status == "inserted"
        assert store.analysis("doc_1") == written
        before = store.counts()
        assert store.write(written).status == "unchanged"
        assert store.counts() == before
        assert store.write(analysis(content="v2", day="2022-05-15")).status == "replaced"
        assert store.counts() == before
        assert [e.date_start for e in store.events()] == ["2022-05-15"]


def test_failures_counted_and_cleared_on_postgres(pg_db: str) -> None:
    with open_store(pg_db) as store:
        failure = Failure(source="a.html", stage="extract", reason="no_article_found")
        store.record_failure(failure)
        store.record_failure(failure)
        assert [(f.source, f.count) for f in store.failures()] == [("a.html", 2)]
        store.write(analysis())
        assert store.failures() == []


def test_filters_and_hostile_text_on_postgres(pg_db: str) -> None:
    with open_store(pg_db) as store:
        store.write(analysis())
        store.write(analysis("doc_2", "b.html", day="2021-01-02"))
        assert {e.id for e in store.events(EventFilter(since=date(2022, 1, 1)))} == {"evt_doc_1"}
        assert {e.id for e in store.events(EventFilter(actor="nhf"))} == {"evt_doc_1",
                                                                          "evt_doc_2"}
        assert store.events(EventFilter(actor=HOSTILE)) == []
        assert [a.name for a in store.actors(ActorFilter(kind="state_forces"))] == [
            "National Army"]
        assert store.documents()[0].title == HOSTILE
        assert store.counts()["events"] == 2


def test_nul_in_text_is_refused_cleanly_on_postgres(pg_db: str) -> None:
    with open_store(pg_db) as store:
        bad = analysis()
        bad = bad.model_copy(update={"document": bad.document.model_copy(
            update={"title": "a\x00b"})})
        with pytest.raises(InvalidAnalysis):
            store.write(bad)
        assert store.counts()["documents"] == 0


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")


# -- concurrent writers ------------------------------------------------------------------------

def _writer(url: str, docs: list[int]) -> None:
    from eventatlas.scale.jobs import JobKey, JobLedger

    with open_store(url) as store:
        ledger = JobLedger(store.engine, "cfg")
        for n in docs:
            item = analysis(f"doc_{n}", f"s{n}.html", day=f"2022-05-{1 + n % 28:02d}",
                            name=f"Front {n}")
            ledger.commit(JobKey(f"s{n}.html", "h"), item, 1)


def test_concurrent_writers_neither_corrupt_nor_duplicate(pg_db: str, postgres_url: str,
                                                          tmp_path: Path) -> None:
    overlapping = [list(range(40)), list(range(20, 60)), list(range(10, 50)),
                   list(reversed(range(60)))]
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(pg_db, docs)) for docs in overlapping]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    with open_store(pg_db) as store:
        counts = store.counts()
        assert counts["documents"] == counts["events"] == counts["event_evidence"] == 60
        assert counts["document_actors"] == 120 and counts["actors"] == 2
        assert counts["failures"] == 0
        assert len(store.analysis("doc_7").events) == 1
    snap = snapshot(pg_db)
    assert len(snap["ingest_jobs"]) == 60
    assert {row[3] for row in snap["ingest_jobs"]} == {"'done'"}


def test_planner_statistics_on_postgres(pg_db: str) -> None:
    with open_store(pg_db) as store:
        def analysed() -> bool:
            with store.reading() as conn:
                return conn.exec_driver_sql("SELECT 1 FROM pg_stats WHERE tablename = 'events'"
                                            " LIMIT 1").first() is not None

        store.write(analysis())
        assert not analysed()
        store.optimize(only_if_missing=True)  # none yet: analysed now
        assert analysed()
        store.optimize(only_if_missing=True)  # already there: nothing to do, no error
        store.optimize()
        assert analysed()


def test_text_search_on_postgres(pg_db: str) -> None:
    from eventatlas.store.api_queries import EventQuery, event_page

    with open_store(pg_db) as store:
        store.write(analysis())
        store.write(analysis(doc="doc_2", source="b.html"))
        with store.reading() as conn:
            for needle, total in (("KUNDUZ", 2), ("seiz", 2), ("drop table", 2), ("50%", 0)):
                page = event_page(conn, EventQuery(q=needle), 1, 0)
                assert page.total == total, needle
                assert len(page.items) == min(1, total)
