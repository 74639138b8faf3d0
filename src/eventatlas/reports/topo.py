"""Country outlines from the vendored world-atlas TopoJSON, decoded without extra libraries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventatlas.errors import ReportError

COUNTRIES = (Path(__file__).resolve().parent.parent / "web" / "static" / "vendor" / "world-atlas"
             / "countries-110m.json")

Ring = list[tuple[float, float]]


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        ring: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    out: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points[1:] if out else points)
    return out


def _polygons(geometry: dict[str, Any]) -> Iterator[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        yield geometry["arcs"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["arcs"]


def country_rings(path: Path = COUNTRIES) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every country outline ring as (lon, lat) points."""
    try:
        topology = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read country outlines {path}: {exc} "
                          "(run scripts/vendor_web_assets.sh)") from exc
    arcs = _decode_arcs(topology)
    rings: list[tuple[tuple[float, float], ...]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        for polygon in _polygons(geometry):
            rings.extend(tuple(_ring(arcs, ring)) for ring in polygon)
    return tuple(rings)
