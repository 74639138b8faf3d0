"""A pipeline with injected faults, for the reliability tests (imported by worker processes).

Inputs whose bytes contain ``HANG-FOREVER`` never finish; those containing ``FLAKY:<path>``
fail with a transient error until ``<path>`` exists (the first attempt creates it);
``CRASH-WORKER`` kills the process running it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from eventatlas.errors import TransientStageError
from eventatlas.model import Failure, RawDocument
from eventatlas.pipeline import Item, Pipeline


class FaultyPipeline(Pipeline):
    def process(self, raws: list[RawDocument | Failure]) -> list[Item]:
        for raw in raws:
            if isinstance(raw, RawDocument) and b"HANG-FOREVER" in raw.content:
                while True:
                    time.sleep(1)
            if isinstance(raw, RawDocument) and b"CRASH-WORKER" in raw.content:
                os._exit(3)
        return [self._flaky(raw) or item for raw, item in zip(raws, super().process(raws),
                                                              strict=True)]

    def _flaky(self, raw: RawDocument | Failure) -> Failure | None:
        if not isinstance(raw, RawDocument):
            return None
        found = re.search(rb"FLAKY:(\S+)", raw.content)
        if found is None:
            return None
        marker = Path(found.group(1).decode())
        if marker.exists():
            return None
        marker.write_text("failed once")
        err = TransientStageError(raw.source, "simulated outage")
        return Failure(source=raw.source, stage="extract", reason=err.reason, detail=err.detail)
