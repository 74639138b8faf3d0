"""Render a SituationReport as Markdown or HTML, escaping every string read from articles.

Markdown renderers pass raw HTML through, so Markdown text is HTML-escaped as well as
Markdown-escaped. HTML embeds both images as data URIs (one self-contained file); Markdown
writes them next to it.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from eventatlas.errors import ReportError
from eventatlas.reports import figures
from eventatlas.reports.build import Count, SituationReport
from eventatlas.store.rows import EventRow

log = logging.getLogger(__name__)

Format = Literal["md", "html"]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~>-])")


def md(value: object) -> str:
    """Text safe inside Markdown: HTML-escaped, Markdown punctuation backslashed, one line."""
    text = " ".join(str(value if value is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def h(value: object) -> str:
    return html.escape(str(value if value is not None else ""), quote=True)


def _delta(c: Count) -> str:
    diff = c.count - c.previous
    return f"{diff:+d}" if c.previous or c.count else "0"


def _event_line(e: EventRow, esc: Callable[[object], str]) -> tuple[str, str]:
    who = " vs ".join(esc(a) for a in (e.actor1, e.actor2) if a) or "unknown actors"
    where = esc(e.place or "unknown place")
    head = (f"{esc(e.date_start or 'undated')} · {esc(e.type)} · {who} · {where} · "
            f"{esc(e.certainty)}" + (f" · {e.fatalities} killed" if e.fatalities else ""))
    sentence = e.evidence[0].sentence if e.evidence else e.trigger
    return head, f"{esc(sentence)} ({esc(e.site or e.title or e.source)})"


def _summary(r: SituationReport) -> str:
    change = r.total - r.previous_total
    where = f" in {r.country}" if r.country else ""
    return (f"{r.total} events{where} from {r.documents} documents ({r.sources} sources); "
            f"{change:+d} against the {r.previous_total} of the previous period of the same length.")


def to_markdown(r: SituationReport, map_name: str, plot_name: str) -> str:
    lines = [f"# Situation report {r.since} – {r.until}" + (f" ({md(r.country)})" if r.country
                                                           else ""), "", md(_summary(r)), "",
             f"![map of events]({map_name})", "", f"![events per day]({plot_name})", "",
             "## What happened", "", "| type | events | change |", "|---|---:|---:|"]
    lines += [f"| {md(c.name)} | {c.count} | {_delta(c)} |" for c in r.by_type]
    lines += ["", "## How sure", "", "| certainty | events | change |", "|---|---:|---:|"]
    lines += [f"| {md(c.name)} | {c.count} | {_delta(c)} |" for c in r.by_certainty]
    lines += ["", "## Where", ""]
    lines += [f"- {md(p.name)} ({md(p.country or '?')}): {p.count}" for p in r.places[:10]]
    lines += ["", "## Who", ""]
    lines += [f"- {md(c.name)}: {c.count} ({_delta(c)})" for c in r.actors]
    lines += ["", "## What changed", "",
              "- New actors: " + (", ".join(md(a) for a in r.new_actors) or "none"),
              "- New places: " + (", ".join(md(p) for p in r.new_places) or "none"), "",
              "## Key events", ""]
    for e in r.key_events:
        head, evidence = _event_line(e, md)
        lines += [f"- **{head}**  ", f"  {evidence}"]
    return "\n".join(lines) + "\n"


def _table(title: str, rows: list[Count]) -> str:
    body = "".join(f"<tr><td>{h(c.name)}</td><td>{c.count}</td><td>{_delta(c)}</td></tr>"
                   for c in rows)
    return (f"<h2>{h(title)}</h2><table><thead><tr><th>{h(title.split()[-1])}</th><th>events"
            f"</th><th>change</th></tr></thead><tbody>{body}</tbody></table>")


def _img(data: bytes, alt: str) -> str:
    return f'<img alt="{h(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode()}">'


def to_html(r: SituationReport, map_png: bytes, plot_png: bytes) -> str:
    events = "".join(
        "<li><strong>{}</strong><br>{}</li>".format(*_event_line(e, h)) for e in r.key_events
    )
    places = "".join(f"<li>{h(p.name)} ({h(p.country or '?')}): {p.count}</li>"
                     for p in r.places[:10])
    actors = "".join(f"<li>{h(c.name)}: {c.count} ({_delta(c)})</li>" for c in r.actors)
    title = f"Situation report {r.since} – {r.until}" + (f" ({r.country})" if r.country else "")
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{h(title)}</title><style>body{{font:14px system-ui;max-width:60em;margin:2em "
        "auto}}td,th{{padding:2px 8px;text-align:left}}</style></head><body>"
        f"<h1>{h(title)}</h1><p>{h(_summary(r))}</p>{_img(map_png, 'map of events')}"
        f"{_img(plot_png, 'events per day')}{_table('What happened: type', r.by_type)}"
        f"{_table('How sure: certainty', r.by_certainty)}<h2>Where</h2><ul>{places}</ul>"
        f"<h2>Who</h2><ul>{actors}</ul><h2>What changed</h2><p>New actors: "
        f"{h(', '.join(r.new_actors) or 'none')}<br>New places: "
        f"{h(', '.join(r.new_places) or 'none')}</p><h2>Key events</h2><ul>{events}</ul>"
        "</body></html>\n"
    )


def write_report(report: SituationReport, out_dir: Path, fmt: Format) -> list[Path]:
    """Write the report (and, for Markdown, its two images) into ``out_dir``; the paths."""
    if fmt not in ("md", "html"):
        raise ReportError(f"unknown report format {fmt!r} (md, html)")
    out_dir.mkdir(parents=True, exist_ok=True)
    map_png, plot_png = figures.map_png(report), figures.per_day_png(report)
    stem = f"report-{report.since}-{report.until}"
    if fmt == "html":
        path = out_dir / f"{stem}.html"
        path.write_text(to_html(report, map_png, plot_png), "utf-8")
        return [path]
    map_path, plot_path = out_dir / f"{stem}-map.png", out_dir / f"{stem}-per-day.png"
    map_path.write_bytes(map_png)
    plot_path.write_bytes(plot_png)
    path = out_dir / f"{stem}.md"
    path.write_text(to_markdown(report, map_path.name, plot_path.name), "utf-8")
    return [path, map_path, plot_path]
