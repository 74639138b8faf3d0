"""Render store rows as a rich table, JSON, CSV, GeoJSON or ACLED-layout CSV.

Example: ``render(store.events(EventFilter()), "geojson", "events")`` → a GeoJSON string.

Article text is untrusted: in the table it is escaped with :func:`rich.markup.escape` so
markup in a title stays text; in CSV a text cell that a spreadsheet would run as a formula
(starting with ``= + - @`` or a tab/CR) is prefixed with ``'`` (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import pycountry
from pydantic import BaseModel
from rich.markup import escape
from rich.table import Table

from eventatlas.errors import UnknownFormat
from eventatlas.store.rows import ActorRow, EventRow, PlaceRow

Kind = Literal["events", "actors", "places"]
Row = EventRow | ActorRow | PlaceRow
FORMATS = ("table", "json", "csv", "geojson", "acled", "plover")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)

# ACLED's actor categories ("inter" codes) for the actor kinds that have one.
_INTER = MappingProxyType({"state_forces": 1, "state": 1, "armed_group": 2})
_TIME_PRECISION = MappingProxyType({"day": 1, "week": 2, "month": 3, "year": 3})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(rows: Sequence[Row], fmt: str, kind: Kind) -> str | Table:
    """Render ``rows`` (all of ``kind``) as ``fmt``: table | json | csv | geojson | acled |
    plover. Parquet is binary: see ``eventatlas.export_more.write_parquet``."""
    if fmt == "table":
        return to_table(rows, kind)
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv([_flat(r) for r in rows], _columns(kind))
    if fmt == "geojson" and kind in ("events", "places"):
        return to_geojson(rows)
    if fmt == "acled" and kind == "events":
        return to_csv([acled_record(r) for r in rows if isinstance(r, EventRow)], ACLED_COLUMNS)
    if fmt == "plover" and kind == "events":
        from eventatlas.export_more import to_plover_json

        return to_plover_json([r for r in rows if isinstance(r, EventRow)])
    raise UnknownFormat(f"no {fmt!r} output for {kind} (formats: {', '.join(FORMATS)})")


# -- json / csv -----------------------------------------------------------------------------


def to_json(rows: Sequence[BaseModel]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2)


def _columns(kind: Kind) -> tuple[str, ...]:
    models: dict[str, type[BaseModel]] = {
        "events": EventRow, "actors": ActorRow, "places": PlaceRow,
    }
    return tuple(models[kind].model_fields)


def _flat(row: Row) -> dict[str, Any]:
    """One CSV record: lists joined with "; ", evidence as its sentences joined with " | "."""
    out: dict[str, Any] = {}
    for key, value in row.model_dump(mode="json").items():
        if key == "evidence":
            out[key] = " | ".join(ev["sentence"] for ev in value)
        elif isinstance(value, list):
            out[key] = "; ".join(map(str, value))
        else:
            out[key] = value
    return out


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    out = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    out.writeheader()
    for record in records:
        out.writerow({c: _cell(record.get(c)) for c in columns})
    return buffer.getvalue()


# -- geojson --------------------------------------------------------------------------------


def to_geojson(rows: Sequence[Row]) -> str:
    """A FeatureCollection of Points (``[lon, lat]``); rows without coordinates are left out."""
    features = []
    for row in rows:
        if not isinstance(row, EventRow | PlaceRow) or row.lat is None or row.lon is None:
            continue
        props = row.model_dump(mode="json", exclude={"lat", "lon"})
        features.append({
            "type": "Feature",
            "id": row.id,
            "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
            "properties": props,
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


# -- acled ----------------------------------------------------------------------------------


def _country(iso2: str) -> tuple[str, str]:
    """(ISO 3166 numeric without leading zeros, English name) for an alpha-2 code."""
    found = pycountry.countries.get(alpha_2=iso2.upper())
    if found is None:
        return "", iso2
    return str(int(found.numeric)), str(found.name)


def _disorder_type(row: EventRow) -> str:
    if row.type in ("Protests", "Riots") and row.subtype != "Mob violence":
        return "Demonstrations"
    if row.type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def _interaction(inter1: int | None, inter2: int | None, has_actor2: bool) -> str:
    """ACLED's two-digit interaction code: the two inter codes, lower first; x0 when alone."""
    if inter1 is None:
        return ""
    if not has_actor2:
        return f"{inter1}0"
    if inter2 is None:
        return ""
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def acled_record(row: EventRow) -> dict[str, Any]:
    """The event in ACLED's column layout, filling what eventatlas knows."""
    inter1 = _INTER.get(row.actor1_kind or "")
    inter2 = _INTER.get(row.actor2_kind or "")
    iso, country = _country(row.country) if row.country else ("", "")
    tags = [f"certainty={row.certainty}"] + (["historical"] if row.historical else [])
    return {
        "event_id_cnty": row.id,
        "event_date": row.date_start,
        "year": row.date_start[:4] if row.date_start else None,
        "time_precision": _TIME_PRECISION.get(row.date_precision, 3) if row.date_start else None,
        "disorder_type": _disorder_type(row),
        "event_type": row.type,
        "sub_event_type": row.subtype,
        "actor1": row.actor1,
        "inter1": inter1,
        "actor2": row.actor2,
        "inter2": inter2 if row.actor2 else None,
        "interaction": _interaction(inter1, inter2, row.actor2 is not None),
        "civilian_targeting": (
            "Civilian targeting" if row.type == "Violence against civilians" else None
        ),
        "iso": iso,
        "country": country,
        "admin1": row.admin1,
        "location": row.place,
        "latitude": row.lat,
        "longitude": row.lon,
        "geo_precision": row.geo_precision,
        "source": row.site or row.source,
        "notes": " ".join(ev.sentence for ev in row.evidence),
        "fatalities": row.fatalities,
        "tags": "; ".join(tags),
    }


# -- table ----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        value = ", ".join(map(str, value))
    return escape(str(value))


def _event_cells(r: EventRow) -> list[Any]:
    when = r.date_start or "?"
    if r.date_end and r.date_end != r.date_start:
        when = f"{when}..{r.date_end}"
    kind = f"{r.type} / {r.subtype}" if r.subtype else r.type
    flag = f"{r.certainty}{' (historical)' if r.historical else ''}"
    return [when, kind, r.actor1, r.actor2, r.place, flag, r.title or r.source]


_TABLES: Mapping[str, tuple[tuple[str, ...], Callable[[Any], list[Any]]]] = MappingProxyType({
    "events": (
        ("date", "event", "actor 1", "actor 2", "place", "certainty", "document"),
        _event_cells,
    ),
    "actors": (
        ("name", "kind", "aliases", "mentions", "documents", "events"),
        lambda r: [r.name, r.kind, r.aliases, r.mentions, r.documents, r.events],
    ),
    "places": (
        ("name", "feature", "country", "lat", "lon", "mentions", "events"),
        lambda r: [r.name, r.feature, r.country, r.lat, r.lon, r.mentions, r.events],
    ),
})


def to_table(rows: Sequence[Row], kind: Kind) -> Table:
    if kind not in _TABLES:
        raise UnknownFormat(f"no table for {kind!r}")
    headers, cells = _TABLES[kind]
    table = Table(*headers, title=f"{len(rows)} {kind}")
    for row in rows:
        table.add_row(*(_text(c) for c in cells(row)))
    return table
