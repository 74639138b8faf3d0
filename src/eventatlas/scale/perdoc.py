"""The per-document function every engine runs: a chunk of inputs → results, in order.

The same code runs in this process, in a worker process and on a Dask worker. Results leave
without their spaCy annotation (the store does not keep it and it is the bulk of a result).
A soft time limit guards in-process runs and Dask tasks: SIGALRM in the main thread, an
exception sent to the running thread elsewhere (Dask runs tasks in worker threads). Either
interrupts Python code, not one long call into C; worker processes of the local pool are
guarded harder, by the parent killing them (see :mod:`eventatlas.scale.workers`).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from eventatlas.model import Analysis, Failure, RawDocument
from eventatlas.pipeline import Pipeline
from eventatlas.scale.jobs import JobKey, transient_reasons
from eventatlas.settings import Settings

log = logging.getLogger(__name__)

Item = Analysis | Failure
PipelineFactory = Callable[[Settings], Pipeline]


@dataclass(frozen=True)
class ScaleOptions:
    """How a batch runs. ``workers=0`` runs in this process (soft time limit only)."""

    workers: int = 0
    doc_timeout_s: float = 60.0  # per document; a chunk gets this times its length
    max_attempts: int = 3  # for transient failures (timeouts, HTTP 5xx)
    backoff_s: float = 0.5  # first retry delay; doubles on each further attempt
    chunk_size: int = 16  # documents per nlp.pipe batch sent to a worker
    window: int = 0  # documents in flight at most; 0: 4 chunks per worker

    def in_flight(self) -> int:
        return max(self.window, self.chunk_size) if self.window else (
            self.chunk_size * 4 * max(1, self.workers))

    def backoff(self, attempts: int) -> float:
        return float(self.backoff_s * 2 ** max(0, attempts - 1))


@dataclass(frozen=True, slots=True)
class Task:
    """One input to process: ``seq`` is its place in the input order."""

    seq: int
    key: JobKey
    raw: RawDocument | Failure
    attempts: int = 0  # attempts already made in this run


@dataclass(frozen=True, slots=True)
class Outcome:
    seq: int
    key: JobKey
    item: Item
    attempts: int  # attempts made in this run, this one included


class _Deadline(BaseException):
    """Raised by the alarm; a BaseException so no stage's ``except Exception`` swallows it."""


def lean(item: Item) -> Item:
    """``item`` without its spaCy annotation."""
    if isinstance(item, Analysis) and item.annotation is not None:
        return item.model_copy(update={"annotation": None})
    return item


def run_chunk(pipeline: Pipeline, raws: Sequence[RawDocument | Failure]) -> list[Item]:
    """Every input of one chunk through the pipeline (batched NLP), in order."""
    return [lean(item) for item in pipeline.process(list(raws))]


def is_transient(item: Item) -> bool:
    return isinstance(item, Failure) and item.reason in transient_reasons()


def timeout_failure(raw: RawDocument | Failure, seconds: float) -> Failure:
    return Failure(source=raw.source, stage="pipeline", reason="parse_timeout",
                   detail=f"no result within {seconds:g} s")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError when the block runs longer than ``seconds``, in any thread."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _thread_deadline(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Deadline as exc:
        raise TimeoutError(f"over {seconds:g} s") from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Watchdog:
    """Sends ``_Deadline`` to one thread unless disarmed first (a thread cannot be signalled:
    the exception is raised there at its next Python instruction)."""

    def __init__(self, ident: int, seconds: float) -> None:
        self._ident = ident
        self._lock = threading.Lock()
        self._armed = True
        self._fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._armed:
                self._fired = True
                _async_raise(self._ident, _Deadline)

    def disarm(self) -> None:
        with self._lock:
            self._armed = False
            self._timer.cancel()
            if self._fired:  # not raised yet: withdraw it
                _async_raise(self._ident, None)


def _async_raise(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None)


@contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    watchdog = _Watchdog(threading.get_ident(), seconds)
    try:
        watchdog.start()
        try:
            yield
        finally:
            watchdog.disarm()
    except _Deadline as exc:  # also when it lands while disarming: the deadline had passed
        raise TimeoutError(f"over {seconds:g} s") from exc


def run_guarded(pipeline: Pipeline, tasks: Sequence[Task], options: ScaleOptions
                ) -> list[Outcome]:
    """Run a chunk in this process under the soft limit; on timeout, each document alone.

    Transient failures are retried here with backoff, up to ``options.max_attempts``.
    """
    budget = options.doc_timeout_s * len(tasks)
    try:
        with time_limit(budget):
            items = run_chunk(pipeline, [t.raw for t in tasks])
    except TimeoutError:
        if len(tasks) > 1:
            log.info("chunk of %d timed out; isolating its documents", len(tasks))
            return [out for t in tasks for out in run_guarded(pipeline, [t], options)]
        items = [timeout_failure(tasks[0].raw, budget)]
    outcomes: list[Outcome] = []
    for task, item in zip(tasks, items, strict=True):
        attempts = task.attempts + 1
        if is_transient(item) and attempts < options.max_attempts:
            time.sleep(options.backoff(attempts))
            retry = Task(task.seq, task.key, task.raw, attempts)
            outcomes.extend(run_guarded(pipeline, [retry], options))
        else:
            outcomes.append(Outcome(task.seq, task.key, item, attempts))
    return outcomes


def warm(pipeline: Pipeline) -> None:
    """Load the heavy resources the pipeline's stages use, so the first chunk is not slow."""
    steps = {spec.step for spec in pipeline.specs}
    services = pipeline.services
    if "annotate" in steps:
        _ = services.nlp
    if "actors" in steps:
        _ = services.actor_registry
    if "places" in steps:
        _ = services.gazetteer
    if "events" in steps:
        _ = services.lexicon


def settle_worker(pipeline: Pipeline) -> None:
    """Ready a process that exists only to run ``pipeline``: load what its stages use, then
    move everything loaded out of the garbage collector's sight (``gc.freeze``). The model and
    the registries live as long as the process; without this, every full collection walks their
    hundreds of thousands of objects again (about 1.5 % of a batch's time). Not for a process
    that does other work too: frozen objects are never collected.
    """
    warm(pipeline)
    gc.collect()
    gc.freeze()
