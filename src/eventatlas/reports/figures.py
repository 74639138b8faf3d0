"""The report's images, drawn with matplotlib (the ``report`` extra) on the Agg backend."""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

from eventatlas.errors import ReportError
from eventatlas.reports.build import SituationReport
from eventatlas.reports.topo import country_rings

log = logging.getLogger(__name__)

TYPE_COLOURS = {
    "Battles": "#c0392b", "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad", "Protests": "#2980b9", "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
}


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ReportError("report images need matplotlib: pip install 'eventatlas[report]'") \
            from exc
    return plt


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()


def _extent(report: SituationReport) -> tuple[float, float, float, float]:
    if not report.places:
        return -180.0, 180.0, -60.0, 85.0
    lons = [p.lon for p in report.places]
    lats = [p.lat for p in report.places]
    pad = max(1.5, (max(lons) - min(lons)) * 0.2, (max(lats) - min(lats)) * 0.2)
    return min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad


def map_png(report: SituationReport) -> bytes:
    """Country outlines with one dot per event place (size: events; colour: main type)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.set_facecolor("#d6e6f2")
    for ring in country_rings():
        xs, ys = zip(*ring, strict=True)
        ax.fill(xs, ys, facecolor="#f3efe4", edgecolor="#7d8c99", linewidth=0.5)
    main_type: dict[str, str] = {}
    for e in report.events:
        if e.place and e.place not in main_type:
            main_type[e.place] = e.type
    for p in report.places:
        colour = TYPE_COLOURS.get(main_type.get(p.name, ""), "#34495e")
        ax.scatter([p.lon], [p.lat], s=20 + 12 * p.count, color=colour, alpha=0.8,
                   edgecolors="white", linewidths=0.8, zorder=3)
    for p in report.places[:8]:
        ax.annotate(p.name, (p.lon, p.lat), xytext=(4, 4), textcoords="offset points",
                    fontsize=7)
    west, east, south, north = _extent(report)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_title(f"Events {report.since} – {report.until}", fontsize=10)
    return _png(fig)


def per_day_png(report: SituationReport) -> bytes:
    """A bar chart of events per day across the report's period."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 2.4))
    days = [date.fromisoformat(d) for d, _ in report.per_day]
    ax.bar(days, [n for _, n in report.per_day], color="#5b7c99", width=0.8)
    ax.set_xlim(report.since, report.until)
    ax.set_ylabel("events")
    ax.set_title("Events per day", fontsize=10)
    fig.autofmt_xdate()
    return _png(fig)
