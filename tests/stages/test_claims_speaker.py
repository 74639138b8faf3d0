"""Who speaks in a relative clause: "X, who said …" is X's statement. Our own sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pipeline_run import code

from eventatlas.pipeline import StageContext

pytestmark = pytest.mark.slow


def test_the_head_of_a_relative_clause_is_its_speaker(
        context: Callable[[str], StageContext]) -> None:
    item = code(context, "The Taliban, who said the war was over, entered the city.")
    said = [e for e in item.events if e.trigger == "said"]
    assert [next(a.name for a in item.actors if a.id == e.actor1) for e in said] == ["Taliban"]
    assert said[0].certainty == "claimed"


def test_a_warning_with_no_speaker_and_nothing_said_is_no_claim(
        context: Callable[[str], StageContext]) -> None:
    item = code(context, "The convoy left at dawn, as had been warned.")
    assert [e.trigger for e in item.events if e.trigger == "warned"] == []
