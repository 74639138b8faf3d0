"""One worker process per core, each loading the pipeline once; results come back in input order.

The parent reads the inputs lazily and keeps at most ``options.in_flight()`` documents between
reading and yielding, so memory stays bounded whatever the input size. Each worker gets one
chunk at a time (batched ``nlp.pipe`` inside); the parent knows when it started it, and a worker
over its chunk's time budget is killed and replaced: its chunk is re-run one document at a
time, and a single document over its budget becomes a ``parse_timeout`` failure (retried with
backoff like every transient failure, up to ``max_attempts``). A worker that dies is handled
the same way (``worker_crashed``). Workers are spawned, never forked, and die with the parent.

Example::

    with WorkerPool(settings, ScaleOptions(workers=2)) as pool:
        for outcome in pool.run(tasks):
            ledger.commit(outcome.key, outcome.item, outcome.attempts)
"""

from __future__ import annotations

import heapq
import logging
import multiprocessing as mp
import pickle
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Self

from eventatlas.errors import ScaleError
from eventatlas.model import Failure
from eventatlas.pipeline import Pipeline
from eventatlas.scale.perdoc import (
    Outcome,
    PipelineFactory,
    ScaleOptions,
    Task,
    is_transient,
    run_chunk,
    settle_worker,
    timeout_failure,
)
from eventatlas.settings import Settings

log = logging.getLogger(__name__)

_POLL_S = 0.5
_MAX_START_FAILURES = 3
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: ask the kernel to SIGKILL this process when its parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        log.debug("prctl unavailable; relying on the parent check")


def _worker_main(wid: int, settings: Settings, factory: PipelineFactory, conn: Connection
                 ) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    try:
        pipeline = factory(settings)
        settle_worker(pipeline)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises ScaleError
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        chunk_id, raws = message
        conn.send(("done", (chunk_id, run_chunk(pipeline, raws))))


@dataclass
class _Worker:
    wid: int
    process: BaseProcess
    conn: Connection  # one pipe per worker: a killed worker cannot jam the others
    ready: bool = False
    chunk: tuple[int, list[Task], float] | None = None  # id, tasks, deadline


@dataclass
class _State:
    queued: deque[list[Task]] = field(default_factory=deque)
    retries: list[tuple[float, int, Task]] = field(default_factory=list)  # due, seq, task
    done: dict[int, Outcome] = field(default_factory=dict)
    next_seq: int = 0
    read: int = 0  # tasks taken from the input
    exhausted: bool = False


