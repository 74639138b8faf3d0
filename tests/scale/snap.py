"""Whole-store snapshots for comparing two runs (every table's rows, minus wall-clock columns),
and how far a running ingest has got."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from eventatlas.store import create_store_engine, schema

# When a row was written differs between runs by nature; everything else must not.
VOLATILE = {"written_at", "first_seen", "last_seen", "updated_at", "applied_at"}


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            out: dict[str, list[tuple[Any, ...]]] = {}
            for name, table in schema.metadata.tables.items():
                cols = [c for c in table.columns if c.name not in VOLATILE]
                rows = conn.execute(sa.select(*cols)).all()
                out[name] = sorted(tuple(repr(v) for v in row) for row in rows)
            return out
    finally:
        engine.dispose()


def jobs_finished(db: Path) -> int:
    """Documents an ingest into the SQLite store ``db`` has finished (done or failed), read
    while it runs; 0 before the ledger exists."""
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("select count(*) from ingest_jobs where state != 'pending'"
                                    ).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet
