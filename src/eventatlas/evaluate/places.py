"""Score the places stage on LGL and TR-News (GeoNames-annotated news, ``../shared/eval/geo``).

Two measures per corpus:

- recognition, end to end: the annotate stage (spaCy) then ``recognize``; precision, recall and
  F1 of exact toponym spans (and of overlapping spans, as a lenient reading);
- resolution given the gold spans: share of exact GeoNames ids, share within 161 km (100 miles)
  of the gold point, and the median error in km, over the gold toponyms that carry a gazetteer tag.

Example: ``evaluate_places(Path("../shared/eval"), limit=50)["lgl"]["resolution"]["acc_161km"]``.
"""

from __future__ import annotations

import logging
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventatlas.nlp.convert import to_annotation
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings
from eventatlas.stages.gazetteer import Gazetteer, haversine_km
from eventatlas.stages.places import recognize, resolve_spans

log = logging.getLogger(__name__)

CORPORA = {"lgl": "lgl.xml", "tr_news": "TR-News.xml"}  # inside eval/geo/
_MILES_100_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class GoldArticle:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_corpus(path: Path, limit: int | None = None) -> Iterator[GoldArticle]:
    """The articles of one corpus file, in order (at most ``limit``)."""
    root = ET.parse(path).getroot()
    for n, art in enumerate(root.iter("article")):
        if limit is not None and n >= limit:
            return
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            gid = tag.get("geonameid") if tag is not None else None
            lat = tag.findtext("lat") if tag is not None else None
            lon = tag.findtext("lon") if tag is not None else None
            phrase = t.findtext("phrase") or ""
            start = _align(text, phrase, int(t.findtext("start") or 0))
            tops.append(GoldToponym(
                start, start + len(phrase) if start >= 0 else 0, phrase,
                int(gid) if gid else None,
                float(lat) if lat else None, float(lon) if lon else None))
        yield GoldArticle(art.get("docid") or str(n), text,
                          tuple(t for t in tops if t.start >= 0))


def _align(text: str, phrase: str, start: int, window: int = 1000) -> int:
    """Where ``phrase`` really starts: the stated offset, else the nearest occurrence.

    A few TR-News articles carry offsets that drift by one or more characters (a dropped
    character earlier in the text); -1 when the phrase is not near its offset at all.
    """
    if text[start:start + len(phrase)] == phrase:
        return start
    lo = max(0, start - window)
    best, i = -1, text.find(phrase, lo)
    while 0 <= i <= start + window:
        if best < 0 or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1)
    if best < 0:
        log.debug("gold toponym %r not found near offset %d", phrase, start)
    return best


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score_recognition(articles: list[GoldArticle], services: Services) -> dict[str, Any]:
    """Exact and overlapping span P/R/F1 of ``recognize`` after the spaCy annotation."""
    exact = overlap = predicted = gold = 0
    texts = [a.text for a in articles]
    for art, doc in zip(articles, services.nlp.pipe(texts, batch_size=16), strict=True):
        found = recognize(art.text, to_annotation(doc), services.gazetteer)
        spans = {(t.start, t.end) for t in found}
        golds = {(t.start, t.end) for t in art.toponyms}
        predicted += len(spans)
        gold += len(golds)
        exact += len(spans & golds)
        overlap += sum(1 for s, e in spans if any(s < ge and gs < e for gs, ge in golds))
    return {"exact": _prf(exact, predicted, gold), "overlap": _prf(overlap, predicted, gold),
            "predicted": predicted, "gold": gold}


def score_resolution(articles: list[GoldArticle], gazetteer: Gazetteer) -> dict[str, Any]:
    """Accuracy of ``resolve_spans`` on the gold spans that have a gold location."""
    total = exact = within = unresolved = 0
    errors: list[float] = []
    for art in articles:
        tops = [t for t in art.toponyms if t.geonameid is not None and t.lat is not None]
        chosen = resolve_spans(art.text, [(t.start, t.end) for t in tops], gazetteer)
        for gold, cand in zip(tops, chosen, strict=True):
            total += 1
            if cand is None or cand.lat is None or cand.lon is None:
                unresolved += 1
                errors.append(20038.0)  # half the Earth's circumference: the worst error
                continue
            exact += cand.gid == gold.geonameid
            km = haversine_km(cand.lat, cand.lon, gold.lat or 0.0, gold.lon or 0.0)
            errors.append(km)
            within += km <= _MILES_100_KM
    return {
        "toponyms": total,
        "exact_id": round(exact / total, 4) if total else 0.0,
        "acc_161km": round(within / total, 4) if total else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "unresolved": unresolved,
    }


def evaluate_places(data_dir: Path, limit: int | None = None,
                    settings: Settings | None = None) -> dict[str, Any]:
    """Recognition and resolution scores on every corpus present under ``data_dir``.

    ``limit`` caps the articles read per corpus (the full corpora take a few minutes).
    """
    services = Services(settings or load_settings())
    results: dict[str, Any] = {}
    for name, rel in CORPORA.items():
        path = data_dir / rel
        if not path.exists():
            log.warning("corpus %s not found at %s; skipped", name, path)
            continue
        articles = list(read_corpus(path, limit))
        started = time.perf_counter()
        resolution = score_resolution(articles, services.gazetteer)
        recognition = score_recognition(articles, services)
        results[name] = {"articles": len(articles), "recognition": recognition,
                         "resolution": resolution,
                         "seconds": round(time.perf_counter() - started, 1)}
    results["source"] = ("LGL (Lieberman et al.) and TR-News (Kamalloo & Rafiei), as packaged by "
                         "Gritta et al., 'A Pragmatic Guide to Geoparsing Evaluation' (GPL-3.0)")
    return results
