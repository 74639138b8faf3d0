"""Locating ../shared (the developers' evaluation data and reference page) from tests.

A module of its own, not conftest: ``from conftest import ...`` is ambiguous once a test
folder has its own conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only in the developers' checkout)")
    return path
