"""The per-document time limit holds in worker threads (where Dask runs tasks), not only in the
main thread where SIGALRM is available."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from eventatlas.scale.perdoc import time_limit


def _in_thread(body: Callable[[], object]) -> BaseException | object:
    """What ``body`` returned or raised when run in a fresh thread."""
    box: list[BaseException | object] = []

    def run() -> None:
        try:
            box.append(body())
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever came out
            box.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the time limit did not stop the thread"
    return box[0]


def _spin_forever() -> None:
    with time_limit(0.3):
        while True:
            sum(range(1000))


def test_a_thread_over_its_limit_gets_a_timeout_error() -> None:
    started = time.monotonic()
    outcome = _in_thread(_spin_forever)
    assert isinstance(outcome, TimeoutError)
    assert 0.25 < time.monotonic() - started < 5


def test_a_sleeping_thread_is_stopped_when_it_wakes() -> None:
    def sleepy() -> None:
        with time_limit(0.2):
            while True:
                time.sleep(0.1)

    assert isinstance(_in_thread(sleepy), TimeoutError)


def test_a_block_that_ends_in_time_is_not_interrupted_afterwards() -> None:
    def quick() -> str:
        for _ in range(50):  # many short limits: none may fire once its block has ended
            with time_limit(0.05):
                sum(range(100))
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:  # well past every limit set above
            sum(range(1000))
        return "finished"

    assert _in_thread(quick) == "finished"


def test_the_main_thread_keeps_its_alarm_based_limit() -> None:
    with pytest.raises(TimeoutError), time_limit(0.2):
        while True:
            sum(range(1000))
