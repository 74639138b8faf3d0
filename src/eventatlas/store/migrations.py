"""Numbered schema migrations, applied in order and recorded in ``schema_version``.

Each migration is a function of a :class:`~sqlalchemy.engine.Connection` that changes the
schema from version ``n - 1`` to ``n``. :func:`migrate` applies the missing ones in one
transaction (SQLite and PostgreSQL both have transactional DDL), so a failed migration leaves
the database as it was. A database newer than this code is refused with :class:`StoreError`.

Adding a migration: append ``Migration(n + 1, "what it does", _m00n_what)`` to
:data:`MIGRATIONS`, write the function with Core DDL (``op``-style ``ALTER TABLE`` through
``sa.DDL`` or ``Table.create``), and change :mod:`eventatlas.store.schema` to the new shape.
Migration 1 builds the version-1 tables from ``schema.metadata``; the first change to
``schema.py`` must freeze those version-1 definitions here, and
``test_fresh_migration_matches_schema_module`` together with the new migration failing on a fresh
database will say so.
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


def _m001_initial(conn: Connection) -> None:
    """Version 1: documents, actors, places, events, relations, failures and their links."""
    schema.metadata.create_all(conn, checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "initial schema", _m001_initial),)


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
