"""Printing untrusted text to a terminal: control characters and markup made inert."""

from __future__ import annotations

import re
import sys

from rich.console import Console
from rich.markup import escape

from eventatlas.model import Failure

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """``text`` with terminal control sequences shown as ``\\xNN`` instead of acted on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def safe(text: str) -> str:
    """For rich output: control characters shown, markup escaped."""
    return escape(plain(text))


def error_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def report_failures(failures: list[Failure], console: Console | None = None) -> None:
    console = console or error_console()
    if not failures:
        return
    console.print(f"[bold red]{len(failures)} input(s) failed:[/]")
    for failure in failures:
        console.print(f"  error: {safe(failure.line())}")


def write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
