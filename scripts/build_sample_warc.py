#!/usr/bin/env python3
"""Build the bundled sample WARC (``sample_corpus/warc/cc-news-sample.warc.gz``).

The HTML payloads live in ``sample_corpus/warc_src/*.html``; their target URLs
and capture dates are listed in ``sample_corpus/warc_src/records.json``.  The
output is deterministic: record ids are UUID5 values derived from record type,
URL and capture date, every WARC-Date comes from ``records.json`` and the gzip
members carry no timestamp, so running the script twice gives identical bytes.

Usage::

    python scripts/build_sample_warc.py [--src DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "src" / "eventatlas" / "resources" / "sample_corpus"
NAMESPACE = uuid.UUID("6f1c3a52-8a0e-4d55-9d5e-0b7c1f2e9a41")
USER_AGENT = "eventatlas-sample-crawler/0.1 (+https://example.org/eventatlas)"


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}>"


def http_date(warc_date: str) -> str:
    d = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return format_datetime(d, usegmt=True)


def build(src: Path, out: Path) -> int:
    spec = json.loads((src / "records.json").read_text(encoding="utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.0")

        info = spec["warcinfo"]
        fields = "".join(
            f"{k}: {v}\r\n" for k, v in info.items() if k != "date" and v
        ).encode("utf-8")
        warcinfo = writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(fields),
            length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id("warcinfo", spec["warc_filename"]),
                "WARC-Date": info["date"],
                "WARC-Filename": spec["warc_filename"],
            },
        )
        writer.write_record(warcinfo)
        n += 1

        for rec in spec["records"]:
            url, date = rec["url"], rec["capture_date"]
            body = (src / rec["file"]).read_bytes()
            host = url.split("/")[2]
            if rec.get("request"):
                path = "/" + url.split("/", 3)[3]
                req_headers = StatusAndHeaders(
                    f"GET {path} HTTP/1.1",
                    [
                        ("Host", host),
                        ("User-Agent", USER_AGENT),
                        ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                        ("Accept-Encoding", "identity"),
                        ("Connection", "close"),
                    ],
                    is_http_request=True,
                )
                request = writer.create_warc_record(
                    url,
                    "request",
                    http_headers=req_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": record_id("request", url, date),
                        "WARC-Date": date,
                        "WARC-Warcinfo-ID": record_id("warcinfo", spec["warc_filename"]),
                    },
                )
                writer.write_record(request)
                n += 1

            resp_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Date", http_date(date)),
                    ("Server", "nginx"),
                    ("Content-Type", rec.get("content_type", "text/html; charset=UTF-8")),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "max-age=300"),
                    ("Connection", "close"),
                ],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=resp_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id("response", url, date),
                    "WARC-Date": date,
                    "WARC-Warcinfo-ID": record_id("warcinfo", spec["warc_filename"]),
                    "WARC-Identified-Payload-Type": "text/html",
                },
            )
            if rec.get("request"):
                response.rec_headers.add_header(
                    "WARC-Concurrent-To", record_id("request", url, date)
                )
            writer.write_record(response)
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=CORPUS / "warc_src")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    spec = json.loads((args.src / "records.json").read_text(encoding="utf-8"))
    out = args.out or (CORPUS / "warc" / spec["warc_filename"])
    n = build(args.src, out)
    print(f"wrote {n} records to {out}")


if __name__ == "__main__":
    main()
