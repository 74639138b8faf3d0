"""The store: migrations, idempotent writes, failures, filters, byte-exact round trips."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventatlas.errors import StoreError
from eventatlas.model import (
    Actor,
    Affiliation,
    Analysis,
    DateInterval,
    DateValue,
    Document,
    Event,
    Evidence,
    Failure,
    Mention,
    Place,
    Relation,
)
from eventatlas.model.records import Certainty
from eventatlas.store import (
    MIGRATIONS,
    ActorFilter,
    ActorRow,
    EventFilter,
    EventRow,
    InvalidAnalysis,
    Migration,
    PlaceFilter,
    PlaceRow,
    Store,
    create_store_engine,
    current_version,
    migrate,
    open_store,
    schema,
)

SQL_INJECTION = "'; DROP TABLE events;--"


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        yield opened


# -- builders -------------------------------------------------------------------------------

MASSOUD = Actor(
    id="act_massoud", name="Ahmad Massoud", aliases=("Massoud", "Ahmad Masood"), kind="person",
    roles=("leader",), mentions=(Mention(start=0, end=7, text="Massoud"),),
)
TALIBAN = Actor(id="act_taliban", name="Taliban", kind="armed_group",
                mentions=(Mention(start=20, end=27, text="Taliban"),))
PANJSHIR = Place(id="geonames:1131", name="Panjshir", feature="admin1", country="AF",
                 lat=35.3, lon=69.5, mentions=(Mention(start=40, end=48, text="Panjshir"),))
KABUL = Place(id="geonames:1138958", name="Kabul", feature="city", country="AF",
              lat=34.53, lon=69.17)
PARIS = Place(id="geonames:2988507", name="Paris", feature="city", country="FR",
              lat=48.85, lon=2.35)


def event(
    eid: str, *, type: str = "Battles", actor1: str | None = "act_taliban",
    actor2: str | None = None, place: str | None = "geonames:1131", day: str | None = "2021-08-20",
    certainty: Certainty = "confirmed", historical: bool = False, sentence: str = "They fought.",
) -> Event:
    return Event(
        id=eid, type=type, subtype=None, actor1=actor1, actor2=actor2, place=place,
        date=DateInterval(start=day, end=day, precision="day" if day else "unknown"),
        certainty=certainty, historical=historical, trigger="fought",
        evidence=(Evidence(start=0, end=len(sentence), sentence=sentence, cue=None),),
    )


def analysis(
    doc_id: str = "doc_1", source: str = "a.txt", content: str = "h1", *,
    actors: tuple[Actor, ...] = (MASSOUD, TALIBAN), places: tuple[Place, ...] = (PANJSHIR,),
    events: tuple[Event, ...] | None = None, title: str = "Panjshir holds out",
) -> Analysis:
    doc = Document(
        id=doc_id, source=source, title=title, text="Massoud said the Taliban attacked Panjshir.",
        content_hash=content, published=DateValue(value="2021-08-22", precision="day",
                                                  basis="meta"),
    )
    if events is None:
        events = (event(f"evt_{doc_id}_1", actor2="act_massoud"),)
    rel = Relation(id=f"rel_{doc_id}", type="opposition", source="act_massoud",
                   target="act_taliban", evidence=(Evidence(start=0, end=5, sentence="x"),))
    rels = (rel,) if {a.id for a in actors} >= {"act_massoud", "act_taliban"} else ()
    return Analysis(document=doc, actors=actors, places=places, events=events, relations=rels,
                    stages=("extract", "events"))


# -- migrations -----------------------------------------------------------------------------


def test_migrate_creates_schema_and_is_idempotent() -> None:
    engine = create_store_engine(":memory:")
    assert migrate(engine) == [m.version for m in MIGRATIONS]
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert current_version(conn) == MIGRATIONS[-1].version
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.schema_version)
                            ).scalar_one() == len(MIGRATIONS)


def test_fresh_migration_matches_schema_module() -> None:
    engine = create_store_engine(":memory:")
    migrate(engine)
    inspector = sa.inspect(engine)
    assert set(inspector.get_table_names()) == set(schema.metadata.tables)
    for name, table in schema.metadata.tables.items():
        assert [c["name"] for c in inspector.get_columns(name)] == [c.name for c in table.columns]


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(str(path)).close()
    engine = create_store_engine(str(path))
    with engine.begin() as conn:
        conn.execute(sa.insert(schema.schema_version).values(
            version=99, name="from the future", applied_at=datetime.now(UTC)))
    engine.dispose()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(path))
    with pytest.raises(StoreError, match="upgrade"):
        open_store(str(path), upgrade=False)


def test_failed_migration_rolls_back_everything() -> None:
    def broken(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (x INTEGER)"))
        raise sa.exc.OperationalError("ALTER", {}, Exception("boom"))

    engine = create_store_engine(":memory:")
    migrate(engine)
    with pytest.raises(StoreError, match="boom"):
        migrate(engine, (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", broken)))
    assert not sa.inspect(engine).has_table("half_done")
    with engine.connect() as conn:
        assert current_version(conn) == len(MIGRATIONS)


def test_migrations_must_be_numbered_without_gaps() -> None:
    engine = create_store_engine(":memory:")
    with pytest.raises(StoreError, match="numbered"):
        migrate(engine, (Migration(2, "skips one", MIGRATIONS[0].apply),))


@pytest.mark.parametrize("form", ["plain", "url"])
def test_open_store_accepts_paths_and_urls_with_wal_and_foreign_keys(
    tmp_path: Path, form: str
) -> None:
    path = tmp_path / "x.db"
    url = str(path) if form == "plain" else f"sqlite:///{path}"
    with open_store(url) as store:
        store.write(analysis())
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with open_store(f"sqlite:///{path}") as again:
        assert again.counts()["events"] == 1


def test_unopenable_store_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "missing-dir" / "x.db"))
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x")


# -- writes ---------------------------------------------------------------------------------


def test_write_then_read_back_equal(store: Store) -> None:
    written = analysis()
    assert store.write(written).status == "inserted"
    assert store.analysis("doc_1") == written
    with pytest.raises(StoreError):
        store.analysis("doc_missing")


def test_writing_the_same_analysis_twice_adds_nothing(store: Store) -> None:
    store.write(analysis())
    before = store.counts()
    result = store.write(analysis())
    assert result.status == "unchanged"
    assert store.counts() == before
    assert before["events"] == 1 and before["actor_mentions"] == 2


def test_changed_content_replaces_the_old_rows(store: Store) -> None:
    store.write(analysis())
    new = analysis(
        "doc_2", content="h2", actors=(TALIBAN,), places=(KABUL,),
        events=(event("evt_new_a", place=KABUL.id), event("evt_new_b", place=KABUL.id)),
    )
    result = store.write(new)
    assert (result.status, result.replaced) == ("replaced", ("doc_1",))
    assert [d.id for d in store.documents()] == ["doc_2"]
    assert {e.id for e in store.events()} == {"evt_new_a", "evt_new_b"}
    counts = store.counts()
    assert counts["actors"] == 1 and counts["places"] == 1  # Massoud and Panjshir pruned
    assert counts["actor_aliases"] == 0 and counts["relations"] == 0
    assert counts["event_evidence"] == 2
    assert store.analysis("doc_2") == new


def test_force_rewrites_an_unchanged_document(store: Store) -> None:
    store.write(analysis())
    assert store.write(analysis(), force=True).status == "replaced"
    assert store.counts()["events"] == 1


def test_actors_are_shared_across_documents_keeping_the_first_name(store: Store) -> None:
    other_spelling = MASSOUD.model_copy(update={
        "name": "Ahmed Massoud", "aliases": ("Massoud Jr",), "kind": "political",
        "mentions": (Mention(start=0, end=7, text="Massoud"), Mention(start=9, end=16)),
    })
    store.write(analysis())
    store.write(analysis("doc_2", "b.txt", "h2", actors=(other_spelling, TALIBAN)))
    assert store.counts()["actors"] == 2
    (row,) = store.actors(ActorFilter(name="massoud"))
    assert (row.name, row.kind) == ("Ahmad Massoud", "person")
    assert set(row.aliases) == {"Massoud", "Ahmad Masood", "Ahmed Massoud", "Massoud Jr"}
    assert (row.mentions, row.documents, row.events) == (3, 2, 2)
    # each document still reads back as it was written
    assert store.analysis("doc_2").actors[0].name == "Ahmed Massoud"


def test_dangling_reference_is_refused_and_nothing_written(store: Store) -> None:
    bad = analysis(events=(event("evt_x", actor1="act_nobody"),))
    with pytest.raises(InvalidAnalysis, match="act_nobody") as info:
        store.write(bad)
    assert info.value.reason == "invalid_analysis" and info.value.stage == "store"
    assert store.counts()["documents"] == 0


def test_duplicate_ids_are_refused_and_rolled_back(store: Store) -> None:
    twice = analysis(events=(event("evt_same"), event("evt_same")))
    with pytest.raises(InvalidAnalysis):
        store.write(twice)
    assert sum(store.counts().values()) == 0


def test_text_that_cannot_be_stored_is_an_invalid_analysis(store: Store) -> None:
    with pytest.raises(InvalidAnalysis, match="Unicode"):
        store.write(analysis(title="lone \ud800 surrogate"))
    assert store.counts()["documents"] == 0


# -- failures -------------------------------------------------------------------------------


def test_failures_are_recorded_counted_and_cleared_by_success(store: Store) -> None:
    times = iter(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(10))
    clocked = Store(store.engine, clock=lambda: next(times))
    clocked.record_failure(Failure(source="a.txt", stage="extract", reason="empty"))
    clocked.record_failure(Failure(source="a.txt", stage="extract", reason="no_article_found",
                                   detail=SQL_INJECTION))
    clocked.record_failure(Failure(source="b.txt", stage="acquire", reason="undecodable"))
    by_source = {f.source: f for f in clocked.failures()}
    first = by_source["a.txt"]
    assert (first.count, first.reason, first.detail) == (2, "no_article_found", SQL_INJECTION)
    assert first.last_seen - first.first_seen == timedelta(hours=1)
    assert by_source["b.txt"].count == 1
    clocked.write(analysis())
    assert [f.source for f in clocked.failures()] == ["b.txt"]


# -- filters --------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    evs = (
        event("e_battle", day="2021-08-20", actor2="act_massoud"),
        event("e_protest", type="Protests", actor1=None, place=KABUL.id, day="2021-09-07"),
        event("e_history", day="1996-09-27", historical=True),
        event("e_reported", day="2021-08-30", certainty="reported", place=PARIS.id),
        event("e_undated", day=None, place=None, certainty="unconfirmed"),
    )
    store.write(analysis(places=(PANJSHIR, KABUL, PARIS), events=evs))
    return store


def ids(rows: Sequence[EventRow | ActorRow | PlaceRow]) -> set[str]:
    return {r.id for r in rows}


CURRENT = {"e_battle", "e_protest", "e_reported", "e_undated"}


@pytest.mark.parametrize(("filters", "expected"), [
    (EventFilter(), CURRENT),
    (EventFilter(include_historical=True), CURRENT | {"e_history"}),
    (EventFilter(since=date(2021, 8, 25)), {"e_protest", "e_reported"}),
    (EventFilter(until=date(2021, 8, 25)), {"e_battle"}),
    (EventFilter(since=date(2021, 8, 21), until=date(2021, 8, 31)), {"e_reported"}),
    (EventFilter(type="protests"), {"e_protest"}),
    (EventFilter(actor="MASOOD"), {"e_battle"}),  # an alias, any case, actor2
    (EventFilter(actor="taliban"), {"e_battle", "e_reported", "e_undated"}),
    (EventFilter(place="kab"), {"e_protest"}),
    (EventFilter(place=PARIS.id), {"e_reported"}),
    (EventFilter(country="fr"), {"e_reported"}),
    (EventFilter(country="AF"), {"e_battle", "e_protest"}),
    (EventFilter(certainty=("reported", "unconfirmed")), {"e_reported", "e_undated"}),
    (EventFilter(document_id="doc_other"), set()),
    (EventFilter(with_actor=True), CURRENT - {"e_protest"}),  # the one with neither actor
    (EventFilter(actor="%"), set()),
    (EventFilter(actor="_"), set()),
    (EventFilter(actor=SQL_INJECTION), set()),
    (EventFilter(place=SQL_INJECTION, type=SQL_INJECTION), set()),
])
def test_event_filters(filled: Store, filters: EventFilter, expected: set[str]) -> None:
    assert ids(filled.events(filters)) == expected
    assert filled.counts()["events"] == 5  # still there after hostile filter values


def test_events_join_document_actors_and_place(filled: Store) -> None:
    (row,) = filled.events(EventFilter(type="Battles", certainty=("confirmed",)))
    assert (row.actor1, row.actor2, row.place, row.lat, row.lon) == (
        "Taliban", "Ahmad Massoud", "Panjshir", 35.3, 69.5)
    assert (row.source, row.title, row.published) == ("a.txt", "Panjshir holds out", "2021-08-22")
    assert row.evidence[0].sentence == "They fought."


def test_events_are_ordered_and_paged(filled: Store) -> None:
    all_rows = filled.events(limit=None)
    assert [r.id for r in all_rows] == ["e_battle", "e_reported", "e_protest", "e_undated"]
    assert [r.id for r in filled.events(limit=2, offset=1)] == ["e_reported", "e_protest"]


def test_place_and_actor_listings_count_and_filter(filled: Store) -> None:
    places = {p.id: p for p in filled.places()}
    assert places[PANJSHIR.id].events == 2 and places[PANJSHIR.id].mentions == 1
    assert ids(filled.places(PlaceFilter(country="fr"))) == {PARIS.id}
    assert ids(filled.places(PlaceFilter(name="ANJ"))) == {PANJSHIR.id}
    assert ids(filled.actors(ActorFilter(kind="armed_group"))) == {"act_taliban"}
    assert filled.actors(ActorFilter(name=SQL_INJECTION)) == []
    assert filled.fingerprint("a.txt") == "h1" and filled.fingerprint("zzz") is None


# -- round trip -----------------------------------------------------------------------------

TRICKY = st.sampled_from([SQL_INJECTION, "\"quoted\" 'single'", "[bold]markup[/]", "%_\\",
                          "Ahmad Shāh Mas'ūd", "احمد شاه مسعود", "emoji 🏔️", "line\nbreak\r\n"])
UNICODE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
TEXT = st.one_of(TRICKY, st.text(UNICODE, max_size=60))
COORD = st.floats(min_value=-90, max_value=90, allow_nan=False) | st.none()
COUNT = st.integers(min_value=0, max_value=2**53) | st.none()
DISTANCE = st.floats(min_value=0, max_value=20_000, allow_nan=False) | st.none()
AFFILIATIONS = st.lists(
    st.builds(Affiliation, type=st.sampled_from(["command", "membership", "support",
                                                 "opposition"]),
              target=TEXT, evidence=st.builds(Mention, start=st.integers(0, 99),
                                              end=st.integers(0, 99), text=TEXT)),
    max_size=3,
).map(tuple)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, body=TEXT, name=TEXT, alias=TEXT, sentence=TEXT, cue=TEXT | st.none(),
       place_name=TEXT, lat=COORD, lon=COORD, doc_id=TEXT, injured=COUNT,
       simhash=TEXT | st.none(), ethnicity=TEXT | st.none(), affiliations=AFFILIATIONS,
       relation=TEXT | st.none(), anchor=TEXT | st.none(), distance_km=DISTANCE)
def test_round_trip_is_byte_exact(
    title: str, body: str, name: str, alias: str, sentence: str, cue: str | None,
    place_name: str, lat: float | None, lon: float | None, doc_id: str, injured: int | None,
    simhash: str | None, ethnicity: str | None, affiliations: tuple[Affiliation, ...],
    relation: str | None, anchor: str | None, distance_km: float | None,
) -> None:
    actor = Actor(id="act_x", name=name, aliases=(alias, alias), roles=(alias,),
                  mentions=(Mention(start=0, end=len(name), text=name),),
                  ethnicity=ethnicity, affiliations=affiliations)
    place = Place(id="geonames:1", name=place_name, lat=lat, lon=lon, relation=relation,
                  anchor=anchor, distance_km=distance_km)
    ev = Event(id=f"evt_{doc_id}", type=sentence, trigger=sentence, actor1="act_x",
               place="geonames:1", source_attribution=cue, injured=injured,
               evidence=(Evidence(start=0, end=len(sentence), sentence=sentence, cue=cue),))
    doc = Document(id=doc_id, source=title, title=title, author=name, text=body,
                   simhash=simhash)
    written = Analysis(document=doc, actors=(actor,), places=(place,), events=(ev,))
    with open_store(":memory:") as store:
        assert store.write(written).status == "inserted"
        assert store.analysis(doc_id) == written
        (row,) = store.events()
        assert (row.title, row.actor1, row.place, row.trigger) == (title, name, place_name,
                                                                   sentence)
        assert (row.lat, row.lon, row.injured) == (lat, lon, injured)
        assert store.write(written).status == "unchanged"
