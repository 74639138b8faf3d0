"""Lexicons, registries and the sample corpus, as data files; ``read_yaml`` reads them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventatlas.errors import ConfigError


def read_yaml(name: str | Path) -> dict[str, Any]:
    """A bundled data file by name (``"actors.yaml"``), or a user's file by Path.

    Raises ConfigError naming the file when it is missing, not YAML, or not a mapping.
    """
    try:
        if isinstance(name, Path):
            text = name.read_text("utf-8")
        else:
            text = resources.files(__name__).joinpath(name).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {name}: {exc}") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: expected a mapping at top level")
    return data
