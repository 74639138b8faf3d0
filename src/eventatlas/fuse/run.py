"""Incremental fusion: fold newly stored documents into stories, fused events,
contradictions and control periods, touching only what they change.

``update(store)`` is what ingest calls after writing; ``rebuild(store)`` clears the fusion
tables and fuses everything again (it must give the same tables — a test checks it).
Documents replaced or deleted since the last update leave their clusters through the
foreign-key cascade; the clusters that shrank are re-clustered from what is left.
"""

from __future__ import annotations

import logging
import time

import sqlalchemy as sa

from eventatlas.fuse import contradictions, layers
from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.events import cluster_events
from eventatlas.fuse.model import FuseReport
from eventatlas.fuse.stories import cluster_documents
from eventatlas.store import Store
from eventatlas.store import schema as s

log = logging.getLogger(__name__)


def update(store: Store, config: FuseConfig | None = None) -> FuseReport:
    """Fuse what is new in ``store`` in one transaction; return what changed.

    Example: ``with open_store("eventatlas.db") as store: print(update(store).fused_events)``
    """
    cfg = config or FuseConfig()
    began = time.perf_counter()
    with store.writing() as conn:
        docs = cluster_documents(conn, cfg)
        events = cluster_events(conn, cfg)
        touched = set(events.clusters)
        n_contra = contradictions.recompute(conn, touched, events.removed - touched, cfg)
        n_control = layers.recompute_control(conn, events.places, cfg)
        totals = {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                  for t in (s.stories, s.fused_events, s.contradictions, s.control_periods)}
    report = FuseReport(
        new_documents=docs.new, new_events=events.new, reopened_stories=docs.reopened,
        reopened_events=events.reopened, stories=totals["stories"],
        fused_events=totals["fused_events"], contradictions=totals["contradictions"],
        control_periods=totals["control_periods"], seconds=round(time.perf_counter() - began, 3),
    )
    log.info("fusion: %d new document(s), %d new event(s) in %.2fs; %d contradiction(s) and "
             "%d control period(s) recomputed", report.new_documents, report.new_events,
             report.seconds, n_contra, n_control)
    return report


def rebuild(store: Store, config: FuseConfig | None = None) -> FuseReport:
    """Forget every fusion result and fuse the whole store again."""
    with store.writing() as conn:
        for table in reversed(s.FUSION_TABLES):
            conn.execute(sa.delete(table))
    return update(store, config)
