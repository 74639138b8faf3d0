"""Migration 4's model fields: written, read back exactly, shown in listings, and added to old
databases (version 3) without losing their rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from eventatlas.export import render
from eventatlas.model import (
    Actor,
    Affiliation,
    Analysis,
    DateInterval,
    Document,
    Event,
    Evidence,
    Mention,
    Place,
)
from eventatlas.store import MIGRATIONS, create_store_engine, migrate, open_store, schema
from eventatlas.store.migrations import V4_COLUMNS

TEXT = "Tajik fighters loyal to Massoud clashed with the Taliban 40 km north of Charikar."

MASSOUD = Actor(id="act_massoud", name="Massoud", kind="person",
                mentions=(Mention(start=24, end=31, text="Massoud"),))
TALIBAN = Actor(id="act_taliban", name="Taliban", kind="armed_group",
                mentions=(Mention(start=49, end=56, text="Taliban"),))
FIGHTERS = Actor(
    id="act_fighters", name="Tajik fighters", kind="armed_group", ethnicity="Tajiks",
    mentions=(Mention(start=0, end=14, text="Tajik fighters"),),
    affiliations=(
        Affiliation(type="command", target="act_massoud",
                    evidence=Mention(start=15, end=31, text="loyal to Massoud")),
        Affiliation(type="opposition", target="act_taliban",
                    evidence=Mention(start=32, end=56, text="clashed with the Taliban")),
    ),
)
CHARIKAR = Place(id="geonames:1148311", name="Charikar", feature="city", country="AF",
                 lat=35.01, lon=69.17, mentions=(Mention(start=72, end=80, text="Charikar"),))
NORTH_OF_CHARIKAR = Place(
    id="geonames:1148311~40km-north", name="40 km north of Charikar", feature="other",
    country="AF", lat=35.37, lon=69.17, relation="north", anchor=CHARIKAR.id, distance_km=40.0,
    mentions=(Mention(start=57, end=80, text="40 km north of Charikar"),),
)


def fields_analysis() -> Analysis:
    doc = Document(id="doc_f", source="f.txt", text=TEXT, content_hash="hf",
                   simhash="0123456789abcdef0123456789abcdef")
    clash = Event(
        id="evt_f", type="Battles", actor1="act_fighters", actor2="act_taliban",
        place=NORTH_OF_CHARIKAR.id, geo_precision=2,
        date=DateInterval(start="2021-09-01", end="2021-09-01", precision="day"),
        fatalities=3, injured=7, trigger="clashed",
        evidence=(Evidence(start=0, end=len(TEXT), sentence=TEXT),),
    )
    return Analysis(document=doc, actors=(FIGHTERS, MASSOUD, TALIBAN),
                    places=(CHARIKAR, NORTH_OF_CHARIKAR), events=(clash,), stages=("extract",))


def test_new_fields_read_back_exactly_and_a_rewrite_is_a_no_op() -> None:
    written = fields_analysis()
    with open_store(":memory:") as store:
        assert store.write(written).status == "inserted"
        before = store.counts()
        assert store.analysis("doc_f") == written
        assert store.write(written).status == "unchanged"
        assert store.counts() == before
        assert store.analysis("doc_f") == written


def test_relative_place_fields_are_on_the_shared_place_row() -> None:
    with open_store(":memory:") as store:
        store.write(fields_analysis())
        with store.engine.connect() as conn:
            p = schema.places
            row = conn.execute(
                sa.select(p.c.relation, p.c.anchor, p.c.distance_km)
                .where(p.c.id == NORTH_OF_CHARIKAR.id)
            ).one()
    assert tuple(row) == ("north", CHARIKAR.id, 40.0)


def test_event_listings_show_injured_in_json_and_csv() -> None:
    with open_store(":memory:") as store:
        store.write(fields_analysis())
        rows = store.events()
    assert [r.injured for r in rows] == [7]
    as_json = render(rows, "json", "events")
    assert isinstance(as_json, str) and json.loads(as_json)[0]["injured"] == 7
    as_csv = render(rows, "csv", "events")
    assert isinstance(as_csv, str)
    assert next(csv.DictReader(io.StringIO(as_csv)))["injured"] == "7"


# -- an old database (schema version 3) ------------------------------------------------------


def _version_3_database(path: Path) -> sa.Engine:
    """A database as eventatlas left it at version 3: migrations 1-3, none of the v4 columns."""
    engine = create_store_engine(str(path))
    assert migrate(engine, MIGRATIONS[:3]) == [1, 2, 3]
    with engine.begin() as conn:  # migration 1 builds today's tables: take v4's columns off
        for table, columns in V4_COLUMNS:
            for column in columns:
                conn.execute(sa.text(f'ALTER TABLE "{table}" DROP COLUMN "{column}"'))
    return engine


def _insert_version_3_rows(engine: sa.Engine) -> None:
    """One document with an actor, a place and an event, in version 3's columns only."""
    now = datetime(2021, 9, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(sa.insert(schema.documents).values(
            id="doc_old", source="old.txt", published_precision="unknown",
            published_basis="unknown", accessed_precision="unknown", accessed_basis="unknown",
            text="The Taliban attacked Kabul.", content_hash="h_old", fingerprint="h_old",
            stages=["extract"], written_at=now))
        conn.execute(sa.insert(schema.actors).values(
            id="act_taliban", name="Taliban", kind="armed_group"))
        conn.execute(sa.insert(schema.document_actors).values(
            document_id="doc_old", actor_id="act_taliban", seq=0, name="Taliban",
            kind="armed_group", roles=[]))
        conn.execute(sa.insert(schema.places).values(
            id="geonames:1138958", name="Kabul", feature="city", country="AF"))
        conn.execute(sa.insert(schema.document_places).values(
            document_id="doc_old", place_id="geonames:1138958", seq=0, name="Kabul",
            feature="city", country="AF"))
        conn.execute(sa.insert(schema.events).values(
            id="evt_old", document_id="doc_old", seq=0, type="Battles", actor1="act_taliban",
            place="geonames:1138958", date_precision="unknown", certainty="confirmed",
            historical=False, fatalities=2, trigger="attacked"))


OLD_ANALYSIS = Analysis(
    document=Document(id="doc_old", source="old.txt", text="The Taliban attacked Kabul.",
                      content_hash="h_old"),
    actors=(Actor(id="act_taliban", name="Taliban", kind="armed_group"),),
    places=(Place(id="geonames:1138958", name="Kabul", feature="city", country="AF"),),
    events=(Event(id="evt_old", type="Battles", actor1="act_taliban", place="geonames:1138958",
                  fatalities=2, trigger="attacked"),),
    stages=("extract",),
)


def test_version_3_database_migrates_to_4_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    engine = _version_3_database(path)
    assert "injured" not in {c["name"] for c in sa.inspect(engine).get_columns("events")}
    _insert_version_3_rows(engine)
    engine.dispose()

    with open_store(str(path)) as store:  # opening migrates
        inspector = sa.inspect(store.engine)
        for name, table in schema.metadata.tables.items():
            assert [c["name"] for c in inspector.get_columns(name)] == [
                c.name for c in table.columns]
        assert store.analysis("doc_old") == OLD_ANALYSIS
        assert [(r.id, r.fatalities, r.injured) for r in store.events()] == [("evt_old", 2, None)]
        assert store.write(OLD_ANALYSIS).status == "unchanged"
        assert store.write(fields_analysis()).status == "inserted"
        assert store.analysis("doc_f") == fields_analysis()
        assert store.analysis("doc_old") == OLD_ANALYSIS


def test_migration_4_is_recorded_once() -> None:
    engine = create_store_engine(":memory:")
    migrate(engine)
    with engine.connect() as conn:
        names = dict(conn.execute(
            sa.select(schema.schema_version.c.version, schema.schema_version.c.name)).all())
    assert names[4].startswith("model fields: injured, simhash")
    assert migrate(engine) == []


def test_version_4_database_gains_the_event_indexes(tmp_path: Path) -> None:
    engine = create_store_engine(str(tmp_path / "v4.db"))
    migrate(engine, MIGRATIONS[:4])
    with engine.begin() as conn:
        for name in ("ix_events_current", "ix_events_type"):
            conn.execute(sa.text(f"DROP INDEX {name}"))  # as a version-4 database had them
    before = {ix["name"] for ix in sa.inspect(engine).get_indexes("events")}
    assert "ix_events_current" not in before
    migrate(engine)
    after = {ix["name"] for ix in sa.inspect(engine).get_indexes("events")}
    assert {"ix_events_current", "ix_events_type"} <= after
    engine.dispose()


def test_optimize_gives_the_planner_statistics(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.write(fields_analysis())
        store.optimize()
    engine = create_store_engine(str(path))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar_one() > 0
    engine.dispose()
