"""WARC / WARC.gz archives (e.g. Common Crawl CC-NEWS): one RawDocument per HTML response."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventatlas.model import Failure, RawDocument
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import capture_date

log = logging.getLogger(__name__)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(path: Path, config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    """Response records with an HTML payload; a corrupt record ends the archive as a Failure
    but every record read before it is kept."""
    source = str(path)
    count = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"record{count}"
                ctype = (record.http_headers.get_header("Content-Type") or ""
                         if record.http_headers else "")
                if ctype and "html" not in ctype.lower():
                    continue
                count += 1
                data = record.content_stream().read(config.max_bytes + 1)
                where = f"{source}#{uri}"
                if len(data) > config.max_bytes:
                    yield Failure(source=where, stage="acquire", reason="too_large",
                                  detail=f"record exceeds {config.max_bytes} bytes")
                    continue
                yield RawDocument(
                    source=where, content=data, kind="html", encoding=_charset(ctype),
                    accessed=capture_date(record.rec_headers.get_header("WARC-Date")), url=uri,
                )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        log.warning("%s: archive read stopped after %d records: %s", source, count, exc)
        yield Failure(source=source, stage="acquire", reason="corrupt_archive",
                      detail=f"after {count} records: {exc}")
