"""Fixtures for the scale tests: a PostgreSQL server for the session, a small own corpus."""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pg import PostgresUnavailable, create_database, postgres_server

from eventatlas.demo import corpus_path

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on 127.0.0.1 for the whole session (installed when missing)."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")


@pytest.fixture
def pg_db(postgres_url: str) -> str:
    """A fresh, empty database on the session server."""
    return create_database(postgres_url, f"t{next(_names)}")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled HTML and text pages, twice under different names, plus the WARC and JSONL."""
    root = tmp_path_factory.mktemp("corpus")
    src = corpus_path()
    for copy in ("a", "b"):
        for part in ("html", "text"):
            for page in sorted((src / part).iterdir()):
                shutil.copy(page, root / f"{copy}-{page.name}")
    shutil.copy(src / "warc" / "cc-news-sample.warc.gz", root / "c-archive.warc.gz")
    shutil.copy(src / "jsonl" / "wire.jsonl", root / "d-wire.jsonl")
    (root / "e-empty.txt").write_text("")
    return root
