"""Arbitrary bytes and text through extract and annotate: a Failure or an Analysis, in time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventatlas.model import Analysis, Failure, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.scale import ScaleOptions, Task, job_key
from eventatlas.scale.perdoc import run_guarded
from eventatlas.services import Services
from eventatlas.settings import Settings

pytestmark = pytest.mark.slow

LIMIT_S = 10.0
OPTIONS = ScaleOptions(doc_timeout_s=LIMIT_S, max_attempts=1)
HTML_BITS = st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<script>", "<!--", "<![CDATA[",
                             "&amp;", "&#0;", "\x00", "\ufeff", "<title>", "<meta charset=",
                             "utf-16", "\ud800", "Kabul", "Taliban", ". ", "\n\n"])
PAGES = st.lists(st.one_of(HTML_BITS, st.text(max_size=80)), max_size=60).map("".join)


@pytest.fixture(scope="module")
def pipeline(settings: Settings, services: Services) -> Pipeline:
    return Pipeline(settings, services, until="annotate")


def _check(pipeline: Pipeline, raw: RawDocument) -> None:
    started = time.monotonic()
    (outcome,) = run_guarded(pipeline, [Task(0, job_key(raw), raw)], OPTIONS)
    assert time.monotonic() - started < LIMIT_S + 2
    assert isinstance(outcome.item, Analysis | Failure)
    if isinstance(outcome.item, Failure):
        assert outcome.item.reason != "internal_error", outcome.item
    else:
        assert outcome.item.document.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=3000), kind=st.sampled_from(["html", "text", "unknown"]))
def test_arbitrary_bytes_never_crash_or_hang(pipeline: Pipeline, content: bytes,
                                              kind: str) -> None:
    _check(pipeline, RawDocument(source="fuzz.bin", content=content, kind=kind))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=PAGES, kind=st.sampled_from(["html", "text"]))
def test_arbitrary_markup_and_text_never_crash_or_hang(pipeline: Pipeline, page: str,
                                                        kind: str) -> None:
    data = page.encode("utf-8", "surrogatepass")
    _check(pipeline, RawDocument(source="fuzz.html", content=data, kind=kind))  # type: ignore[arg-type]


LEAD = ("Rebel fighters seized the river town after two days of heavy fighting with government "
        "troops on Tuesday, local officials said, and residents reported gunfire overnight.\n\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(min_size=1, max_size=2000))
def test_arbitrary_text_after_an_article_lead_is_annotated(pipeline: Pipeline,
                                                           body: str) -> None:
    data = (LEAD + body + "\n\n" + LEAD).encode("utf-8", "surrogatepass")
    _check(pipeline, RawDocument(source="fuzz.txt", content=data, kind="text"))
