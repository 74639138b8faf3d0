"""Score the events stage on ``../shared/eval/events`` (see its README for sources/licences).

- ``plover``: PLOVER gold standard records (CC BY-SA 4.0): the PLOVER root of the sentence's
  main event against the gold root; accuracy and macro-F1 over the gold classes (an uncoded
  sentence predicts ``none``); ``main_actor``: the country code of that event's actor1 against
  the gold source actor's (GDELT's "main actor" check).
- ``gvdb``: Gun Violence Database articles (Apache-2.0): city, date, killed and injured counts
  of the article's main violent event against the annotated incident. Gold dates are read as
  ISO days: a few records write ``2015-8-23`` for 2015-08-23, which no ISO date could equal.
- ``event_location``: Halterman's event_location (MIT): token precision/recall of the place
  the events stage attaches to each annotated verb.
- ``petrarch``: PETRARCH-2 unit-test and validation sentences (MIT): CAMEO gold codes mapped to
  PLOVER (``CAMEO2PLOVER-2021.txt``); a match when the main event's root is one of them.

Every text runs through the real stages: annotate → actors → places → events.

Example: ``evaluate_events(Path("../shared/eval/events"), limit=300)["plover"]["accuracy"]``.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventatlas.errors import EventAtlasError
from eventatlas.evaluate.actors import actor_code
from eventatlas.model import Analysis, DateValue, Document, Event, Place, stable_id
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings
from eventatlas.stages.actors import find_actors
from eventatlas.stages.annotate import annotate
from eventatlas.stages.event_main import main_event, place_for_verb, violent
from eventatlas.stages.events import find_events
from eventatlas.stages.places import find_places

log = logging.getLogger(__name__)

NONE = "none"
_BATCH = 32


@dataclass(frozen=True)
class GvdbArticle:
    text: str
    published: str | None  # from the URL, when it carries a date
    city: str
    date: str | None
    killed: int
    injured: int


_URL_DATE = re.compile(r"/(20\d\d)/(\d\d?|[a-z]{3})/(\d\d?)/|/(20\d\d)(\d\d)(\d\d)/", re.I)
_MONTHS = {m: i for i, m in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec")
                                       .split(), start=1)}


def _url_date(url: str) -> str | None:
    m = _URL_DATE.search(url)
    if m is None:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    month = int(mo) if mo.isdigit() else _MONTHS.get(mo.lower(), 0)
    if not 1 <= month <= 12 or not 1 <= int(d) <= 31:
        return None
    return f"{y}-{month:02d}-{int(d):02d}"


def _iso_day(value: str | None) -> str | None:
    """``2015-8-23`` → ``2015-08-23``; anything that is not a y-m-d date stays as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else (value or None)


def gvdb_truth(path: Path) -> list[GvdbArticle]:
    """The GVDB articles with the incident's city, date and victim counts (``gvdb_format.txt``:
    killed = victims marked killed; injured = victims injured or hospitalized, not killed)."""
    csv.field_size_limit(1 << 30)
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            info = json.loads(row["Json"])
            when = info.get("date-and-time", {})
            victims = [set(v.get("victim-was") or ()) for v in info.get("victim-section", [])]
            out.append(GvdbArticle(
                text=row["Full text"], published=_url_date(row.get("Article url") or ""),
                city=str((when.get("city") or {}).get("value") or "").strip(),
                date=_iso_day(when.get("date")),
                killed=sum("killed" in v for v in victims),
                injured=sum(bool(v & {"injured", "hospitalized"}) and "killed" not in v
                            for v in victims)))
    return out


@dataclass(frozen=True)
class LocationItem:
    text: str
    verb_start: int
    token_spans: tuple[tuple[int, int], ...]
    gold_tokens: frozenset[int]

    @classmethod
    def of(cls, row: dict[str, Any]) -> LocationItem:
        verb = next(s for s in row["spans"] if s["label"] == "VERB")
        gold = {i for s in row["spans"] if s["label"] == "LOCATION"
                for i in range(s["token_start"], s["token_end"] + 1)}
        spans = tuple((t["start"], t["end"]) for t in row["tokens"])
        return cls(row["text"], int(verb["start"]), spans, frozenset(gold))

    def tokens_in(self, start: int, end: int) -> set[int]:
        return {i for i, (s, e) in enumerate(self.token_spans) if s < end and start < e}


@dataclass(frozen=True)
class PetrarchCase:
    text: str
    roots: frozenset[str]  # gold PLOVER roots; empty for a sentence with no event


