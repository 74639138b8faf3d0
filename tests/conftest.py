"""Shared fixtures: settings with a per-session gazetteer cache, services, ../shared locators."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only in the developers' checkout)")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def services(settings: Settings) -> Services:
    """One Services per session: spaCy and the gazetteer load once for all tests."""
    return Services(settings)


@pytest.fixture(scope="session")
def context(settings: Settings, services: Services):  # type: ignore[no-untyped-def]
    def make(section: str) -> StageContext:
        return StageContext(settings.section(section), services, f"test.{section}")

    return make
