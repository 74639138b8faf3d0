"""Shared fixtures: settings with a per-session gazetteer cache, services, ../shared locators."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings

from shared_data import ROOT, SHARED, shared_path  # noqa: F401 - re-exported


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