def read_cameo_map(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER root, from ``CAMEO2PLOVER-2021.txt``."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            out.setdefault(m.group(1), m.group(2))
    return out


def _cameo_root(code: str, cameo: dict[str, str]) -> str | None:
    for cut in range(len(code), 1, -1):
        if code[:cut] in cameo:
            return cameo[code[:cut]]
    return None


def read_petrarch(path: Path, cameo: dict[str, str]) -> list[PetrarchCase]:
    """Sentences whose gold codings all map to PLOVER (or that code no event at all)."""
    text = path.read_text(encoding="utf-8")
    out = []
    for chunk in re.split(r"<Sentence\b", text)[1:]:
        body = re.search(r"<Text>(.*?)</Text>", chunk, re.S)
        if body is None:
            continue
        codes = re.findall(r'<EventCoding[^>]*eventcode="(\d+)"', chunk)
        noevent = "noevents" in chunk and not codes
        roots = {_cameo_root(c, cameo) for c in codes}
        if (not codes and not noevent) or None in roots:
            continue
        sentence = " ".join(body.group(1).split())
        out.append(PetrarchCase(sentence, frozenset(r for r in roots if r)))
    return out


class _Runner:
    """annotate → actors → places → events over plain texts, in batches."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings, self.services = settings, services

    def ctx(self, section: str) -> StageContext:
        return StageContext(self.settings.section(section), self.services, f"eval.{section}")

    def run(self, texts: list[str], published: list[str | None] | None = None,
            until_places: bool = False) -> list[Analysis | None]:
        out: list[Analysis | None] = []
        dates = published or [None] * len(texts)
        for lo in range(0, len(texts), _BATCH):
            docs = [Analysis(document=_document(t, d))
                    for t, d in zip(texts[lo:lo + _BATCH], dates[lo:lo + _BATCH], strict=True)]
            for item in annotate(docs, self.ctx("annotate")):
                out.append(self._stages(item, until_places))
        return out

    def _stages(self, item: Analysis, until_places: bool) -> Analysis | None:
        try:
            item = find_places(find_actors(item, self.ctx("actors")), self.ctx("places"))
            return item if until_places else find_events(item, self.ctx("events"))
        except (EventAtlasError, ValueError) as exc:
            log.warning("%s: %s", item.document.source, exc)
            return None


def _document(text: str, published: str | None) -> Document:
    value = DateValue(value=published, precision="day", basis="url") if published \
        else DateValue.unknown()
    return Document(id=stable_id("document", text), source="eval", text=text, published=value)


def _sample(items: list[Any], limit: int | None) -> list[Any]:
    """A deterministic sample of ``limit`` items, in their original order."""
    if limit is None or len(items) <= limit:
        return items
    keep = sorted(random.Random(20240501).sample(range(len(items)), limit))
    return [items[i] for i in keep]


def _root(item: Analysis | None) -> str:
    if item is None:
        return NONE
    ev = main_event(item)
    return (ev.plover or NONE) if ev is not None else NONE


def _accuracy_f1(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Accuracy and macro-F1 over the gold classes of (gold, predicted) pairs."""
    n = len(pairs)
    f1s = []
    for cls in sorted({g for g, _ in pairs}):
        tp = sum(1 for g, p in pairs if g == cls and p == cls)
        pred = sum(1 for _, p in pairs if p == cls)
        gold = sum(1 for g, _ in pairs if g == cls)
        prec, rec = (tp / pred if pred else 0.0), tp / gold
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {"accuracy": round(sum(g == p for g, p in pairs) / n, 4) if n else 0.0,
            "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0, "n": n}


def score_plover(path: Path, runner: _Runner, limit: int | None) -> dict[str, Any]:
    records = [r for r in json.loads(path.read_text(encoding="utf-8"))
               if r.get("text") and r.get("event") not in {None, "DOCUMENT"}]
    records = _sample(records, limit)
    items = runner.run([str(r["text"]).strip("{} \n") for r in records])
    pairs = [(str(r["event"]), _root(it)) for r, it in zip(records, items, strict=True)]
    result = _accuracy_f1(pairs)
    result["coded"] = sum(1 for _, p in pairs if p != NONE)
    result["main_actor"] = _main_actor(records, items, runner.services)
    return result


def _main_actor(records: list[dict[str, Any]], items: list[Analysis | None],
                services: Services) -> dict[str, Any]:
    """GDELT's "main actor" check: the country code (ISO3 / IGO / NGO, as the actors suite
    codes it) of our main event's actor1 against the record's first gold source actor, over
    the records that have one. No main event, or no actor1, counts as wrong."""
    hits = n = 0
    for record, item in zip(records, items, strict=True):
        gold = next((str(a["code"]) for a in record.get("source") or ()
                     if isinstance(a, dict) and a.get("code")), None)
        if gold is None:
            continue
        n += 1
        ev = main_event(item) if item is not None else None
        actor = next((a for a in item.actors if ev is not None and a.id == ev.actor1), None) \
            if item is not None else None
        hits += actor is not None and actor_code(actor, services.actor_registry) == gold
    return {"accuracy": round(hits / n, 4) if n else 0.0, "n": n}


def score_petrarch(folder: Path, runner: _Runner, limit: int | None) -> dict[str, Any]:
    cameo = read_cameo_map(folder.parent / "CAMEO2PLOVER-2021.txt")
    aliases = runner.services.lexicon.plover_aliases.get("2021", {})
    out: dict[str, Any] = {}
    for name, file in (("unit_tests", "PETR.UnitTest.records.xml"),
                       ("gsr", "PETR2_GSR_validation.xml")):
        if not (folder / file).exists():
            continue
        cases = _sample(read_petrarch(folder / file, cameo), limit)
        items = runner.run([c.text for c in cases])
        hits = 0
        for case, item in zip(cases, items, strict=True):
            root = _root(item)
            hits += aliases.get(root, root) in (case.roots or {NONE})
        out[name] = {"coding_match": round(hits / len(cases), 4) if cases else 0.0,
                     "n": len(cases)}
    return out


def _place_names(place: Place) -> set[str]:
    return {place.name.lower(), *(m.text.lower() for m in place.mentions)}


def _gvdb_prediction(item: Analysis) -> tuple[Event | None, int, int]:
    events = [e for e in item.events if violent(e) and not e.historical]
    killed = max((e.fatalities or 0 for e in events), default=0)
    injured = max((e.injured or 0 for e in events), default=0)
    located = [e for e in events if e.place is not None]
    return (located[0] if located else None), killed, injured


def score_gvdb(path: Path, runner: _Runner, limit: int | None) -> dict[str, Any]:
    articles = _sample(gvdb_truth(path), limit)
    items = runner.run([a.text for a in articles], [a.published for a in articles])
    loc = loc_n = day = day_n = killed = injured = 0
    for art, item in zip(articles, items, strict=True):
        ev, n_killed, n_injured = _gvdb_prediction(item) if item else (None, 0, 0)
        killed += n_killed == art.killed
        injured += n_injured == art.injured
        if art.city:
            loc_n += 1
            place = next((p for p in item.places if ev and p.id == ev.place), None) \
                if item else None
            loc += place is not None and art.city.lower() in _place_names(place)
        if art.date:
            day_n += 1
            day += _date_hit(art, item)
    n = len(articles)
    return {"location_accuracy": round(loc / loc_n, 4) if loc_n else 0.0,
            "date_accuracy": round(day / day_n, 4) if day_n else 0.0,
            "killed_accuracy": round(killed / n, 4) if n else 0.0,
            "injured_accuracy": round(injured / n, 4) if n else 0.0, "n": n}


def _date_hit(art: GvdbArticle, item: Analysis | None) -> bool:
    if item is None:
        return False
    dated = [e for e in item.events if violent(e) and e.date.precision == "day"]
    return bool(dated) and dated[0].date.start == art.date


def _read_locations(path: Path) -> list[LocationItem]:
    raw = gzip.open(path, "rt", encoding="utf-8").read()
    try:
        rows: Iterable[dict[str, Any]] = json.loads(raw)
    except json.JSONDecodeError:
        rows = (json.loads(line) for line in raw.splitlines() if line.strip())
    return [LocationItem.of(r) for r in rows if any(s["label"] == "VERB" for s in r["spans"])]


def score_event_location(path: Path, runner: _Runner, limit: int | None) -> dict[str, Any]:
    items = _sample(_read_locations(path), limit)
    texts = sorted({it.text for it in items})
    analysed = dict(zip(texts, runner.run(texts, until_places=True), strict=True))
    tp = predicted = gold = 0
    for it in items:
        analysis = analysed[it.text]
        found: set[int] = set()
        if analysis is not None:
            span = place_for_verb(analysis, it.verb_start, runner.services.lexicon)
            if span is not None:
                found = it.tokens_in(*span)
        tp += len(found & it.gold_tokens)
        predicted += len(found)
        gold += len(it.gold_tokens)
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "n": len(items)}


def evaluate_events(data_dir: Path, limit: int | None = None,
                    settings: Settings | None = None) -> dict[str, Any]:
    """Scores on every events corpus under ``data_dir``; ``limit`` caps each corpus's items
    (a deterministic sample; the event_location set is sampled to ``4 * limit`` sentences)."""
    settings = settings or load_settings()
    runner = _Runner(settings, Services(settings))
    results: dict[str, Any] = {}
    jobs = (("plover", "plover_gsr_dev.json", score_plover, limit),
            ("gvdb", "gvdb_dev.tsv", score_gvdb, limit),
            ("event_location", "event_location_dev.json.gz", score_event_location,
             None if limit is None else 4 * limit),
            ("petrarch", "petrarch", score_petrarch, limit))
    for name, rel, scorer, cap in jobs:
        path = data_dir / rel
        if not path.exists():
            log.warning("%s not found at %s; skipped", name, path)
            continue
        results[name] = scorer(path, runner, cap)
    results["source"] = ("PLOVER GSR (CC BY-SA 4.0), GVDB (Apache-2.0), Halterman "
                         "event_location (MIT), PETRARCH-2 (MIT); see ../shared/eval/README.md")
    return results


