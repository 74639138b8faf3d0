"""The store's current schema as SQLAlchemy Core tables (no ORM).

Shared entities (``actors``, ``places``) are keyed by their stable id and written once; what a
document says about them (its spelling, aliases, roles, mentions) lives in per-document tables
that are deleted with the document (``ON DELETE CASCADE``), so replacing a document never
leaves stale rows behind. ``seq`` columns keep the order the analysis gave.

This module describes the *current* shape. Databases reach it through
:mod:`eventatlas.store.migrations`; a test checks that migrating an empty database yields
exactly these tables and columns.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

_CASCADE = "CASCADE"


def _doc_fk() -> sa.Column[str]:
    return sa.Column(
        "document_id", sa.Text, sa.ForeignKey("documents.id", ondelete=_CASCADE), nullable=False
    )


def _relative_place_columns() -> tuple[sa.Column[Any], ...]:
    """Migration 4: a place stated relative to another ("40 km north of X"). The anchor is a
    plain place id (no foreign key: it need not be among the document's places)."""
    return (
        sa.Column("relation", sa.Text),
        sa.Column("anchor", sa.Text),
        sa.Column("distance_km", sa.Float),
    )


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("source", sa.Text, nullable=False, unique=True),
    sa.Column("site", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("published", sa.Text),
    sa.Column("published_precision", sa.Text, nullable=False),
    sa.Column("published_basis", sa.Text, nullable=False),
    sa.Column("accessed", sa.Text),
    sa.Column("accessed_precision", sa.Text, nullable=False),
    sa.Column("accessed_basis", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("content_hash", sa.Text),
    sa.Column("fingerprint", sa.Text, nullable=False),  # content_hash, or a hash of the text
    sa.Column("stages", sa.JSON, nullable=False),
    sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("simhash", sa.Text),  # migration 4
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),  # the first name written wins
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
)

document_actors = sa.Table(
    "document_actors",
    metadata,
    _doc_fk(),
    sa.Column("actor_id", sa.Text, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("ethnicity", sa.Text),  # migration 4
    sa.Column("affiliations", sa.JSON),  # migration 4: a list of Affiliation dicts; NULL = none
    sa.PrimaryKeyConstraint("document_id", "actor_id"),
    sa.Index("ix_document_actors_actor", "actor_id"),
)

actor_aliases = sa.Table(
    "actor_aliases",
    metadata,
    _doc_fk(),
    sa.Column("actor_id", sa.Text, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("alias", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("document_id", "actor_id", "seq"),
    sa.Index("ix_actor_aliases_actor", "actor_id"),
)

actor_mentions = sa.Table(
    "actor_mentions",
    metadata,
    _doc_fk(),
    sa.Column("actor_id", sa.Text, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("document_id", "actor_id", "seq"),
    sa.Index("ix_actor_mentions_actor", "actor_id"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("feature", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    *_relative_place_columns(),
)

document_places = sa.Table(
    "document_places",
    metadata,
    _doc_fk(),
    sa.Column("place_id", sa.Text, sa.ForeignKey("places.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("feature", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    *_relative_place_columns(),
    sa.PrimaryKeyConstraint("document_id", "place_id"),
    sa.Index("ix_document_places_place", "place_id"),
)

place_mentions = sa.Table(
    "place_mentions",
    metadata,
    _doc_fk(),
    sa.Column("place_id", sa.Text, sa.ForeignKey("places.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("document_id", "place_id", "seq"),
    sa.Index("ix_place_mentions_place", "place_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("subtype", sa.Text),
    sa.Column("plover", sa.Text),
    sa.Column("actor1", sa.Text, sa.ForeignKey("actors.id")),
    sa.Column("actor2", sa.Text, sa.ForeignKey("actors.id")),
    sa.Column("place", sa.Text, sa.ForeignKey("places.id")),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("date_start", sa.Text),
    sa.Column("date_end", sa.Text),
    sa.Column("date_precision", sa.Text, nullable=False),
    sa.Column("certainty", sa.Text, nullable=False),
    sa.Column("historical", sa.Boolean, nullable=False),
    sa.Column("fatalities", sa.Integer),
    sa.Column("trigger", sa.Text, nullable=False),
    sa.Column("source_attribution", sa.Text),
    sa.Column("injured", sa.Integer),  # migration 4
    sa.Index("ix_events_document", "document_id"),
    sa.Index("ix_events_date", "date_start"),
    sa.Index("ix_events_place", "place"),
    sa.Index("ix_events_actor1", "actor1"),
    sa.Index("ix_events_actor2", "actor2"),
    sa.Index("ix_events_current", "historical", "date_start", "id"),  # migration 5
    sa.Index("ix_events_type", "type"),  # migration 5
)

event_evidence = sa.Table(
    "event_evidence",
    metadata,
    sa.Column(
        "event_id", sa.Text, sa.ForeignKey("events.id", ondelete=_CASCADE), nullable=False
    ),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("cue", sa.Text),
    sa.PrimaryKeyConstraint("event_id", "seq"),
)

relations = sa.Table(
    "relations",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("source", sa.Text, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("target", sa.Text, sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("certainty", sa.Text, nullable=False),
    sa.Column("historical", sa.Boolean, nullable=False),
    sa.Index("ix_relations_document", "document_id"),
)

relation_evidence = sa.Table(
    "relation_evidence",
    metadata,
    sa.Column(
        "relation_id", sa.Text, sa.ForeignKey("relations.id", ondelete=_CASCADE), nullable=False
    ),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("cue", sa.Text),
    sa.PrimaryKeyConstraint("relation_id", "seq"),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("source", "stage"),
)

# -- fusion (migration 2): derived from the tables above by eventatlas.fuse -----------------
# Member rows cascade with their document/event, so a replaced document leaves its story and
# fused event; the fuser notices the shrunken cluster (n_documents / n_members) and re-clusters
# it. Actor and place ids are plain text here (no foreign key), so pruning never blocks.

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # derived from the earliest member document id
    sa.Column("title", sa.Text),
    sa.Column("first_day", sa.Text),
    sa.Column("last_day", sa.Text),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
)

story_documents = sa.Table(
    "story_documents",
    metadata,
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete=_CASCADE),
              primary_key=True),
    sa.Column("story_id", sa.Text, nullable=False),
    sa.Column("source_key", sa.Text, nullable=False),  # the outlet: site, host, or the document
    sa.Column("day", sa.Text),  # the document's effective date (ISO), when known
    sa.Column("features", sa.JSON, nullable=False),  # similarity features (see fuse.docsim)
    sa.Index("ix_story_documents_story", "story_id"),
    sa.Index("ix_story_documents_day", "day"),
)

fused_events = sa.Table(
    "fused_events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # derived from the earliest member event id
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("subtype", sa.Text),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("place", sa.Text),
    sa.Column("date_start", sa.Text),
    sa.Column("date_end", sa.Text),
    sa.Column("date_precision", sa.Text, nullable=False),
    sa.Column("certainty", sa.Text, nullable=False),
    sa.Column("historical", sa.Boolean, nullable=False),
    sa.Column("contested", sa.Boolean, nullable=False),
    sa.Column("n_members", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),  # independent source keys, sorted
    sa.Index("ix_fused_events_place", "place", "date_start"),
)

fused_event_members = sa.Table(
    "fused_event_members",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete=_CASCADE),
              primary_key=True),
    sa.Column("fused_id", sa.Text, nullable=False),
    sa.Column("document_id", sa.Text, nullable=False),
    sa.Index("ix_fused_event_members_fused", "fused_id"),
)

contradictions = sa.Table(
    "contradictions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # denial | rival_control
    sa.Column("scope", sa.Text, nullable=False),  # the place id, or the fused event id
    sa.Column("fused_event_id", sa.Text, nullable=False),
    sa.Column("other_fused_event_id", sa.Text),
    sa.Column("place", sa.Text),
    sa.Column("day", sa.Text),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("side_a", sa.JSON, nullable=False),  # evidence of one side
    sa.Column("side_b", sa.JSON, nullable=False),  # evidence of the other
    sa.Index("ix_contradictions_scope", "scope"),
)

control_periods = sa.Table(
    "control_periods",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("holder", sa.Text, nullable=False),  # actor id
    sa.Column("start", sa.Text),  # None: held since before anything we read
    sa.Column("end", sa.Text),  # None: still held as far as we know
    sa.Column("certainty", sa.Text, nullable=False),
    sa.Column("contested", sa.Boolean, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("basis", sa.JSON, nullable=False),  # fused event ids the period rests on
    sa.Index("ix_control_periods_place", "place"),
)

FUSION_TABLES: tuple[sa.Table, ...] = (
    stories, story_documents, fused_events, fused_event_members, contradictions, control_periods,
)

# -- ingest jobs (migration 3): one row per input document, by source and raw-content hash ---
# Written by eventatlas.scale.jobs in the same transaction as the document's analysis or failure,
# so a batch killed at any moment resumes exactly where it stopped.

ingest_jobs = sa.Table(
    "ingest_jobs",
    metadata,
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),  # SHA-256 of the raw bytes
    sa.Column("config_hash", sa.Text, nullable=False),  # settings + version that processed it
    sa.Column("state", sa.Text, nullable=False),  # pending | done | failed
    sa.Column("stage", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Column("detail", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("document_id", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("source", "content_hash"),
    sa.Index("ix_ingest_jobs_state", "state"),
)

# Tables holding data (everything except the migration ledger), in dependency order.
DATA_TABLES: tuple[sa.Table, ...] = (
    documents, actors, document_actors, actor_aliases, actor_mentions, places,
    document_places, place_mentions, events, event_evidence, relations, relation_evidence,
    failures, *FUSION_TABLES,
)
