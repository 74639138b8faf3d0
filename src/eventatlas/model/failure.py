"""A document that could not be processed: recorded, never silently dropped."""

from __future__ import annotations

from pydantic import BaseModel


class Failure(BaseModel, frozen=True):
    source: str
    stage: str
    reason: str  # short machine-friendly reason: empty, not_text, undecodable, too_large, ...
    detail: str = ""

    def line(self) -> str:
        """One human line: ``path: stage failed: reason (detail)``."""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.source}: {self.stage} failed: {self.reason}{extra}"
