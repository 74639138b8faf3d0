"""The command line, end to end: extract's JSON, clear errors for bad input, idempotent ingest."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventatlas.cli.main import app

pytestmark = pytest.mark.slow

ARTICLE = """Tuesday, March 5, 2024
HomeWorld Asia Rebels seize river town after two days of...

Rebels seize river town after two days of fighting

Published: 14 May 2022

Rebel fighters of the Northern Hills Front seized the river town of Kunduz on Tuesday after two days of heavy fighting with government troops, according to local officials.

At least 12 soldiers were killed in the battle, a hospital official said. The government denied that the town had fallen and said its forces still held the airport.

Residents said the rebels had raised their flag over the governor's office. In 2001, the same town was the scene of a long siege.

Support Us

Independent reporting costs money. Please donate whatever you can afford today.

Jane Roe
Jane Roe
Staff reporter at Valley Courier

Related Articles
Trending now
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_extract_json_has_contract_fields_and_offsets(runner: CliRunner, tmp_path: Path) -> None:
    page = _write(tmp_path, "page.txt", ARTICLE)
    result = runner.invoke(app, ["extract", str(page), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    doc = data["document"]
    assert doc["title"] == "Rebels seize river town after two days of fighting"
    assert doc["published"]["value"] == "2022-05-14"
    assert doc["accessed"]["basis"] == "page_header"
    assert "Support Us" not in doc["text"] and "donate" not in doc["text"]
    text = doc["text"]
    assert data["events"], "no events coded"
    for event in data["events"]:
        for ev in event["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    seize = [e for e in data["events"] if e["trigger"] == "seized"]
    assert seize and seize[0]["date"]["start"] == "2022-05-10"  # "on Tuesday" before 14 May
    (siege,) = [e for e in data["events"] if e["trigger"] == "siege"]
    assert siege["historical"] and siege["date"]["start"] == "2001-01-01"
    assert not any(e["historical"] for e in data["events"] if e["trigger"] != "siege")


def test_extract_jsonl_prints_one_line_per_document_in_input_order(runner: CliRunner,
                                                                   tmp_path: Path) -> None:
    a = _write(tmp_path, "b.txt", ARTICLE)
    b = _write(tmp_path, "a.txt", ARTICLE.replace("Kunduz", "Taloqan"))
    result = runner.invoke(app, ["extract", str(a), str(b), "--format", "jsonl",
                                 "--until", "extract"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["document"]["source"] for x in lines] == [str(a), str(b)]
    assert lines[0]["events"] == []  # --until extract stops before events


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("binary.bin", bytes(range(256)) * 20, "not_text"),
    ("nothing.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
     "no_article_found"),
])
def test_bad_input_gives_one_clear_line_naming_file_and_reason(
        runner: CliRunner, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path, name, data)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert name in result.stderr and reason in result.stderr


def test_missing_and_oversized_inputs_fail_but_the_batch_goes_on(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", ARTICLE)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    bad_utf8 = _write(tmp_path, "latin.txt", ARTICLE.encode("utf-8") + b"\xff\xfe caf\xe9 \x80")
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), str(big),
                                 str(good), str(bad_utf8), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    sources = [json.loads(x)["document"]["source"] for x in result.stdout.splitlines()]
    assert sources == [str(good), str(bad_utf8)]
    assert "missing.txt: acquire failed: missing" in result.stderr
    assert "big.txt: acquire failed: too_large" in result.stderr


def test_ingest_twice_adds_nothing_and_records_failures(runner: CliRunner,
                                                       tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "one.txt", ARTICLE)
    _write(corpus, "empty.txt", "")
    db = tmp_path / "ea.db"

    def counts() -> tuple[int, int, int]:
        with sqlite3.connect(db) as conn:
            return tuple(conn.execute(f"select count(*) from {t}").fetchone()[0]
                         for t in ("documents", "events", "failures"))  # type: ignore[return-value]

    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert first.exit_code == 0, first.output
    after_one = counts()
    assert after_one[0] == 1 and after_one[1] > 0 and after_one[2] == 1
    second = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert second.exit_code == 0
    assert counts() == after_one
    assert "1 unchanged" in second.stderr
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "json",
                                 "--historical"])
    assert len(json.loads(listed.stdout)) == after_one[1]


def test_every_command_has_an_example_in_its_help(runner: CliRunner) -> None:
    for command in app.registered_commands:
        assert command.callback is not None
        assert "Example:" in (command.callback.__doc__ or ""), command.callback.__name__


def test_stories_join_two_outlets_reporting_one_event(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", ARTICLE)
    _write(corpus, "b.txt", ARTICLE.replace("Valley Courier", "Delta Tribune")
           .replace("Jane Roe", "Sam Poe"))
    _write(corpus, "c.txt", ARTICLE.replace("Kunduz", "Taloqan").replace("14 May 2022",
                                                                        "30 June 2022")
           .replace("river town", "hill town"))
    db = tmp_path / "ea.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.stdout)
    sizes = sorted(len(s["documents"]) for s in stories)
    assert sizes == [1, 2], sizes
    joint = next(s for s in stories if len(s["documents"]) == 2)
    assert joint["n_sources"] == 2
    assert any(len(e["members"]) == 2 for e in joint["events"])
