"""extract: RawDocument → Analysis(document=Document(...)), the first stage of every pipeline.

Rejects what is not an article (empty, binary, undecodable, too short) with a StageError,
decodes the bytes, then hands HTML to ``html_extract`` and scraped text to ``text_extract``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventatlas.errors import (
    EmptyInput,
    NoArticleFound,
    NotText,
    Undecodable,
    UnsupportedLanguage,
)
from eventatlas.model import Analysis, DateValue, Document, RawDocument, content_hash, stable_id
from eventatlas.model.document import InputKind
from eventatlas.settings import ExtractSettings
from eventatlas.stages.decode import decode_bytes, sniff_bom
from eventatlas.stages.extract_rules import load_chrome_rules, load_language_profiles
from eventatlas.stages.html_extract import extract_html
from eventatlas.stages.near_duplicates import simhash
from eventatlas.stages.text_extract import extract_text

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP archive"), (b"\x89PNG\r\n", "PNG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b\x08", "gzip data"), (b"BZh", "bzip2 data"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"\x7fELF", "ELF binary"), (b"MZ\x90\x00", "executable"),
    (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"), (b"fLaC", "FLAC audio"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xd0\xcf\x11\xe0", "MS Office file"),
    (b"\x00asm", "WebAssembly"), (b"\x28\xb5\x2f\xfd", "zstd data"), (b"wOFF", "font"),
    (b"wOF2", "font"), (b"\xfd7zXZ\x00", "xz data"),
)
_RIFF = re.compile(rb"RIFF....(WEBP|WAVE|AVI )", re.DOTALL)
_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article|main|section|script|table"
    rb"|span|br|h[1-6]|a\s)[\s>/]", re.IGNORECASE)
# Unicode categories Cc (controls), Cs (surrogates) and Co (private use), except the
# whitespace controls \t \n \v \f \r (tests/stages check it against unicodedata).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                      "\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
MAX_CONTROL_SHARE = 0.05
MAX_REPLACED_SHARE = 0.05


@dataclass(frozen=True)
class _Fields:
    text: str
    title: str | None
    author: str | None
    site: str | None
    language: str | None
    published: DateValue
    accessed: DateValue


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None when it may be text."""
    head = data[:64]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if _RIFF.match(head):
        return "RIFF media"
    if sniff_bom(data) is None and b"\x00" in data[:8192]:
        return "binary data (NUL bytes)"
    return None


def sniff_kind(data: bytes) -> InputKind:
    """``html`` when markup appears near the start, else ``text``."""
    return "html" if _HTML_HINT.search(data[:4096]) else "text"


def control_share(text: str) -> float:
    """Share of control characters (other than whitespace) in a sample of ``text``."""
    sample = text[:20_000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _decode(raw: RawDocument, kind: InputKind, stage: str) -> str:
    decoded = decode_bytes(raw.content, raw.encoding, html=kind == "html")
    text = decoded.text
    if decoded.replaced > MAX_REPLACED_SHARE * max(len(text), 1):
        raise Undecodable(raw.source, f"{decoded.replaced} undecodable characters as "
                          f"{decoded.encoding}", stage=stage)
    if control_share(text) > MAX_CONTROL_SHARE:
        raise NotText(raw.source, "too many control characters", stage=stage)
    if not text.strip():
        raise EmptyInput(raw.source, "only whitespace", stage=stage)
    return text


def _url(raw: RawDocument) -> str | None:
    if raw.url:
        return raw.url
    return raw.source if raw.source.startswith(("http://", "https://")) else None


def _fields(raw: RawDocument, kind: InputKind, text: str) -> _Fields:
    rules = load_chrome_rules()
    if kind == "html":
        page = extract_html(text, _url(raw), rules)
        return _Fields(page.text, page.title, page.author, page.site, page.language,
                       page.published, raw.accessed)
    scraped = extract_text(text, rules)
    accessed = scraped.accessed if scraped.accessed.value is not None else raw.accessed
    return _Fields(scraped.text, scraped.title, scraped.author, scraped.site, None,
                   scraped.published, accessed)


def _language(text: str, declared: str | None) -> str | None:
    """The body's language: the text's own evidence when it is reliable, else what the page
    declares, else the text's unreliable guess."""
    guess = load_language_profiles().detect(text)
    return guess.code if guess.reliable and guess.code else declared or guess.code


def extract(raw: RawDocument, ctx: StageContext) -> Analysis:
    """The clean article of one raw document; a StageError says why there is none.

    Example: ``extract(RawDocument(source="a.html", content=page), ctx).document.title``.
    """
    config = ctx.config
    if not isinstance(config, ExtractSettings):
        raise TypeError(f"extract needs ExtractSettings, got {type(config).__name__}")
    data = raw.content
    if not data.strip():
        raise EmptyInput(raw.source, stage=ctx.stage)
    binary = binary_kind(data)
    if binary is not None:
        raise NotText(raw.source, binary, stage=ctx.stage)
    kind: InputKind = raw.kind if raw.kind != "unknown" else sniff_kind(data)
    fields = _fields(raw, kind, _decode(raw, kind, ctx.stage))
    if len(fields.text) < config.min_body_chars:
        raise NoArticleFound(raw.source, f"{len(fields.text)} characters of body text "
                             f"(minimum {config.min_body_chars})", stage=ctx.stage)
    language = _language(fields.text, fields.language)
    digest = content_hash(fields.text)
    document = Document(
        id=stable_id("document", raw.source, digest), source=raw.source, site=fields.site,
        title=fields.title, author=fields.author, language=language,
        published=fields.published, accessed=fields.accessed, text=fields.text, url=_url(raw),
        content_hash=digest, simhash=simhash(fields.text),
    )
    log.debug("%s: %s, %d chars", raw.source, kind, len(fields.text))
    return Analysis(document=document)


def require_supported_language(analysis: Analysis, ctx: StageContext) -> Analysis:
    """A gate after extract: raises UnsupportedLanguage when the body is reliably written in a
    language the later stages cannot read (see resources/languages.yaml). Short pages and
    English pages quoting or naming foreign people are let through.

    Example: ``require_supported_language(extract(raw, ctx), ctx)``.
    """
    profiles = load_language_profiles()
    guess = profiles.detect(analysis.document.text)
    if profiles.is_unsupported(guess):
        raise UnsupportedLanguage(
            analysis.document.source, f"body text reads as {guess.code!r} (script {guess.script},"
            f" {guess.share:.0%} of words in its profile); supported: "
            f"{', '.join(sorted(profiles.supported))}", stage=ctx.stage)
    return analysis
