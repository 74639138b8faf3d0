"""Extend the cached gazetteer with a user's GeoNames dump (``allCountries.txt``, ``AF.txt``).

The embedded index holds towns of 500 people and more; the full dump adds villages,
mountains, passes, tunnels, rivers and the rest. Rows are read from GeoNames' tab-separated
main table (19 columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
feature class, feature code, country code, cc2, admin1 … admin4, population, …), mapped to
eventatlas features by ``geonames_features`` in ``resources/places_extra.yaml``, and merged
into the cached index: entries it already holds are kept as they are. The merge writes a copy
and swaps it in, so readers never see half a load. A later index version (a package upgrade)
is built without the dump: load it again then.

Example: ``load_dump(Path("AF.txt"), PlacesSettings())`` → ``41873`` (places added).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from eventatlas.errors import BadDumpFile
from eventatlas.settings import PlacesSettings
from eventatlas.stages.gazetteer import (
    VIA_ALT,
    VIA_NAME,
    Gazetteer,
    extra_data,
    is_latin,
    normalize,
)

log = logging.getLogger(__name__)

_COLUMNS = 19
_BATCH = 5000
_MAX_ALTERNATES = 60  # alternate names kept per row (some rows list hundreds)

Row = tuple[int, str, str, str, str | None, str | None, str | None, float, float, int]


def feature_of(feature_class: str, feature_code: str) -> str | None:
    """The eventatlas feature for a GeoNames class and code; None for rows not loaded."""
    table = extra_data()["geonames_features"]
    feature = table["codes"].get(f"{feature_class}.{feature_code}")
    if feature is None:
        feature = table["classes"].get(feature_class, "other")
    return None if feature == "skip" else str(feature)


def load_dump(path: Path, config: PlacesSettings) -> int:
    """Merge the rows of a GeoNames dump file into the cached index; the number of places added.

    Raises ``BadDumpFile`` when the file is missing or holds no row in the GeoNames format.
    """
    if not path.is_file():
        raise BadDumpFile(f"{path}: no such file")
    index = Gazetteer.load(config).path
    fd, tmp = tempfile.mkstemp(prefix=index.name, suffix=".tmp", dir=index.parent)
    os.close(fd)
    try:
        shutil.copyfile(index, tmp)
        con = sqlite3.connect(tmp)
        try:
            added, good, bad = _merge(con, path)
        finally:
            con.close()
        if good == 0 and bad > 0:
            raise BadDumpFile(f"{path}: {bad} line(s), none in the GeoNames main-table format")
        os.chmod(tmp, 0o644)
        os.replace(tmp, index)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log.info("merged %d place(s) from %s into %s (%d line(s) skipped as malformed)",
             added, path, index, bad)
    return added


def _merge(con: sqlite3.Connection, path: Path) -> tuple[int, int, int]:
    """(places added, well-formed rows, malformed lines)."""
    known = {gid for (gid,) in con.execute("SELECT gid FROM places WHERE gid > 0")}
    admin1 = dict(con.execute("SELECT admin1_code, name FROM places WHERE feature = 'admin1'"))
    next_id = (con.execute("SELECT MAX(rowid) FROM places").fetchone()[0] or 0) + 1
    added = good = bad = 0
    places: list[tuple[object, ...]] = []
    names: list[tuple[str, int, int]] = []
    for parsed in _rows(path):
        if parsed is None:
            bad += 1
            continue
        row, aliases = parsed
        good += 1
        if row[0] in known:
            continue
        known.add(row[0])
        gid, ref, name, feature, country, _, code, lat, lon, pop = row
        places.append((next_id, gid, ref, name, feature, country, admin1.get(code or ""), code,
                       lat, lon, pop))
        names.extend((key, next_id, via) for key, via in aliases)
        next_id += 1
        added += 1
        if len(places) >= _BATCH:
            _write(con, places, names)
    _write(con, places, names)
    return added, good, bad


def _write(con: sqlite3.Connection, places: list[tuple[object, ...]],
           names: list[tuple[str, int, int]]) -> None:
    with con:
        con.executemany("INSERT INTO places (rowid, gid, ref, name, feature, country, admin1,"
                        " admin1_code, lat, lon, population) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        places)
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
    places.clear()
    names.clear()


def _rows(path: Path) -> Iterator[tuple[Row, list[tuple[str, int]]] | None]:
    """Each line as (row, lookup names), None for a malformed line; skipped features omitted."""
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for line in fh:
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) < _COLUMNS - 4:  # trailing columns (elevation, timezone…) may be cut
                if line.strip():
                    yield None
                continue
            try:
                gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError:
                yield None
                continue
            feature = feature_of(cols[6], cols[7])
            if feature is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            country = cols[8] or None
            code = f"{cols[8]}.{cols[10]}" if cols[8] and cols[10] else None
            row: Row = (gid, f"geonames:{gid}", cols[1], feature, country, None, code,
                        lat, lon, pop)
            yield row, _names(cols[1], cols[2], cols[3])


def _names(name: str, ascii_name: str, alternates: str) -> list[tuple[str, int]]:
    out = {normalize(name): VIA_NAME, normalize(ascii_name): VIA_NAME}
    for alt in alternates.split(",")[:_MAX_ALTERNATES]:
        if alt and is_latin(alt) and not (alt.isupper() and len(alt) <= 4) and "://" not in alt:
            out.setdefault(normalize(alt), VIA_ALT)
    return [(k, v) for k, v in out.items() if k and not k.isdigit()]
