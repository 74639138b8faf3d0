"""decode: bytes → str. BOM, then declared encodings, then detection; never crashes on bad bytes.

Order of trust: a byte-order mark; the container's declared encoding (HTTP header, JSONL);
strict UTF-8; the page's own ``<meta charset>`` / ``http-equiv``; charset-normalizer's guess;
finally UTF-8 with replacement characters. Newlines are normalised to ``\\n``.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

import charset_normalizer

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
# WHATWG: labels that browsers decode with a superset codec.
_SUPERSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
              "us-ascii": "cp1252", "iso-8859-9": "cp1254", "gb2312": "gb18030", "gbk": "gb18030"}
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it and how it was chosen."""

    text: str
    encoding: str
    method: str  # bom | declared | utf-8 | meta | detected | fallback
    replaced: int = 0  # U+FFFD characters introduced by a lossy fallback


def normalise_codec(label: str | None) -> str | None:
    """The Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(name, name)


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding announced by a byte-order mark and the mark's length, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    return normalise_codec(match.group(1).decode("ascii", "ignore")) if match else None


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str] | None:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        return None
    text = _strict(data, normalise_codec(best.encoding))
    return (text, best.encoding) if text is not None else None


def normalise_newlines(text: str) -> str:
    """CRLF, CR and Unicode line separators become ``\\n``."""
    return _NEWLINES.sub("\n", text)


def decode_bytes(data: bytes, declared: str | None = None, *, html: bool = False) -> Decoded:
    """Decode ``data``; ``declared`` is the container's encoding. Never raises on bad bytes.

    Example: ``decode_bytes(b"caf\\xe9", "latin-1").text == "café"``.
    """
    bom = sniff_bom(data)
    if bom is not None:
        text = data[bom[1]:].decode(bom[0], errors="replace")
        return Decoded(normalise_newlines(text), bom[0], "bom", text.count("\ufffd"))
    candidates: list[tuple[str | None, str]] = [(normalise_codec(declared), "declared"),
                                                ("utf-8", "utf-8")]
    if html:
        candidates.append((meta_charset(data), "meta"))
    for codec, method in candidates:
        strict = _strict(data, codec)
        if strict is not None and codec is not None:
            return Decoded(normalise_newlines(strict), codec, method)
    detected = _detect(data)
    if detected is not None:
        return Decoded(normalise_newlines(detected[0]), detected[1], "detected")
    codec = normalise_codec(declared) or (meta_charset(data) if html else None) or "utf-8"
    text = data.decode(codec, errors="replace")
    log.debug("lossy decode as %s", codec)
    return Decoded(normalise_newlines(text), codec, "fallback", text.count("\ufffd"))
