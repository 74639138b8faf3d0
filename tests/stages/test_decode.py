"""decode: bytes → str without ever crashing on bad bytes."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from eventatlas.stages.decode import decode_bytes, meta_charset, normalise_codec


def test_decode_strips_utf8_bom() -> None:
    result = decode_bytes(codecs.BOM_UTF8 + "naïve café".encode())
    assert result.text == "naïve café"
    assert result.method == "bom"


def test_decode_reads_utf16_with_bom() -> None:
    result = decode_bytes(codecs.BOM_UTF16_LE + "Grüße aus Köln".encode("utf-16-le"))
    assert result.text == "Grüße aus Köln"


def test_decode_uses_the_container_encoding_first() -> None:
    result = decode_bytes("Größe".encode("cp1252"), "iso-8859-1")
    assert result.text == "Größe"
    assert result.method == "declared"


def test_decode_reads_html_meta_charset_for_legacy_bytes() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“quoted” €</body></html>'
    result = decode_bytes(page.encode("cp1252"), html=True)
    assert "“quoted” €" in result.text
    assert result.method == "meta"


def test_decode_prefers_valid_utf8_over_a_wrong_meta_charset() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">Zürich'
    assert decode_bytes(page.encode("utf-8"), html=True).text.endswith("Zürich")


def test_meta_charset_reads_http_equiv_declaration() -> None:
    page = b'<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">'
    assert meta_charset(page) == "shift_jis"


def test_unknown_encoding_label_is_ignored() -> None:
    assert normalise_codec("no-such-charset") is None
    assert decode_bytes(b"plain words", "no-such-charset").text == "plain words"


def test_decode_normalises_newlines() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\n").text == "one\ntwo\nthree\n"


@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "bogus", "utf-16"]))
def test_decode_never_raises_on_arbitrary_bytes(data: bytes, declared: str | None) -> None:
    result = decode_bytes(data, declared, html=True)
    assert isinstance(result.text, str)
    assert "\r" not in result.text
