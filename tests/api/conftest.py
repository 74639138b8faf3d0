"""An API over a small store built from hand-made analyses (no NLP model needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventatlas.api import ApiOptions, create_app
from eventatlas.settings import Settings
from eventatlas.store import open_store

from .builders import sample_analyses

API_KEY = "test-key-123"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "api.db"
    with open_store(str(path)) as store:
        for analysis in sample_analyses():
            store.write(analysis)
    return path


@pytest.fixture(scope="module")
def client(settings: Settings, store_path: Path) -> Iterator[TestClient]:
    app = create_app(settings, str(store_path), api_key=API_KEY,
                     options=ApiOptions(rate_limit_per_minute=None))
    with TestClient(app) as test_client:
        yield test_client
