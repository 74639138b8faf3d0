"""http(s) URLs: fetched politely with timeouts, a size limit and bounded redirects."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from eventatlas import __version__
from eventatlas.model import DateValue, Failure, RawDocument
from eventatlas.settings import AcquireSettings
from eventatlas.stages.acquire import charset_of

USER_AGENT = f"eventatlas/{__version__} (+https://example.org/eventatlas; research crawler)"


def fetch(url: str, config: AcquireSettings) -> RawDocument | Failure:
    """GET ``url``; any problem is a Failure naming the URL and the reason."""
    try:
        with httpx.Client(timeout=config.http_timeout_s, follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    reason = "transient" if response.status_code >= 500 else "fetch_failed"
                    return Failure(source=url, stage="acquire", reason=reason,
                                   detail=f"HTTP {response.status_code}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > config.max_bytes:
                        return Failure(source=url, stage="acquire", reason="too_large",
                                       detail=f"more than {config.max_bytes} bytes")
                    chunks.append(chunk)
                ctype = response.headers.get("content-type", "")
    except httpx.TimeoutException as exc:
        return Failure(source=url, stage="acquire", reason="transient", detail=f"timeout: {exc}")
    except httpx.TooManyRedirects:
        return Failure(source=url, stage="acquire", reason="fetch_failed", detail="redirect loop")
    except httpx.HTTPError as exc:
        return Failure(source=url, stage="acquire", reason="fetch_failed", detail=str(exc))
    today = datetime.now(UTC).date().isoformat()
    return RawDocument(
        source=url, content=b"".join(chunks),
        kind="html" if "html" in ctype.lower() or not ctype else "text",
        encoding=charset_of(ctype), url=url,
        accessed=DateValue(value=today, precision="day", basis="fetch"),
    )
