"""An atheris (libFuzzer) target over the extract and annotate stages, run as a subprocess by
``test_fuzz_atheris.py``: ``python fuzz_target.py -runs=N [libFuzzer flags] [SEED_DIR]``.

Each input is arbitrary bytes: its first byte picks how the input is declared (HTML, text or
unknown), the rest is the page. The run fails (a crash report and a non-zero exit) when an input
raises, gives an ``internal_error`` failure, or takes longer than the per-document time limit.
"""

from __future__ import annotations

import sys
import time

import atheris

with atheris.instrument_imports(include=["eventatlas.stages"]):
    from eventatlas.model import Analysis, Failure, RawDocument
    from eventatlas.pipeline import Pipeline
    from eventatlas.scale import ScaleOptions, Task, job_key
    from eventatlas.scale.perdoc import run_guarded
    from eventatlas.settings import load_settings

    PIPELINE = Pipeline(load_settings(), until="annotate")  # imports the stages, instrumented

LIMIT_S = 5.0
SLACK_S = 2.0  # the limit interrupts Python code at its next instruction
KINDS = ("html", "text", "unknown")
OPTIONS = ScaleOptions(doc_timeout_s=LIMIT_S, max_attempts=1)


class TooSlow(AssertionError):
    pass


def one_input(data: bytes) -> None:
    kind = KINDS[data[0] % len(KINDS)] if data else "unknown"
    raw = RawDocument(source="fuzz.bin", content=data[1:], kind=kind)  # type: ignore[arg-type]
    started = time.monotonic()
    (outcome,) = run_guarded(PIPELINE, [Task(0, job_key(raw), raw)], OPTIONS)
    spent = time.monotonic() - started
    if spent > LIMIT_S + SLACK_S:
        raise TooSlow(f"{spent:.1f} s on {len(data)} bytes")
    item = outcome.item
    assert isinstance(item, Analysis | Failure), item
    assert not (isinstance(item, Failure) and item.reason == "internal_error"), item
    if isinstance(item, Analysis):
        assert item.annotation is None or item.document.text  # run_chunk drops annotations


def main() -> None:
    _ = PIPELINE.services.nlp  # loaded before fuzzing, so the first input is not timed out
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
