"""The web page served by ``eventatlas serve``: static files only (see static/)."""

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
