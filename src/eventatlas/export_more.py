"""More export formats: PLOVER-style JSON and Parquet (pyarrow, the ``parquet`` extra).

Example::

    rows = store.events(EventFilter(), limit=None)
    text = to_plover_json(rows)                  # a JSON array of PLOVER-style records
    write_parquet(rows, "events.parquet", "events")

PLOVER names the event category (``event``), its ``mode`` and ``context``, the initiating
``actor`` and the ``recipient``, magnitudes (``dead``) and a ``location``; eventatlas adds the
ACLED coding, certainty, the historical flag and the evidence it was read from, so a record
stays traceable to its sentence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from eventatlas.errors import UnknownFormat
from eventatlas.store.rows import ActorRow, EventRow, PlaceRow

log = logging.getLogger(__name__)

MORE_FORMATS = ("plover", "parquet")
_ROW_MODELS: dict[str, type[BaseModel]] = {"events": EventRow, "actors": ActorRow,
                                          "places": PlaceRow}


def plover_record(row: EventRow) -> dict[str, Any]:
    """One event as a PLOVER-style record (PLOVER field names where PLOVER has one)."""
    location = None
    if row.place_id is not None:
        geonames = row.place_id.split(":", 1)[1] if row.place_id.startswith("geonames:") else None
        location = {
            "placename": row.place, "country": row.country, "admin1": row.admin1,
            "lat": row.lat, "lon": row.lon, "geonames_id": geonames,
            "geo_precision": row.geo_precision,
        }
    return {
        "id": row.id,
        "date": row.date_start,
        "date_end": row.date_end,
        "date_precision": row.date_precision,
        "event": row.plover,
        "mode": row.subtype,
        "context": [],
        "actor": row.actor1, "actor_id": row.actor1_id, "actor_kind": row.actor1_kind,
        "recipient": row.actor2, "recipient_id": row.actor2_id,
        "recipient_kind": row.actor2_kind,
        "dead": row.fatalities,
        "location": location,
        "acled": {"event_type": row.type, "sub_event_type": row.subtype},
        "certainty": row.certainty,
        "historical": row.historical,
        "trigger": row.trigger,
        "source": {"document_id": row.document_id, "source": row.source, "site": row.site,
                   "title": row.title, "published": row.published,
                   "attribution": row.source_attribution},
        "text": " ".join(ev.sentence for ev in row.evidence),
        "evidence": [ev.model_dump(mode="json") for ev in row.evidence],
    }


def to_plover_json(rows: Sequence[EventRow]) -> str:
    return json.dumps([plover_record(r) for r in rows], ensure_ascii=False, indent=2)


def _arrow_table(rows: Sequence[BaseModel], kind: str) -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise UnknownFormat("parquet output needs pyarrow: pip install 'eventatlas[parquet]'") \
            from exc
    if kind not in _ROW_MODELS:
        raise UnknownFormat(f"no parquet output for {kind!r}")
    fields = list(_ROW_MODELS[kind].model_fields)
    records = [r.model_dump(mode="json") for r in rows]
    columns: dict[str, list[Any]] = {f: [rec[f] for rec in records] for f in fields}
    if not records:
        return pa.table({f: pa.array([], type=pa.string()) for f in fields})
    return pa.table(columns)


def write_parquet(rows: Sequence[BaseModel], path: str | Path, kind: str) -> int:
    """Write ``rows`` (all of ``kind``) to a Parquet file; evidence stays a nested list.

    Returns the number of rows written.
    """
    import pyarrow.parquet as pq

    table = _arrow_table(rows, kind)
    pq.write_table(table, str(path), compression="zstd")
    log.info("wrote %d %s to %s", table.num_rows, kind, path)
    return int(table.num_rows)


def parquet_bytes(rows: Sequence[BaseModel], kind: str) -> bytes:
    """The Parquet file for ``rows`` as bytes (for stdout or an HTTP response)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(_arrow_table(rows, kind), sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
