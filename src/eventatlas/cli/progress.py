"""A progress line for long batches; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from eventatlas.model import Analysis, Failure


@contextmanager
def progress_callback() -> Iterator[Callable[[Analysis | Failure], None]]:
    if not sys.stderr.isatty():
        yield lambda item: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
                  TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                  transient=True) as progress:
        task = progress.add_task("ingesting", total=None, failed=0)
        failed = 0

        def advance(item: Analysis | Failure) -> None:
            nonlocal failed
            failed += isinstance(item, Failure)
            progress.update(task, advance=1, failed=failed)

        yield advance
