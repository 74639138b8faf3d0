"""Opening a store: SQLite by default (WAL, foreign keys), PostgreSQL by URL.

``open_store("eventatlas.db")``, ``open_store("sqlite:///eventatlas.db")``,
``open_store(":memory:")`` and ``open_store("postgresql+psycopg://user@host/db")`` all give a
migrated :class:`Store`. The PostgreSQL driver is imported only when such a URL is opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from eventatlas.errors import StoreError
from eventatlas.model import Analysis, Failure
from eventatlas.store import queries, readback, writer
from eventatlas.store.migrations import check_version, migrate
from eventatlas.store.rows import (
    ActorFilter,
    ActorRow,
    DocumentRow,
    EventFilter,
    EventRow,
    FailureRow,
    PlaceFilter,
    PlaceRow,
)
from eventatlas.store.writer import WriteResult

log = logging.getLogger(__name__)

_BUSY_TIMEOUT_S = 30.0
_MEMORY = {"", ":memory:"}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def store_url(url: str) -> sa.URL:
    """A SQLAlchemy URL for ``url``; anything without ``://`` is a SQLite file path."""
    if "://" not in url:
        return sa.URL.create("sqlite", database=url)
    try:
        return sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _on_sqlite_begin), so DDL is transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(_BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front so two processes never deadlock upgrading locks.
    write = bool(conn.get_execution_options().get("eventatlas_write"))
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def create_store_engine(url: str) -> Engine:
    """An Engine for ``url`` with the SQLite listeners installed; nothing is connected yet."""
    parsed = store_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False}
        if parsed.database in _MEMORY or parsed.database is None:
            kwargs["poolclass"] = StaticPool
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open {parsed!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        sa.event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def open_store(url: str, *, upgrade: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``.

    Example: ``with open_store("eventatlas.db") as store: store.write(analysis)``.
    With ``upgrade=False`` a database that is not at the latest version raises StoreError.
    """
    engine = create_store_engine(url)
    try:
        if upgrade:
            migrate(engine)
        else:
            check_version(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine)


class Store:
    """All reads and writes of one database. Writes go through :meth:`write`."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self._engine = engine
        self._clock = clock

    @property
    def engine(self) -> Engine:
        return self._engine

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    # -- writes ---------------------------------------------------------------------------

    def write(self, analysis: Analysis, *, force: bool = False) -> WriteResult:
        """Store one document's analysis in one transaction (idempotent; see writer)."""
        with self._writing() as conn:
            return writer.write_analysis(conn, analysis, now=self._clock(), force=force)

    def record_failure(self, failure: Failure) -> None:
        """Record (or count again) that ``failure.source`` failed at ``failure.stage``."""
        with self._writing() as conn:
            writer.record_failure(conn, failure, now=self._clock())

    def _writing(self) -> _Transaction:
        return _Transaction(self._engine, write=True)

    def optimize(self, *, only_if_missing: bool = False) -> None:
        """Refresh the query planner's statistics: without them SQLite may walk a
        100,000-event index to answer a query that selects a few hundred.

        A full ANALYZE (SQLite: about 0.15 s per 100,000 events). Sampled statistics
        (``PRAGMA analysis_limit``) read the two-valued ``events.historical`` as if it picked
        a thousand rows, and counts by box or type then walked every current event (280 ms
        instead of 8 ms on 100,000). ``only_if_missing``: leave statistics already there (an
        API starting on a store its last ingest analysed)."""
        with _Transaction(self._engine, write=True) as conn:
            if only_if_missing and _has_statistics(conn):
                return
            conn.exec_driver_sql("ANALYZE")

    def writing(self) -> _Transaction:
        """``with store.writing() as conn``: one write transaction; errors as StoreError."""
        return _Transaction(self._engine, write=True)

    def reading(self) -> _Transaction:
        """``with store.reading() as conn``: one read transaction; errors as StoreError."""
        return _Transaction(self._engine)

    # -- reads ----------------------------------------------------------------------------

    def fingerprint(self, source: str) -> str | None:
        """The stored content fingerprint for ``source`` (to skip unchanged inputs early)."""
        with _Transaction(self._engine) as conn:
            return queries.fingerprint(conn, source)

    def events(
        self, filters: EventFilter | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[EventRow]:
        with _Transaction(self._engine) as conn:
            return queries.events(conn, filters or EventFilter(), limit, offset)

    def actors(
        self, filters: ActorFilter | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[ActorRow]:
        with _Transaction(self._engine) as conn:
            return queries.actors(conn, filters or ActorFilter(), limit, offset)

    def places(
        self, filters: PlaceFilter | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[PlaceRow]:
        with _Transaction(self._engine) as conn:
            return queries.places(conn, filters or PlaceFilter(), limit, offset)

    def failures(self) -> list[FailureRow]:
        with _Transaction(self._engine) as conn:
            return queries.failures(conn)

    def documents(self, limit: int | None = None, offset: int = 0) -> list[DocumentRow]:
        with _Transaction(self._engine) as conn:
            return queries.documents(conn, limit, offset)

    def counts(self) -> dict[str, int]:
        """Row count of every data table, by table name."""
        with _Transaction(self._engine) as conn:
            return queries.counts(conn)

    def analysis(self, document_id: str) -> Analysis:
        """The analysis exactly as written for ``document_id`` (StoreError when absent)."""
        with _Transaction(self._engine) as conn:
            return readback.read_analysis(conn, document_id)


def _has_statistics(conn: Connection) -> bool:
    """Whether the planner has statistics on the events table."""
    if conn.dialect.name == "sqlite":
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                ).first() is None:
            return False
        sql = "SELECT 1 FROM sqlite_stat1 WHERE tbl = 'events' LIMIT 1"
    else:
        sql = "SELECT 1 FROM pg_stats WHERE tablename = 'events' LIMIT 1"
    return conn.exec_driver_sql(sql).first() is not None


class _Transaction:
    """``with _Transaction(engine) as conn``: one transaction, errors as StoreError."""

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self._engine = engine
        self._write = write
        self._conn: Connection | None = None

    def __enter__(self) -> Connection:
        try:
            conn = self._engine.connect()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot use the store at {self._engine.url!r}: {exc}") from exc
        try:
            if self._write:
                conn = conn.execution_options(eventatlas_write=True)
            conn.begin()
        except sa.exc.SQLAlchemyError as exc:
            conn.close()
            raise StoreError(f"cannot begin a transaction: {exc}") from exc
        self._conn = conn
        return conn

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        assert conn is not None
        self._conn = None
        try:
            if exc is None:
                conn.commit()
            else:
                conn.rollback()
        except sa.exc.SQLAlchemyError as err:
            raise StoreError(f"cannot commit to the store: {err}") from err
        finally:
            conn.close()
        if isinstance(exc, sa.exc.SQLAlchemyError):
            raise StoreError(f"store error: {exc}") from exc
