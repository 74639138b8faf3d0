"""The store: SQLAlchemy Core over SQLite (default) or PostgreSQL, with migrations.

Example::

    with open_store("eventatlas.db") as store:
        result = store.write(analysis)          # idempotent; result.status tells what happened
        rows = store.events(EventFilter(actor="Hassan", since=date(2021, 8, 1)))
"""

from eventatlas.errors import InvalidAnalysis
from eventatlas.store.engine import Store, create_store_engine, open_store, store_url
from eventatlas.store.migrations import MIGRATIONS, Migration, current_version, migrate
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
from eventatlas.store.writer import WriteResult, fingerprint

__all__ = [
    "MIGRATIONS", "ActorFilter", "ActorRow", "DocumentRow", "EventFilter", "EventRow",
    "FailureRow", "InvalidAnalysis", "Migration", "PlaceFilter", "PlaceRow", "Store",
    "WriteResult", "create_store_engine", "current_version", "fingerprint", "migrate",
    "open_store", "store_url",
]
