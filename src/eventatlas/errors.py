"""All eventatlas errors. A batch turns a StageError into a recorded Failure and goes on."""

from __future__ import annotations


class EventAtlasError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(EventAtlasError):
    """A configuration names an unknown stage or holds an invalid value."""


class StoreError(EventAtlasError):
    """The store cannot be opened or migrated."""


class UnknownFormat(EventAtlasError, ValueError):
    """No such output format, or not for this kind of row."""


class StageError(EventAtlasError):
    """One document failed in one stage; ``reason`` is a short stable code."""

    reason = "error"

    def __init__(self, source: str, detail: str = "", *, stage: str = "") -> None:
        self.source = source
        self.detail = detail
        self.stage = stage
        super().__init__(f"{source}: {self.reason}" + (f" ({detail})" if detail else ""))


class TransientStageError(StageError):
    """A failure that may pass on retry (timeouts, HTTP 5xx)."""

    reason = "transient"


class MissingInput(StageError):
    reason = "missing"


class EmptyInput(StageError):
    reason = "empty"


class NotText(StageError):
    reason = "not_text"


class Undecodable(StageError):
    reason = "undecodable"


class TooLarge(StageError):
    reason = "too_large"


class NoArticleFound(StageError):
    reason = "no_article_found"


class ParseTimeout(TransientStageError):
    reason = "parse_timeout"


class FetchFailed(StageError):
    reason = "fetch_failed"


class UnsupportedLanguage(StageError):
    reason = "unsupported_language"


class InvalidAnalysis(StageError):
    """The analysis cannot be stored as given (dangling or duplicate ids)."""

    reason = "invalid_analysis"


class NotFound(StoreError):
    """No stored record has the requested id."""


class ApiError(EventAtlasError):
    """A request to the REST API cannot be served as asked."""


class InvalidParameter(ApiError, ValueError):
    """A query parameter is malformed; ``parameter`` names it (HTTP 422)."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


class ReportError(EventAtlasError):
    """A situation report cannot be built (bad range, missing plotting library)."""


class ScaleError(EventAtlasError):
    """A batch cannot run as asked: workers that cannot start, a cluster that cannot be reached."""


class GazetteerError(EventAtlasError):
    """The gazetteer index cannot be built or extended."""


class BadDumpFile(GazetteerError, ValueError):
    """A file given as a GeoNames dump is missing or not in the GeoNames main-table format."""


class NotAnnotated(StageError):
    """A stage that reads the parse got a document the annotate stage has not parsed."""

    reason = "not_annotated"


class EvaluationError(EventAtlasError):
    """Evaluation data is missing or not in the expected shape."""
