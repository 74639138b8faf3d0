"""Score the actors stage on PLOVER gold records and GVDB articles (``../shared/eval/events``).

- ``plover``: each gold source/target actor of ``plover_gsr_dev.json`` (its ``actorText`` is
  found in the sentence) is matched to our actor whose mention overlaps that text (the one
  ending last, i.e. at the phrase's head). ``country`` accuracy compares the gold code with our
  code (``Actor.country`` ISO2 → ISO3 with pycountry; international organisations → ``IGO``, non-
  governmental ones → ``NGO``); ``sector`` accuracy is over the gold actors that carry a sector,
  comparing its first three letters with ``actor_sector`` below. A gold actor with no actor of
  ours counts as wrong in both (``found`` says how many were found at all).
- ``gvdb``: in the articles whose shooter/victim sections name people, precision and recall of
  those names among our ``person`` actors; a name matches when the word set of one (initials
  dropped) contains the other's, so "Caskey" and "Caitlin L. Caskey" match.

Sector mapping (CAMEO agent codes), documented here because it is this scorer's choice:
registry ``sector`` when the registry gives one; else, for a non-person, words of its name
(intelligence → SPY, parliament/assembly → LEG, court/judges → JUD, school/university → EDU);
else a person's roles (government titles →
GOV, military ranks → MIL, police → COP, rebel/militant words → REB, opposition → OPP, judge →
JUD); else the kind: state → GOV, state_forces → MIL (COP for police, SPY for intelligence),
armed_group → REB, political → OPP, media → JRN, other → CVL (REF for refugees),
organization → none.

Example: ``evaluate_actors(Path("../shared/eval/events"), limit=100)["plover"]["country"]``.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from eventatlas.model import Actor, Analysis, DateValue, Document, stable_id
from eventatlas.pipeline import StageContext
from eventatlas.services import Services
from eventatlas.settings import Settings, load_settings
from eventatlas.stages.actor_registry import ActorRegistry
from eventatlas.stages.actors import find_actors
from eventatlas.stages.annotate import annotate
from eventatlas.stages.name_keys import fold

log = logging.getLogger(__name__)

PLOVER_FILE = "plover_gsr_dev.json"
GVDB_FILE = "gvdb_dev.tsv"

_ROLE_SECTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (sector, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for sector, words in (
        ("COP", r"police|policeman|policemen|sheriff|detective|officer|trooper|constable"),
        ("REB", r"rebel|militant|insurgent|guerrilla|warlord|jihadist"),
        ("OPP", r"opposition|dissident"),
        ("JUD", r"judge|justice|prosecutor|court"),
        ("GOV", r"secretary[- ]general|attorney general"),
        ("MIL", (r"(?<!secretary )(?<!secretary-)general|gen\.|colonel|col\.|major|captain|lieutenant|sergeant|admiral|"
                r"marshal|commander|army chief|chief of staff|military")),
        ("GOV", (r"president|minister|secretary|king|queen|prince|emir|sultan|chancellor|"
                r"premier|governor|mayor|ambassador|envoy|spokesman|spokeswoman|"
                r"spokesperson|official|negotiator|senator|diplomat|head of state|"
                r"government|leader")),
    )
)
_NAME_SECTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (sector, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for sector, words in (
        ("SPY", r"intelligence|secret service"),
        ("LEG", r"parliament|legislature|lawmakers|legislators|assembly|senate|congress"),
        ("JUD", r"court|courts|judiciary|judges?|prosecutors?"),
        ("EDU", r"university|school|college|teachers|students"),
    )
)
_KIND_SECTORS = {"state": "GOV", "state_forces": "MIL", "armed_group": "REB",
                 "political": "OPP", "media": "JRN", "other": "CVL"}


def _prf(tp_p: int, predicted: int, tp_g: int, gold: int) -> dict[str, float]:
    p = tp_p / predicted if predicted else 0.0
    r = tp_g / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _iso3(alpha2: str | None) -> str | None:
    if not alpha2:
        return None
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else None


def _registry_keys(registry: ActorRegistry) -> dict[str, str]:
    """Actor id → registry key, for actors the registry resolved."""
    return {stable_id("actor", "registry", k): k for k in registry.actors}


def actor_sector(actor: Actor, registry: ActorRegistry) -> str | None:
    """The CAMEO sector this scorer reads off an actor (see the module docstring)."""
    key = _registry_keys(registry).get(actor.id)
    if key is not None and registry.actors[key].sector:
        return registry.actors[key].sector
    text = " ".join((actor.name, *actor.roles)) if actor.kind != "person" else " ".join(
        actor.roles)
    if actor.kind in {"person", "state_forces", "state", "organization"}:
        for sector, pattern in _NAME_SECTORS:
            if pattern.search(actor.name) and actor.kind != "person":
                return sector
        for sector, pattern in _ROLE_SECTORS:
            if pattern.search(text) and (actor.kind == "person" or sector == "COP"):
                return sector
    if re.search(r"\brefugees?\b", actor.name, re.IGNORECASE):
        return "REF"
    return _KIND_SECTORS.get(actor.kind)


def actor_code(actor: Actor, registry: ActorRegistry) -> str | None:
    """ISO3 of the actor's country; IGO / NGO for international organisations and for a person
    titled as one's officer ("Arab League Secretary General X": CAMEO codes the role)."""
    keys = _registry_keys(registry)
    for link in actor.affiliations if actor.kind == "person" else ():
        org = keys.get(link.target)
        if link.type == "membership" and org and registry.actors[org].sector in {"IGO", "NGO"}:
            return registry.actors[org].sector
    code = _iso3(actor.country)
    if code is not None:
        return code
    key = keys.get(actor.id)
    if key is not None and registry.actors[key].sector in {"IGO", "NGO"}:
        return registry.actors[key].sector
    return None


