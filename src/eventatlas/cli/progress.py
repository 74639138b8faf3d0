"""A progress line for long batches: documents, documents/s, failures, ETA.

Silent when stderr is not a terminal (pipes, CI logs, cron).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from eventatlas.batch import Skipped
from eventatlas.model import Analysis, Failure
from eventatlas.stages.acquire import JSONL_SUFFIXES, WARC_SUFFIXES, expand

ProgressItem = Analysis | Failure | Skipped
_COUNT_LIMIT_BYTES = 200_000_000  # count JSONL lines only in files up to this size


class RateColumn(ProgressColumn):
    """Documents per second over the last few seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("… docs/s" if speed is None else f"{speed:.1f} docs/s")


def estimate_documents(paths: Iterable[str]) -> int | None:
    """How many documents ``paths`` hold, when cheap to tell (None for WARC, stdin, URLs...).

    Example: ``estimate_documents(["corpus/"])`` → ``16``.
    """
    total = 0
    for spec in expand(paths):
        lower = spec.lower()
        if spec == "-" or lower.startswith(("http://", "https://")) or lower.endswith(
                WARC_SUFFIXES):
            return None
        path = Path(spec)
        if lower.endswith(JSONL_SUFFIXES):
            if not path.is_file() or path.stat().st_size > _COUNT_LIMIT_BYTES:
                return None
            opener = gzip.open if lower.endswith(".gz") else open
            try:
                with opener(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total


@contextmanager
def progress_callback(total: int | None = None) -> Iterator[Callable[[ProgressItem], None]]:
    """A callback to call once per document; draws on stderr only when it is a terminal."""
    if not sys.stderr.isatty():
        yield lambda item: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed} docs"), RateColumn(),
                  TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                  TextColumn("ETA"), TimeRemainingColumn(), transient=True) as progress:
        task = progress.add_task("ingesting", total=total, failed=0)
        failed = 0

        def advance(item: ProgressItem) -> None:
            nonlocal failed
            failed += isinstance(item, Failure)
            progress.update(task, advance=1, failed=failed)

        yield advance
