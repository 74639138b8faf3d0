"""acquire: paths, directories, globs, stdin, JSONL, WARC, RSS/Atom feeds and URLs → RawDocument.

A source that cannot be read becomes a Failure with a clear reason; the rest goes on.
"""

from __future__ import annotations

import glob
import gzip
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from eventatlas.model import DateValue, Failure, RawDocument
from eventatlas.settings import AcquireSettings

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
SKIP_NAMES = {"manifest.json", "README.md", "records.json"}


def _fail(source: str, reason: str, detail: str = "") -> Failure:
    return Failure(source=source, stage="acquire", reason=reason, detail=detail)


def sniff_kind(name: str, head: bytes) -> str:
    """'html' or 'text' from the file name, else from the first bytes."""
    suffix = Path(name.split("#", 1)[0].split("?", 1)[0]).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    probe = head[:2048].lstrip().lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe:
        return "html"
    return "text" if head else "unknown"


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Every file a PATH argument names: the file, a directory's files (sorted), a glob's."""
    for spec in paths:
        if spec == "-" or spec.startswith(("http://", "https://")):
            yield spec
            continue
        path = Path(spec)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or child.name in SKIP_NAMES:
                    continue
                yield str(child)
        elif any(ch in spec for ch in "*?[") and not path.exists():
            matches = sorted(glob.glob(spec, recursive=True))
            yield from (m for m in matches if Path(m).is_file()) if matches else [spec]
        else:
            yield spec


def _read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _from_file(source: str, config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    path = Path(source)
    if not path.exists():
        yield _fail(source, "missing", "no such file or directory")
        return
    lower = path.name.lower()
    if lower.endswith(WARC_SUFFIXES):
        from eventatlas.stages.acquire_warc import read_warc

        yield from read_warc(path, config)
        return
    if lower.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, config)
        return
    size = path.stat().st_size
    if size > config.max_bytes:
        yield _fail(source, "too_large", f"{size} bytes > limit {config.max_bytes}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _fail(source, "unreadable", str(exc))
        return
    if lower.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield _fail(source, "corrupt_archive", f"gzip: {exc}")
            return
    yield from _document_or_feed(source, data, config)


def _document_or_feed(source: str, data: bytes, config: AcquireSettings
                      ) -> Iterator[RawDocument | Failure]:
    """One RawDocument, or each item of an RSS/Atom feed (recognised by content or name)."""
    from eventatlas.stages.acquire_feed import declares_feed, looks_like_feed

    if looks_like_feed(data) or (source != "-" and declares_feed(source)):
        from eventatlas.stages.acquire_feed import read_feed
        from eventatlas.stages.acquire_http import HttpFetcher

        with HttpFetcher(config) as http:
            yield from read_feed(source, data, http.fetch)
        return
    name = source.lower().removesuffix(".gz")
    yield RawDocument(source=source, content=data, kind=sniff_kind(name, data))


def read_jsonl(path: Path, config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    """One RawDocument per line of ``{"url": ..., "html": ...}`` or ``{"url", "text"}``."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                yield _jsonl_record(path, n, line, config)
    except (OSError, EOFError) as exc:
        yield _fail(str(path), "corrupt_archive", str(exc))


def _jsonl_record(path: Path, n: int, line: str, config: AcquireSettings
                  ) -> RawDocument | Failure:
    where = f"{path}#L{n}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _fail(where, "bad_record", f"invalid JSON: {exc.msg}")
    if not isinstance(record, dict):
        return _fail(where, "bad_record", "a line must be a JSON object")
    body = record.get("html") if record.get("html") is not None else record.get("text")
    if not isinstance(body, str):
        return _fail(where, "bad_record", "needs an 'html' or 'text' string")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    source = f"{path}#{url}" if url else where
    content = body.encode("utf-8")
    if len(content) > config.max_bytes:
        return _fail(source, "too_large", f"{len(content)} bytes > limit {config.max_bytes}")
    kind = "html" if "html" in record and record.get("html") is not None else "text"
    return RawDocument(source=source, content=content, kind=kind, encoding="utf-8", url=url)


def _from_stdin(config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    data = _read_limited(sys.stdin.buffer, config.max_bytes)
    if data is None:
        yield _fail("-", "too_large", f"stdin exceeds {config.max_bytes} bytes")
        return
    yield from _document_or_feed("-", data, config)


def acquire(paths: Iterable[str], config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    """Stream RawDocuments (or Failures) for every PATH, in order.

    Example: ``list(acquire(["corpus/", "-"], AcquireSettings()))``.
    """
    for source in expand(paths):
        if source == "-":
            yield from _from_stdin(config)
        elif source.startswith(("http://", "https://")):
            from eventatlas.stages.acquire_http import acquire_url

            yield from acquire_url(source, config)
        else:
            yield from _from_file(source, config)


def charset_of(content_type: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def capture_date(value: str | None, basis: str = "capture") -> DateValue:
    """A DateValue (day precision) from an ISO timestamp such as a WARC-Date."""
    if not value or len(value) < 10:
        return DateValue.unknown()
    return DateValue(value=value[:10], precision="day", basis=basis)