def analyse(texts: list[tuple[str, str | None]], services: Services,
            settings: Settings) -> Iterator[Analysis]:
    """annotate + actors over (text, ISO date) pairs, in batches."""
    annotate_ctx = StageContext(settings.section("annotate"), services, "eval.annotate")
    actors_ctx = StageContext(settings.section("actors"), services, "eval.actors")
    size = 32
    for n in range(0, len(texts), size):
        items = []
        for text, day in texts[n : n + size]:
            published = DateValue(value=day, precision="day", basis="meta") if day else \
                DateValue.unknown()
            doc = Document(id=stable_id("document", text), source="eval", text=text,
                           published=published)
            items.append(Analysis(document=doc))
        for item in annotate(items, annotate_ctx):
            yield find_actors(item, actors_ctx)


@dataclass(frozen=True)
class GoldActor:
    start: int
    end: int
    code: str
    sector: str | None


def _locate(text: str, actor_text: str) -> tuple[int, int] | None:
    parts = [p.strip(" '’") for p in actor_text.split("...") if p.strip()]
    parts = [re.sub(r"\s+", " ", re.sub(r"(?:'s|’s)$", "", p)) for p in parts]
    flat = re.sub(r"\s+", " ", text)
    if not parts or len(flat) != len(text):
        flat = text
    spans = [(i, i + len(p)) for p in parts if (i := flat.find(p)) >= 0]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def read_plover(path: Path, limit: int | None
                ) -> list[tuple[str, str | None, list[GoldActor]]]:
    """(text, date, gold actors) per PLOVER record with a text."""
    out = []
    for record in json.loads(path.read_text("utf-8")):
        text = str(record.get("text") or "")
        if not text:
            continue
        gold = []
        for side in ("source", "target"):
            for raw in record.get(side) or ():
                if not isinstance(raw, dict) or not raw.get("code"):
                    continue
                span = _locate(text, str(raw.get("actorText", "")))
                sector = str(raw.get("sector") or "")[:3].upper()
                if span is not None:
                    gold.append(GoldActor(span[0], span[1], str(raw["code"]),
                                          sector if sector.isalpha() else None))
        out.append((text, str(record.get("date") or "") or None, gold))
        if limit is not None and len(out) >= limit:
            break
    return out


