"""Whole-store snapshots for comparing two runs: every table's rows, minus wall-clock columns."""

from __future__ import annotations

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
