"""acquire: every input form becomes RawDocuments; unreadable ones become Failures."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventatlas.model import Failure, RawDocument
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import acquire

CONFIG = AcquireSettings(max_bytes=10_000)


def test_directory_is_read_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("second")
    (tmp_path / "a.html").write_text("<html><body>first</body></html>")
    (tmp_path / ".hidden.txt").write_text("no")
    items = list(acquire([str(tmp_path)], CONFIG))
    assert [Path(i.source).name for i in items] == ["a.html", "b.txt"]
    assert [i.kind for i in items if isinstance(i, RawDocument)] == ["html", "text"]


def test_glob_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "x1.txt").write_text("one")
    (tmp_path / "x2.txt").write_text("two")
    items = list(acquire([str(tmp_path / "x*.txt"), str(tmp_path / "nope.txt")], CONFIG))
    assert [Path(i.source).name for i in items] == ["x1.txt", "x2.txt", "nope.txt"]
    assert isinstance(items[2], Failure) and items[2].reason == "missing"


def test_too_large_file_is_a_failure_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * 20_000)
    (tmp_path / "small.txt").write_text("fine")
    items = list(acquire([str(tmp_path)], CONFIG))
    assert isinstance(items[0], Failure) and items[0].reason == "too_large"
    assert isinstance(items[1], RawDocument)


def test_jsonl_records_and_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join([
        json.dumps({"url": "https://a.example/1", "html": "<p>hi</p>"}),
        "{not json",
        json.dumps({"url": "https://a.example/2", "text": "plain"}),
    ]))
    items = list(acquire([str(path)], CONFIG))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "RawDocument"]
    assert items[0].source.endswith("#https://a.example/1") and items[0].kind == "html"
    assert isinstance(items[1], Failure) and items[1].reason == "bad_record"
    assert items[2].kind == "text"


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                        http_headers=headers,
                                        warc_headers_dict={"WARC-Date": "2021-08-20T10:00:00Z"})
        writer.write_record(rec)
    return buf.getvalue()


def test_warc_responses_carry_the_capture_date(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    path.write_bytes(_warc([("https://n.example/a", b"<html>a</html>"),
                            ("https://n.example/b", b"<html>b</html>")]))
    items = [i for i in acquire([str(path)], CONFIG) if isinstance(i, RawDocument)]
    assert [i.url for i in items] == ["https://n.example/a", "https://n.example/b"]
    assert items[0].accessed.value == "2021-08-20" and items[0].accessed.basis == "capture"


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    data = _warc([("https://n.example/a", b"<html>a</html>" * 50),
                  ("https://n.example/b", b"<html>b</html>" * 50)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 40])
    items = list(acquire([str(path)], CONFIG))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[-1], Failure) and items[-1].reason == "corrupt_archive"


def test_truncated_gzip_text_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(b"hello world " * 100)[:30])
    (item,) = list(acquire([str(path)], CONFIG))
    assert isinstance(item, Failure) and item.reason == "corrupt_archive"
