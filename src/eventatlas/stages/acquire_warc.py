"""WARC / WARC.gz archives (e.g. Common Crawl CC-NEWS): one RawDocument per HTML response."""

from __future__ import annotations

import logging
import mmap
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventatlas.model import Failure, RawDocument
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import capture_date, charset_of

log = logging.getLogger(__name__)


def _complete_prefix(path: Path) -> int | None:
    """For a gzipped archive cut short, the byte length of its complete gzip members;
    None when the archive is whole or not gzipped. Streams through a memory map."""
    if not path.name.endswith(".gz") or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        pos, size = 0, len(data)
        while pos < size:
            member_start = pos
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                while not member.eof:
                    chunk = data[pos : pos + (1 << 20)]
                    if not chunk:
                        return member_start
                    member.decompress(chunk, 1 << 22)
                    while member.unconsumed_tail and not member.eof:
                        member.decompress(member.unconsumed_tail, 1 << 22)
                    pos += len(chunk) - len(member.unused_data) if member.eof else len(chunk)
            except zlib.error:
                return member_start
    return None


def _records(path: Path, config: AcquireSettings
             ) -> Iterator[tuple[int, RawDocument | Failure]]:
    source = str(path)
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or "record"
            ctype = (record.http_headers.get_header("Content-Type") or ""
                     if record.http_headers else "")
            if ctype and "html" not in ctype.lower():
                continue
            data = record.content_stream().read(config.max_bytes + 1)
            offset = records.get_record_offset()  # reads the record to its end: call it last
            where = f"{source}#{uri}"
            if len(data) > config.max_bytes:
                yield offset, Failure(source=where, stage="acquire", reason="too_large",
                                      detail=f"record exceeds {config.max_bytes} bytes")
                continue
            yield offset, RawDocument(
                source=where, content=data, kind="html", encoding=charset_of(ctype),
                accessed=capture_date(record.rec_headers.get_header("WARC-Date")), url=uri,
            )


def read_warc(path: Path, config: AcquireSettings) -> Iterator[RawDocument | Failure]:
    """HTML response records. A damaged archive yields every record before the damage,
    then one Failure for the archive; the damaged record itself is not passed on."""
    source = str(path)
    whole_until = _complete_prefix(path)
    count = 0
    try:
        for offset, item in _records(path, config):
            if whole_until is not None and offset >= whole_until:
                break
            count += 1
            yield item
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        log.warning("%s: archive read stopped after %d records: %s", source, count, exc)
        yield Failure(source=source, stage="acquire", reason="corrupt_archive",
                      detail=f"after {count} records: {exc}")
        return
    if whole_until is not None:
        yield Failure(source=source, stage="acquire", reason="corrupt_archive",
                      detail=f"archive is cut short; {count} records read before the damage")