class WorkerPool:
    """``workers`` spawned processes running ``factory(settings)`` (default: Pipeline)."""

    def __init__(self, settings: Settings, options: ScaleOptions,
                 factory: PipelineFactory = Pipeline) -> None:
        if options.workers < 1:
            raise ScaleError("a worker pool needs at least one worker")
        self._settings = settings
        self._options = options
        self._factory = factory
        self._ctx = mp.get_context("spawn")
        self._workers: dict[int, _Worker] = {}
        self._next_wid = 0
        self._next_chunk = 0
        self._start_failures = 0

    def __enter__(self) -> Self:
        for _ in range(self._options.workers):
            self._spawn()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers.values():
            try:
                worker.conn.send(None)
            except OSError:
                log.debug("worker %d already gone", worker.wid)
        deadline = time.monotonic() + 5.0
        for worker in self._workers.values():
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()

    def _spawn(self) -> None:
        wid, self._next_wid = self._next_wid, self._next_wid + 1
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, name=f"eventatlas-worker-{wid}", daemon=True,
            args=(wid, self._settings, self._factory, child_end))
        process.start()
        child_end.close()
        self._workers[wid] = _Worker(wid, process, parent_end)

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        del self._workers[worker.wid]
        self._spawn()

    # -- the scheduling loop ------------------------------------------------------------------

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Process every task; yield the outcomes in ``seq`` order (seq must count from 0)."""
        source = iter(tasks)
        state = _State()
        while True:
            self._fill(source, state)
            self._dispatch(state)
            while state.next_seq in state.done:
                yield state.done.pop(state.next_seq)
                state.next_seq += 1
            if state.exhausted and state.next_seq >= state.read:
                return
            self._receive(state)
            self._check_workers(state)

    def _fill(self, source: Iterator[Task], state: _State) -> None:
        now = time.monotonic()
        while state.retries and state.retries[0][0] <= now:
            _, _, task = heapq.heappop(state.retries)
            state.queued.appendleft([task])
        size = self._options.chunk_size
        while (not state.exhausted and len(state.queued) < 2 * len(self._workers)
               and state.read - state.next_seq + size <= self._options.in_flight()):
            chunk = list(islice(source, size))
            state.read += len(chunk)
            if len(chunk) < size:
                state.exhausted = True
            if chunk:
                state.queued.append(chunk)

    def _dispatch(self, state: _State) -> None:
        for worker in self._workers.values():
            if not state.queued:
                return
            if worker.ready and worker.chunk is None:
                chunk = state.queued.popleft()
                chunk_id, self._next_chunk = self._next_chunk, self._next_chunk + 1
                deadline = time.monotonic() + self._options.doc_timeout_s * len(chunk)
                worker.chunk = (chunk_id, chunk, deadline)
                worker.conn.send((chunk_id, [t.raw for t in chunk]))

    def _receive(self, state: _State) -> None:
        by_conn = {id(w.conn): w for w in self._workers.values()}
        for conn in wait([w.conn for w in self._workers.values()], self._wait_s(state)):
            worker = by_conn[id(conn)]
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError, pickle.UnpicklingError):
                continue  # a dying worker; _check_workers replaces it
            if kind == "fatal":
                raise ScaleError(f"a worker cannot load the pipeline: {payload}")
            if kind == "ready":
                worker.ready = True
                self._start_failures = 0
            elif kind == "done" and worker.chunk is not None and worker.chunk[0] == payload[0]:
                _, tasks, _ = worker.chunk
                worker.chunk = None
                for task, item in zip(tasks, payload[1], strict=True):
                    self._settle(state, task, item)

    def _wait_s(self, state: _State) -> float:
        now = time.monotonic()
        waits = [_POLL_S]
        waits += [w.chunk[2] - now for w in self._workers.values() if w.chunk is not None]
        if state.retries:
            waits.append(state.retries[0][0] - now)
        return max(0.01, min(waits))

    def _settle(self, state: _State, task: Task, item: Any) -> None:
        attempts = task.attempts + 1
        if is_transient(item) and attempts < self._options.max_attempts:
            due = time.monotonic() + self._options.backoff(attempts)
            heapq.heappush(state.retries, (due, task.seq, Task(task.seq, task.key, task.raw,
                                                               attempts)))
            return
        state.done[task.seq] = Outcome(task.seq, task.key, item, attempts)

    def _check_workers(self, state: _State) -> None:
        now = time.monotonic()
        for worker in list(self._workers.values()):
            alive = worker.process.is_alive()
            if worker.chunk is not None and (not alive or now > worker.chunk[2]):
                _, tasks, _ = worker.chunk
                log.warning("worker %d %s on a chunk of %d", worker.wid,
                            "died" if not alive else "ran over time", len(tasks))
                self._replace(worker)
                self._requeue(state, tasks, crashed=not alive)
            elif not alive:
                self._start_failures += 1
                if self._start_failures >= _MAX_START_FAILURES:
                    raise ScaleError("workers keep dying before they are ready")
                self._replace(worker)

    def _requeue(self, state: _State, tasks: list[Task], *, crashed: bool) -> None:
        if len(tasks) > 1:
            state.queued.extendleft([t] for t in reversed(tasks))
            return
        task = tasks[0]
        if crashed:
            state.done[task.seq] = Outcome(task.seq, task.key, Failure(
                source=task.raw.source, stage="pipeline", reason="worker_crashed",
                detail="the worker process died on this document"), task.attempts + 1)
        else:
            self._settle(state, task, timeout_failure(task.raw, self._options.doc_timeout_s))
