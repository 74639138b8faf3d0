"""Numbered schema migrations, applied in order and recorded in ``schema_version``.

Each migration is a function of a :class:`~sqlalchemy.engine.Connection` that changes the
schema from version ``n - 1`` to ``n``. :func:`migrate` applies the missing ones in one
transaction (SQLite and PostgreSQL both have transactional DDL), so a failed migration leaves
the database as it was. A database newer than this code is refused with :class:`StoreError`.

Adding a migration: change :mod:`eventatlas.store.schema` to the new shape, append
``Migration(n + 1, "what it does", _m00n_what)`` to :data:`MIGRATIONS`, and write the function
with the two helpers below: :func:`create_tables` for new tables (by name, from the schema
module) and :func:`add_columns` for new columns of existing tables (skipped where present, so a
fresh database — whose earlier migrations already build the current tables — and an old one end
in the same shape). ``test_fresh_migration_matches_schema_module`` checks that they do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from eventatlas.errors import StoreError
from eventatlas.store import schema

log = logging.getLogger(__name__)

# An arbitrary constant naming the PostgreSQL advisory lock taken while migrating.
_PG_MIGRATION_LOCK = 0x45564E54


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def create_tables(conn: Connection, names: Sequence[str]) -> None:
    """Create the named tables of the schema module that do not exist yet."""
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[n] for n in names],
                               checkfirst=True)


def add_columns(conn: Connection, table: str, columns: Sequence[str]) -> None:
    """Add the named columns (as the schema module defines them) where they are missing."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table)}
    for name in columns:
        if name in present:
            continue
        column = schema.metadata.tables[table].c[name]
        ddl = column.type.compile(dialect=conn.dialect)
        conn.execute(sa.text(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {ddl}'))


V1_TABLES = ("schema_version", "documents", "actors", "document_actors", "actor_aliases",
             "actor_mentions", "places", "document_places", "place_mentions", "events",
             "event_evidence", "relations", "relation_evidence", "failures")


def _m001_initial(conn: Connection) -> None:
    """Version 1: documents, actors, places, events, relations, failures and their links."""
    create_tables(conn, V1_TABLES)


def _m002_fusion(conn: Connection) -> None:
    """Version 2: stories, fused events, contradictions and control periods (eventatlas.fuse)."""
    create_tables(conn, ("stories", "story_documents", "fused_events", "fused_event_members",
                         "contradictions", "control_periods"))


def _m003_jobs(conn: Connection) -> None:
    """Version 3: per-document ingest state (eventatlas.scale.jobs)."""
    create_tables(conn, ("ingest_jobs",))


V4_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("documents", ("simhash",)),
    ("document_actors", ("ethnicity", "affiliations")),
    ("places", ("relation", "anchor", "distance_km")),
    ("document_places", ("relation", "anchor", "distance_km")),
    ("events", ("injured",)),
)


def _m004_fields(conn: Connection) -> None:
    """Version 4: model fields the store lost (see :data:`V4_COLUMNS`); old rows get NULL."""
    for table, columns in V4_COLUMNS:
        add_columns(conn, table, columns)


def create_indexes(conn: Connection, table: str, names: Sequence[str]) -> None:
    """Create the named indexes of a schema-module table that do not exist yet."""
    present = {ix["name"] for ix in sa.inspect(conn).get_indexes(table)}
    for index in schema.metadata.tables[table].indexes:
        if index.name in names and index.name not in present:
            index.create(conn)


def _m005_event_indexes(conn: Connection) -> None:
    """Version 5: indexes for listing current events by date and filtering by type."""
    create_indexes(conn, "events", ("ix_events_current", "ix_events_type"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _m001_initial),
    Migration(2, "fusion tables", _m002_fusion),
    Migration(3, "ingest jobs", _m003_jobs),
    Migration(4, "model fields: injured, simhash, actor affiliations and ethnicity, relative places",
              _m004_fields),
    Migration(5, "event indexes for listing by date and type", _m005_event_indexes),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return migrations[-1].version if migrations else 0


def current_version(conn: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    found = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(found or 0)


def _check_sequence(migrations: Sequence[Migration]) -> None:
    expected = list(range(1, len(migrations) + 1))
    if [m.version for m in migrations] != expected:
        raise StoreError("migrations must be numbered 1, 2, 3, ... without gaps")


def _apply_missing(conn: Connection, migrations: Sequence[Migration]) -> list[int]:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    version = current_version(conn)
    latest = latest_version(migrations)
    if version > latest:
        raise StoreError(
            f"the database is at schema version {version}, newer than this eventatlas "
            f"knows ({latest}); upgrade eventatlas to open it"
        )
    applied: list[int] = []
    for migration in migrations:
        if migration.version <= version:
            continue
        log.info("applying store migration %d: %s", migration.version, migration.name)
        migration.apply(conn)
        conn.execute(
            sa.insert(schema.schema_version).values(
                version=migration.version, name=migration.name, applied_at=datetime.now(UTC)
            )
        )
        applied.append(migration.version)
    return applied


def migrate(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations in one transaction; return the versions applied.

    Example: ``migrate(create_engine("sqlite:///eventatlas.db"))`` → ``[1]`` the first time,
    ``[]`` afterwards.
    """
    _check_sequence(migrations)
    try:
        with engine.connect() as plain:
            conn = plain.execution_options(eventatlas_write=True)
            with conn.begin():
                return _apply_missing(conn, migrations)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the store at {engine.url!r}: {exc}") from exc


def check_version(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Raise StoreError unless the database is exactly at the latest known version."""
    try:
        with engine.connect() as conn:
            version = current_version(conn)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read the store at {engine.url!r}: {exc}") from exc
    latest = latest_version(migrations)
    if version != latest:
        hint = "upgrade eventatlas" if version > latest else "migrate it first"
        raise StoreError(f"the store is at schema version {version}, expected {latest}: {hint}")
