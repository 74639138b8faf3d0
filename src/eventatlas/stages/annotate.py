"""annotate: Document → sentences, tokens, entities, dependency parse (spaCy, batched)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from eventatlas.model import Analysis
from eventatlas.nlp.convert import to_annotation
from eventatlas.settings import AnnotateSettings

if TYPE_CHECKING:
    from eventatlas.pipeline import StageContext

log = logging.getLogger(__name__)


def annotate(items: list[Analysis], ctx: StageContext) -> list[Analysis]:
    """Parse every document's text with ``nlp.pipe`` in one batch."""
    config = ctx.config
    assert isinstance(config, AnnotateSettings)
    texts = []
    for item in items:
        text = item.document.text
        if len(text) > config.max_chars:
            log.warning("%s: text of %d chars cut to %d for parsing",
                        item.document.source, len(text), config.max_chars)
            text = text[: config.max_chars]
        texts.append(text)
    docs = ctx.services.nlp.pipe(texts, batch_size=config.batch_size)
    return [item.model_copy(update={"annotation": to_annotation(doc)})
            for item, doc in zip(items, docs, strict=True)]
