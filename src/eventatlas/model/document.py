"""Raw input and the cleaned document of the JSON contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Precision = Literal["day", "week", "month", "year", "unknown"]
DateBasis = Literal["meta", "url", "text", "page_header", "capture", "fetch", "unknown"]
InputKind = Literal["html", "text", "unknown"]


class DateValue(BaseModel, frozen=True):
    """A date with how precisely it is known and where it was read."""

    value: str | None = None  # ISO 8601 date (YYYY-MM-DD), None when unknown
    precision: Precision = "unknown"
    basis: DateBasis = "unknown"

    @classmethod
    def unknown(cls) -> DateValue:
        return cls(value=None, precision="unknown", basis="unknown")


class RawDocument(BaseModel, frozen=True):
    """Bytes as acquired, before any cleaning."""

    source: str  # path, URL or ``file#record`` for records inside archives
    content: bytes
    kind: InputKind = "unknown"
    encoding: str | None = None  # declared by the container (HTTP header, JSONL), if any
    accessed: DateValue = Field(default_factory=DateValue.unknown)
    url: str | None = None


class Document(BaseModel, frozen=True):
    """The clean article: body text plus metadata (contract field names)."""

    id: str
    source: str
    site: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    published: DateValue = Field(default_factory=DateValue.unknown)
    accessed: DateValue = Field(default_factory=DateValue.unknown)
    text: str
    url: str | None = None
    content_hash: str | None = None
    simhash: str | None = None  # 128-bit SimHash of ``text`` (32 hex digits): near duplicates
