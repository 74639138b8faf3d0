"""Compose registered stages over a stream of documents; failures are recorded, never fatal."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from pydantic import BaseModel

from eventatlas.errors import StageError
from eventatlas.model import Analysis, Failure, RawDocument
from eventatlas.registry import StageSpec, Step, resolve
from eventatlas.services import Services
from eventatlas.settings import Settings

log = logging.getLogger(__name__)

STEPS: tuple[Step, ...] = ("extract", "annotate", "actors", "places", "events")


@dataclass(frozen=True)
class StageContext:
    """What a stage receives besides its input: its own settings section and the services."""

    config: BaseModel
    services: Services
    stage: str


Item = Analysis | Failure


def _failure(exc: Exception, source: str, stage: str) -> Failure:
    if isinstance(exc, StageError):
        return Failure(source=exc.source or source, stage=stage, reason=exc.reason,
                       detail=exc.detail)
    log.exception("unexpected error in stage %s for %s", stage, source)
    return Failure(source=source, stage=stage, reason="internal_error",
                   detail=f"{type(exc).__name__}: {exc}")


def _source(item: Analysis | RawDocument) -> str:
    return item.document.source if isinstance(item, Analysis) else item.source


class Pipeline:
    """Runs the configured stages; ``until`` stops after the stage producing that step."""

    def __init__(self, settings: Settings, services: Services | None = None,
                 until: Step | None = None) -> None:
        self.settings = settings
        self.services = services or Services(settings)
        specs = resolve(settings.pipeline.stages)
        if until is not None:
            if until not in STEPS:
                raise ValueError(f"unknown step {until!r}")
            keep = STEPS.index(until)
            specs = [s for s in specs if STEPS.index(s.step) <= keep]
        if not specs or specs[0].step != "extract":
            raise ValueError("a pipeline must start with an extract stage")
        self.specs = specs
        self._functions: dict[str, Callable[..., Any]] = {s.name: s.load() for s in specs}

    def _context(self, spec: StageSpec) -> StageContext:
        return StageContext(self.settings.section(spec.section), self.services, spec.name)

    def _run_one(self, spec: StageSpec, item: Any) -> Item:
        fn = self._functions[spec.name]
        try:
            if spec.batched:
                (result,) = fn([item], self._context(spec))
            else:
                result = fn(item, self._context(spec))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a recorded Failure
            return _failure(exc, _source(item), spec.step)
        if isinstance(result, Analysis):
            return result.model_copy(update={"stages": (*result.stages, spec.name)})
        return result  # type: ignore[no-any-return]

    def _run_batch(self, spec: StageSpec, items: list[Any]) -> list[Item]:
        if not spec.batched or len(items) == 1:
            return [self._run_one(spec, it) for it in items]
        try:
            results = self._functions[spec.name](items, self._context(spec))
        except Exception:  # noqa: BLE001 - isolate the failing document one by one
            log.info("batch failed in %s; retrying its %d documents singly", spec.name, len(items))
            return [self._run_one(spec, it) for it in items]
        return [r.model_copy(update={"stages": (*r.stages, spec.name)})
                if isinstance(r, Analysis) else r for r in results]

    def process(self, raws: list[RawDocument | Failure]) -> list[Item]:
        """Run one batch through every stage, keeping input order."""
        items: list[Any] = list(raws)
        for spec in self.specs:
            live = [i for i, it in enumerate(items) if not isinstance(it, Failure)]
            out = self._run_batch(spec, [items[i] for i in live])
            for i, result in zip(live, out, strict=True):
                items[i] = result
        return items

    def run(self, raws: Iterable[RawDocument | Failure], batch_size: int | None = None
            ) -> Iterator[Item]:
        """Stream documents through the pipeline in batches; yields in input order."""
        size = batch_size or self.settings.annotate.batch_size
        it = iter(raws)
        while batch := list(islice(it, size)):
            yield from self.process(batch)
