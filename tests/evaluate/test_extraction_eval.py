"""The extraction scorer, and eventatlas against plain trafilatura on trafilatura's own set."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventatlas.evaluate.extraction import Confusion, evaluate_extraction, score_document
from eventatlas.model import DateValue, Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DATA = SHARED / "eval" / "extraction" / "trafilatura_en"


def test_confusion_counts_with_and_without_snippets_like_trafilatura() -> None:
    matrix = Confusion()
    matrix.add("Alpha  beta\ngamma. Footer text", with_=["alpha beta gamma", "delta"],
               without=["Footer text", "Cookie notice"])
    assert (matrix.tp, matrix.fn, matrix.fp, matrix.tn) == (0, 2, 1, 1)
    matrix.add("Alpha beta gamma", with_=["Alpha beta gamma"], without=["x"])
    scores = matrix.scores()
    assert scores["precision"] == 0.5 and scores["recall"] == pytest.approx(1 / 3, abs=1e-4)


def test_score_document_checks_expected_fields() -> None:
    doc = Document(id="doc_1", source="a.txt", title="Headline", author="A. Writer",
                   accessed=DateValue(value="2024-01-02", precision="day", basis="page_header"),
                   text="Body paragraph one.\n\nBody paragraph two.")
    result = score_document(doc, {"title": "Headline", "author": "Someone else",
                                  "accessed": {"value": "2024-01-02", "basis": "page_header"},
                                  "body_includes": ["paragraph two."],
                                  "body_excludes": ["Support us"]})
    assert result == {"title": True, "author": False, "accessed": True,
                      "body_includes[0]": True, "body_excludes[0]": True}


@pytest.mark.shared
@pytest.mark.skipif(not DATA.exists(), reason=f"evaluation data not found at {DATA} "
                    "(trafilatura's evaluation set, read from ../shared/eval)")
def test_eventatlas_beats_plain_trafilatura_on_its_evaluation_set() -> None:
    report = evaluate_extraction(DATA)
    ours, theirs = report["systems"]["eventatlas"], report["systems"]["trafilatura"]
    assert report["pages"] > 100
    assert ours["f1"] > theirs["f1"]
    assert ours["precision"] > theirs["precision"]
