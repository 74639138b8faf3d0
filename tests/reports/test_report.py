"""Situation reports: counts, comparison with the previous period, escaping, images, CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eventatlas.cli.report import report as report_command
from eventatlas.cli.serve import serve as serve_command
from eventatlas.model import Actor, Analysis, DateInterval, Document, Event, Evidence, Place
from eventatlas.reports import build_report, write_report
from eventatlas.reports.topo import country_rings
from eventatlas.store import open_store

pytest.importorskip("matplotlib")
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def _analysis(n: int, day: str, actor_name: str, place: Place, fatalities: int = 0) -> Analysis:
    sentence = f"Fighters of {actor_name} raided a checkpoint."
    doc = Document(id=f"d{n}", source=f"test://{n}", site="Valley Post", text=sentence)
    actor = Actor(id=f"a:{actor_name}", name=actor_name, kind="armed_group")
    event = Event(id=f"e{n}", type="Battles", subtype="Armed clash", actor1=actor.id,
                  place=place.id, date=DateInterval(start=day, end=day, precision="day"),
                  certainty="reported" if n % 2 else "confirmed", fatalities=fatalities or None,
                  trigger="raided",
                  evidence=(Evidence(start=0, end=len(sentence), sentence=sentence),))
    return Analysis(document=doc, actors=(actor,), places=(place,), events=(event,))


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("report") / "r.db")
    east = Place(id="geonames:1", name="Eastford", feature="city", country="KE", lat=0.3, lon=37.6)
    west = Place(id="geonames:2", name=f"Westgate {PAYLOAD}", feature="city", country="KE",
                 lat=0.1, lon=35.2)
    with open_store(path) as store:
        store.write(_analysis(1, "2030-05-05", "Hill Brigade", east))  # previous period
        store.write(_analysis(2, "2030-05-11", "Hill Brigade", east, fatalities=7))
        store.write(_analysis(3, "2030-05-12", f"Band {PAYLOAD}", west))
        store.write(_analysis(4, "2030-05-15", "Hill Brigade", west))
    return path


def test_report_counts_and_compares_with_the_previous_period(store_url: str) -> None:
    with open_store(store_url) as store:
        built = build_report(store, date(2030, 5, 10), date(2030, 5, 16), country="KE")
    assert (built.total, built.previous_total) == (3, 1)
    assert [(c.name, c.count, c.previous) for c in built.by_type] == [("Battles", 3, 1)]
    assert built.new_actors == [f"Band {PAYLOAD}"]
    assert built.new_places == [f"Westgate {PAYLOAD}"]
    assert built.key_events[0].fatalities == 7
    assert built.per_day == [("2030-05-11", 1), ("2030-05-12", 1), ("2030-05-15", 1)]


def test_html_report_escapes_article_text_and_embeds_images(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        built = build_report(store, date(2030, 5, 10), date(2030, 5, 16))
    (path,) = write_report(built, tmp_path, "html")
    page = path.read_text("utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("data:image/png;base64,") == 2


def test_markdown_report_writes_png_images_and_escapes_markup(store_url: str,
                                                             tmp_path: Path) -> None:
    with open_store(store_url) as store:
        built = build_report(store, date(2030, 5, 10), date(2030, 5, 16))
    md_path, map_path, plot_path = write_report(built, tmp_path, "md")
    text = md_path.read_text("utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert f"]({map_path.name})" in text
    for png in (map_path, plot_path):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000


def test_world_outlines_decode_to_closed_rings() -> None:
    rings = country_rings()
    assert len(rings) > 200
    assert all(r[0] == pytest.approx(r[-1]) for r in rings[:50])
    assert all(-180.1 <= x <= 180.1 and -90.1 <= y <= 90.1 for r in rings for x, y in r)


def test_report_command_writes_files(store_url: str, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(report_command)
    app.command()(serve_command)
    result = CliRunner().invoke(app, ["report", "--from", "2030-05-10", "--to", "2030-05-16",
                                      "--db", store_url, "--format", "html",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert Path(result.output.strip()).exists()
    bad = CliRunner().invoke(app, ["report", "--from", "2030-05-16", "--to", "2030-05-10",
                                   "--db", store_url, "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "after" in bad.output


def test_commands_document_an_example() -> None:
    for command in (report_command, serve_command):
        assert "Example: eventatlas " in (command.__doc__ or "")
