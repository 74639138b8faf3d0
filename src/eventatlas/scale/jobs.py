"""Durable per-document ingest state: pending, done, or failed with its reason and attempts.

A job is keyed by the document's source and the SHA-256 of its raw bytes. Its row is written in
the same transaction as the document's analysis (or its failure), so after a crash — SIGKILL at
any moment — the store holds either both or neither; a restarted batch skips what is ``done`` or
``failed`` under the same configuration and redoes the rest. A changed configuration (pipeline,
stage settings, eventatlas version) makes every job due again.

Example::

    ledger = JobLedger(store.engine, config_hash(settings))
    if not ledger.lookup([key]).get(key, None):
        ledger.commit(key, pipeline_result, attempts=1)
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from eventatlas import __version__
from eventatlas.errors import InvalidAnalysis, StoreError, TransientStageError
from eventatlas.model import Analysis, Failure, RawDocument, content_hash
from eventatlas.settings import Settings
from eventatlas.store import schema, writer
from eventatlas.store.writer import WriteResult

log = logging.getLogger(__name__)

JobState = Literal["pending", "done", "failed"]
# Serialises ingest writes on PostgreSQL (SQLite already has one writer at a time), so that
# concurrent batches writing overlapping documents never race on ids or shared actors.
_PG_WRITE_LOCK = 0x45564A42
_FETCH_CHUNK = 500


@dataclass(frozen=True, slots=True, order=True)
class JobKey:
    source: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Job:
    key: JobKey
    state: JobState
    config_hash: str
    attempts: int
    stage: str | None = None
    reason: str | None = None
    detail: str | None = None
    document_id: str | None = None

    def failure(self) -> Failure:
        """The recorded failure of a ``failed`` job."""
        return Failure(source=self.key.source, stage=self.stage or "", reason=self.reason or "",
                       detail=self.detail or "")


def job_key(item: RawDocument | Failure) -> JobKey:
    """The key of an input: its source and a hash of its bytes (of the failure, if unread)."""
    if isinstance(item, RawDocument):
        return JobKey(item.source, content_hash(item.content))
    return JobKey(item.source, content_hash(f"unread\x1f{item.stage}\x1f{item.reason}"))


def config_hash(settings: Settings) -> str:
    """What decides whether a done job is still valid: the version and every stage setting."""
    text = settings.model_dump_json(exclude={"store"}) + "\x1f" + __version__
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def transient_reasons() -> frozenset[str]:
    """Failure reasons worth retrying: those of TransientStageError and its subclasses."""
    found: set[str] = set()
    stack: list[type[TransientStageError]] = [TransientStageError]
    while stack:
        cls = stack.pop()
        found.add(cls.reason)
        stack.extend(cls.__subclasses__())
    return frozenset(found)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class JobLedger:
    """Reads and writes ``ingest_jobs``; commits results together with their job rows."""

    def __init__(self, engine: Engine, config: str, *,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self._engine = engine
        self._config = config
        self._clock = clock

    @property
    def config(self) -> str:
        return self._config

    def lookup(self, keys: Sequence[JobKey]) -> dict[JobKey, Job]:
        """The stored jobs among ``keys`` (any state, any configuration)."""
        table = schema.ingest_jobs
        found: dict[JobKey, Job] = {}
        wanted = set(keys)
        sources = sorted({k.source for k in wanted})
        with self._transaction(write=False) as conn:
            for start in range(0, len(sources), _FETCH_CHUNK):
                rows = conn.execute(sa.select(table).where(
                    table.c.source.in_(sources[start:start + _FETCH_CHUNK]))).mappings()
                for row in rows:
                    key = JobKey(row["source"], row["content_hash"])
                    if key in wanted:
                        found[key] = _job(key, row)
        return found

    def is_settled(self, job: Job | None) -> bool:
        """True when ``job`` needs no more work under this configuration."""
        return job is not None and job.state != "pending" and job.config_hash == self._config

    def mark_pending(self, keys: Sequence[JobKey]) -> None:
        """Record that these documents are being processed (attempts are kept)."""
        if not keys:
            return
        now = self._clock()
        rows = [{"source": k.source, "content_hash": k.content_hash, "config_hash": self._config,
                 "state": "pending", "stage": None, "reason": None, "detail": None,
                 "attempts": 0, "document_id": None, "updated_at": now} for k in keys]
        with self._transaction(write=True) as conn:
            _upsert(conn, rows, ("config_hash", "state", "stage", "reason", "detail",
                                 "document_id", "updated_at"))

    def commit(self, key: JobKey, item: Analysis | Failure, attempts: int
               ) -> WriteResult | Failure:
        """Store ``item`` and its job row in one transaction; return what was stored.

        An analysis the store refuses (InvalidAnalysis) is stored as that failure instead.
        """
        if isinstance(item, Analysis):
            try:
                with self._transaction(write=True) as conn:
                    result = writer.write_analysis(conn, item, now=self._clock())
                    self._finish(conn, key, "done", attempts, document_id=item.document.id)
                return result
            except InvalidAnalysis as exc:
                item = Failure(source=exc.source, stage="store", reason=exc.reason,
                               detail=exc.detail)
        with self._transaction(write=True) as conn:
            writer.record_failure(conn, item, now=self._clock())
            self._finish(conn, key, "failed", attempts, failure=item)
        return item

    def counts(self) -> dict[str, int]:
        """Jobs by state."""
        table = schema.ingest_jobs
        with self._transaction(write=False) as conn:
            rows = conn.execute(sa.select(table.c.state, sa.func.count()).group_by(table.c.state))
            return {str(state): int(n) for state, n in rows}

    def _finish(self, conn: Connection, key: JobKey, state: JobState, attempts: int, *,
                document_id: str | None = None, failure: Failure | None = None) -> None:
        row = {"source": key.source, "content_hash": key.content_hash,
               "config_hash": self._config, "state": state,
               "stage": failure.stage if failure else None,
               "reason": failure.reason if failure else None,
               "detail": failure.detail if failure else None,
               "attempts": attempts, "document_id": document_id, "updated_at": self._clock()}
        _upsert(conn, [row], ("config_hash", "state", "stage", "reason", "detail",
                              "document_id", "updated_at"), add_attempts=True)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        try:
            with self._engine.connect() as plain:
                conn = plain.execution_options(eventatlas_write=True) if write else plain
                with conn.begin():
                    if write and conn.dialect.name == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                                     {"k": _PG_WRITE_LOCK})
                    yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"ingest jobs: store error: {exc}") from exc


def _job(key: JobKey, row: Any) -> Job:
    return Job(key=key, state=row["state"], config_hash=row["config_hash"],
               attempts=int(row["attempts"]), stage=row["stage"], reason=row["reason"],
               detail=row["detail"], document_id=row["document_id"])


def _upsert(conn: Connection, rows: list[dict[str, Any]], update: Sequence[str], *,
            add_attempts: bool = False) -> None:
    """Insert job rows, or update ``update`` columns (and add attempts) where present."""
    table = schema.ingest_jobs
    if conn.dialect.name in ("sqlite", "postgresql"):
        dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
        stmt: Any = dialect.insert(table)
        values = {c: stmt.excluded[c] for c in update}
        if add_attempts:
            values["attempts"] = table.c.attempts + stmt.excluded.attempts
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[table.c.source, table.c.content_hash], set_=values), rows)
        return
    for row in rows:  # other databases: one statement pair per row
        where = (table.c.source == row["source"]) & (table.c.content_hash == row["content_hash"])
        values = {c: row[c] for c in update}
        if add_attempts:
            values["attempts"] = table.c.attempts + row["attempts"]
        if conn.execute(sa.update(table).where(where).values(**values)).rowcount == 0:
            conn.execute(sa.insert(table).values(**row))
