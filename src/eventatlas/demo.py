"""The bundled sample corpus used by ``eventatlas demo``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_path() -> Path:
    """Directory of the sample corpus inside the installed package."""
    return Path(str(resources.files("eventatlas.resources").joinpath("sample_corpus")))
