"""Document deduplication on ECB+: cluster each topic's documents into real-world events.

Each ECB+ topic holds documents about two similar but distinct events (the ``ecb`` and
``ecbplus`` sub-topics). The documents of a topic are clustered from their title and text
only — never the file name, URL or metadata, which give the sub-topic away — with TF-IDF
cosine over words, capitalised names and numbers (weights fitted per topic, unsupervised) and
average-link agglomeration; the clusters are scored against topic + sub-topic with B-cubed
precision/recall/F1 and the adjusted Rand index.

Example: ``evaluate_dedup(Path("../shared/eval/dedup/ecbplus"))["documents"]["f1"]``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventatlas.errors import EvaluationError
from eventatlas.fuse.docsim import names, words

log = logging.getLogger(__name__)

LINK_THRESHOLD = 0.12  # average cosine at which two clusters of one topic merge
EMBED_WEIGHT = 0.5  # with embeddings: share of the embedding cosine in the similarity
EMBED_LINK_THRESHOLD = 0.35  # ... and the average similarity at which clusters merge
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_FILE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.json$")


def _terms(text: str) -> list[str]:
    found = [w for w in words(text) if len(w) > 2]
    found += ["name:" + n for n in names(text)] * 2
    found += ["num:" + n for n in _NUMBER.findall(text)]
    return found


def _tfidf(docs: Sequence[list[str]]) -> np.ndarray:
    df = Counter(t for d in docs for t in set(d))
    vocab = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n < len(docs)))}
    matrix = np.zeros((len(docs), max(len(vocab), 1)))
    for row, terms in enumerate(docs):
        for term, n in Counter(terms).items():
            if term in vocab:
                idf = math.log((1 + len(docs)) / (1 + df[term])) + 1
                matrix[row, vocab[term]] = (1 + math.log(n)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def cluster_texts(texts: Sequence[str], threshold: float = LINK_THRESHOLD,
                  embeddings: np.ndarray | None = None) -> list[int]:
    """Average-link clustering of texts by TF-IDF cosine (averaged with the embeddings'
    cosine when given, at ``EMBED_LINK_THRESHOLD``); returns a label per text."""
    if not texts:
        return []
    vectors = _tfidf([_terms(t) for t in texts])
    sim = vectors @ vectors.T
    if embeddings is not None:
        sim = (1 - EMBED_WEIGHT) * sim + EMBED_WEIGHT * (embeddings @ embeddings.T)
        threshold = EMBED_LINK_THRESHOLD
    clusters: list[list[int]] = [[i] for i in range(len(texts))]
    while len(clusters) > 1:
        best, pair = -1.0, (0, 0)
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                score = float(sim[np.ix_(clusters[i], clusters[j])].mean())
                if score > best:
                    best, pair = score, (i, j)
        if best < threshold:
            break
        i, j = pair
        clusters[i] = sorted(clusters[i] + clusters[j])
        del clusters[j]
    labels = [0] * len(texts)
    for label, members in enumerate(clusters):
        for m in members:
            labels[m] = label
    return labels


def _embed(texts: Sequence[str]) -> np.ndarray:
    from eventatlas.fuse.embeddings import embed

    return embed(texts)


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(gold: Sequence[str], pred: Sequence[str]) -> float:
    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    table = Counter(zip(gold, pred, strict=True))
    index = sum(pairs(n) for n in table.values())
    rows = sum(pairs(n) for n in Counter(gold).values())
    cols = sum(pairs(n) for n in Counter(pred).values())
    total = pairs(len(gold))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def _read(data_dir: Path, limit: int | None) -> dict[str, list[tuple[str, str, str]]]:
    """topic → [(doc name, gold label, title + text)], in file-name order."""
    docs_dir = data_dir / "docs"
    if not docs_dir.is_dir():
        raise EvaluationError(f"no ECB+ documents under {docs_dir}")
    topics: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    files = sorted(docs_dir.glob("*.json"))
    for path in files[:limit] if limit else files:
        match = _FILE.match(path.name)
        if match is None:
            log.warning("skipping %s: not an ECB+ document name", path.name)
            continue
        data = json.loads(path.read_text("utf-8"))
        text = f"{data.get('title') or ''}\n{data.get('text') or ''}"
        topics[match[1]].append((path.stem, f"{match[1]}/{match[3]}", text))
    return topics


def evaluate_dedup(data_dir: Path, limit: int | None = None,
                   embeddings: bool | None = None) -> dict[str, Any]:
    """B-cubed and ARI of per-topic document clustering against topic + sub-topic.

    ``embeddings`` (default: the ``[fuse] embeddings`` setting) adds the text embeddings'
    cosine to the TF-IDF one; it needs the ``embeddings`` extra.
    """
    if embeddings is None:
        from eventatlas.settings import load_settings

        embeddings = load_settings().fuse.embeddings
    if (data_dir / "dedup" / "ecbplus").is_dir():
        data_dir = data_dir / "dedup" / "ecbplus"
    gold: list[str] = []
    pred: list[str] = []
    for topic, docs in sorted(_read(data_dir, limit).items()):
        texts = [text for _, _, text in docs]
        labels = cluster_texts(texts, embeddings=_embed(texts) if embeddings else None)
        gold += [label for _, label, _ in docs]
        pred += [f"{topic}/{label}" for label in labels]
    precision, recall, f1 = bcubed(gold, pred)
    scores = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
              "ari": round(adjusted_rand(gold, pred), 4), "n": len(gold),
              "clusters": len(set(pred)), "gold_clusters": len(set(gold))}
    log.info("dedup on %d documents: B3 F1 %.3f, ARI %.3f", len(gold), f1, scores["ari"])
    return {"documents": scores}
