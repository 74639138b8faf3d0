"""The bundled sample corpus used by ``eventatlas demo``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# warc_src/ holds the pages the WARC was built from; ingesting them too would count them twice.
CORPUS_PARTS = ("html", "text", "warc", "jsonl")


def corpus_path() -> Path:
    """Directory of the sample corpus inside the installed package."""
    return Path(str(resources.files("eventatlas.resources").joinpath("sample_corpus")))


def corpus_inputs() -> list[str]:
    """The PATH arguments that ingest the whole sample corpus once."""
    root = corpus_path()
    return [str(root / part) for part in CORPUS_PARTS]
