"""Score the extract stage: snippet precision/recall on trafilatura's evaluation set, and
field checks for a single scraped-text page.

The snippet scorer is the one trafilatura's own benchmark uses: a "with" snippet found in the
(whitespace-normalised) output is a true positive, otherwise a false negative; a "without"
snippet found is a false positive, otherwise a true negative. Plain ``trafilatura.extract`` is
scored in the same run so the two numbers are comparable. Data: trafilatura's evaluation pages
(Apache-2.0), read from ``../shared/eval/extraction/trafilatura_en`` — never copied here.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from eventatlas.errors import StageError
from eventatlas.model import Document, RawDocument
from eventatlas.services import Services
from eventatlas.settings import ExtractSettings, load_settings

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class Confusion:
    """Accumulated snippet counts and the scores derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, output: str, with_: Sequence[str], without: Sequence[str]) -> None:
        text = _norm(output)
        found = sum(1 for s in with_ if _norm(s) in text)
        leaked = sum(1 for s in without if _norm(s) in text)
        self.tp += found
        self.fn += len(with_) - found
        self.fp += leaked
        self.tn += len(without) - leaked

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4),
                "f1": round(f1, 4), "accuracy": round((self.tp + self.tn) / total, 4) if total
                else 0.0, "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}


@dataclass(frozen=True)
class EvalPage:
    url: str
    file: str
    html: bytes
    with_: tuple[str, ...]
    without: tuple[str, ...]


def read_pages(data_dir: Path) -> Iterator[EvalPage]:
    """The annotated pages of a trafilatura-style evaluation folder."""
    annotations = next(iter(sorted(data_dir.glob("evaldata*.json"))), None)
    if annotations is None:
        raise FileNotFoundError(f"no evaldata*.json in {data_dir}")
    for url, item in json.loads(annotations.read_text("utf-8")).items():
        path = data_dir / item["file"]
        data = path.read_bytes()
        html = gzip.decompress(data) if path.suffix == ".gz" else data
        yield EvalPage(url, item["file"], html, tuple(item["with"]), tuple(item["without"]))


def eventatlas_runner(settings: ExtractSettings | None = None) -> Callable[[EvalPage], str]:
    """Run the extract stage on one page; a StageError yields empty output (a full miss)."""
    from eventatlas.pipeline import StageContext
    from eventatlas.stages.extract import extract

    ctx = StageContext(config=settings or ExtractSettings(), services=Services(load_settings()),
                       stage="eventatlas.extract.v1")

    def run(page: EvalPage) -> str:
        raw = RawDocument(source=page.file, content=page.html, kind="html")
        try:
            return extract(raw, ctx).document.text
        except StageError as exc:
            log.info("%s: %s", page.file, exc)
            return ""

    return run


def trafilatura_runner(page: EvalPage) -> str:
    """Plain ``trafilatura.extract`` with its defaults."""
    return trafilatura.extract(page.html) or ""


def evaluate_extraction(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Score eventatlas's extract and plain trafilatura on the same pages.

    Example: ``evaluate_extraction(Path("../shared/eval/extraction/trafilatura_en"))["systems"]``.
    """
    systems: dict[str, Callable[[EvalPage], str]] = {
        "eventatlas": eventatlas_runner(), "trafilatura": trafilatura_runner}
    matrices = {name: Confusion() for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    pages = 0
    for page in read_pages(data_dir):
        if limit is not None and pages >= limit:
            break
        pages += 1
        for name, run in systems.items():
            start = time.perf_counter()
            output = run(page)
            seconds[name] += time.perf_counter() - start
            matrices[name].add(output, page.with_, page.without)
    return {
        "suite": "extraction",
        "data": str(data_dir),
        "pages": pages,
        "systems": {name: {**m.scores(), "seconds": round(seconds[name], 2)}
                    for name, m in matrices.items()},
        "source": "trafilatura evaluation set (Apache-2.0)",
    }


def score_document(document: Document, expected: Mapping[str, Any]) -> dict[str, bool]:
    """Check one extracted document against expected fields.

    ``expected`` may hold ``title``, ``author``, ``site`` (exact strings), ``published`` and
    ``accessed`` (dicts of DateValue fields to match), ``body_includes`` and ``body_excludes``
    (snippets). Returns one boolean per check, e.g. ``{"title": True, "body_excludes[0]": False}``.
    """
    results: dict[str, bool] = {}
    for name in ("title", "author", "site", "language"):
        if name in expected:
            results[name] = getattr(document, name) == expected[name]
    for name in ("published", "accessed"):
        if name in expected:
            value = getattr(document, name).model_dump()
            results[name] = all(value.get(k) == v for k, v in expected[name].items())
    text = _norm(document.text)
    for i, snippet in enumerate(expected.get("body_includes", ())):
        results[f"body_includes[{i}]"] = _norm(snippet) in text
    for i, snippet in enumerate(expected.get("body_excludes", ())):
        results[f"body_excludes[{i}]"] = _norm(snippet) not in text
    return results