def _matching_actor(item: Analysis, gold: GoldActor) -> Actor | None:
    best: tuple[int, Actor] | None = None
    for actor in item.actors:
        for m in actor.mentions:
            if m.start < gold.end and gold.start < m.end and (best is None or m.end > best[0]):
                best = (m.end, actor)
    return best[1] if best else None


def score_plover(path: Path, limit: int | None, services: Services,
                 settings: Settings) -> dict[str, Any]:
    records = read_plover(path, limit)
    registry = services.actor_registry
    total = found = code_ok = sector_total = sector_ok = 0
    items = analyse([(t, d) for t, d, _ in records], services, settings)
    for (_, _, golds), item in zip(records, items, strict=True):
        for gold in golds:
            total += 1
            actor = _matching_actor(item, gold)
            found += actor is not None
            code_ok += actor is not None and actor_code(actor, registry) == gold.code
            if gold.sector:
                sector_total += 1
                sector_ok += actor is not None and actor_sector(actor, registry) == gold.sector
    return {"records": len(records), "gold_actors": total,
            "found": {"recall": round(found / total, 4) if total else 0.0},
            "country": {"accuracy": round(code_ok / total, 4) if total else 0.0},
            "sector": {"accuracy": round(sector_ok / sector_total, 4) if sector_total else 0.0,
                       "gold": sector_total}}


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in fold(name).split() if len(w) > 1)


def names_match(a: str, b: str) -> bool:
    """Whether two person names name one person: one's words contain the other's."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def read_gvdb(path: Path, limit: int | None) -> list[tuple[str, str | None, list[str]]]:
    """(text, date, gold names) per GVDB article whose shooters or victims are named."""
    csv.field_size_limit(1 << 27)
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            info = json.loads(row.get("Json") or "{}")
            names: list[str] = []
            for section in ("shooter-section", "victim-section"):
                for person in info.get(section) or ():
                    value = str((person.get("name") or {}).get("value") or "").strip()
                    if value and not any(names_match(value, n) for n in names):
                        names.append(value)
            if names:
                day = (info.get("date-and-time") or {}).get("date")
                out.append((row.get("Full text") or "", str(day) if day else None, names))
                if limit is not None and len(out) >= limit:
                    break
    return out


def score_gvdb(path: Path, limit: int | None, services: Services,
               settings: Settings) -> dict[str, Any]:
    articles = read_gvdb(path, limit)
    predicted = tp_pred = gold_total = tp_gold = 0
    items = analyse([(t, d) for t, d, _ in articles], services, settings)
    for (_, _, golds), item in zip(articles, items, strict=True):
        people = [a for a in item.actors if a.kind == "person"]
        spellings = [(a.name, *a.aliases) for a in people]
        predicted += len(people)
        tp_pred += sum(1 for names in spellings
                       if any(names_match(n, g) for n in names for g in golds))
        gold_total += len(golds)
        tp_gold += sum(1 for g in golds
                       if any(names_match(n, g) for names in spellings for n in names))
    return {"articles": len(articles), "gold_names": gold_total, "predicted_people": predicted,
            "names": _prf(tp_pred, predicted, tp_gold, gold_total)}


def evaluate_actors(data_dir: Path, limit: int | None = None,
                    settings: Settings | None = None) -> dict[str, Any]:
    """PLOVER actor coding and GVDB person names, for the files present under ``data_dir``.

    ``limit`` caps the records read from each file (PLOVER sentences, GVDB named articles).
    """
    settings = settings or load_settings()
    services = Services(settings)
    scores: dict[str, Any] = {}
    for name, rel, scorer in (("plover", PLOVER_FILE, score_plover),
                              ("gvdb", GVDB_FILE, score_gvdb)):
        path = data_dir / rel
        if not path.exists():
            log.warning("%s not found at %s; skipped", name, path)
            continue
        started = time.perf_counter()
        scores[name] = scorer(path, limit, services, settings)
        scores[name]["seconds"] = round(time.perf_counter() - started, 1)
    return {"scores": scores,
            "source": "PLOVER gold standard records (OEDA, CC BY-SA 4.0); Gun Violence Database "
                      "(Pavlick et al. 2016; splits of Ebner et al. 2020, Apache-2.0)"}
