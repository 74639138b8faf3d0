"""Loading a user's GeoNames dump into a copy of the cached index (invented rows, real format)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventatlas.errors import BadDumpFile
from eventatlas.services import Services
from eventatlas.settings import PlacesSettings
from eventatlas.stages.gazetteer import Gazetteer
from eventatlas.stages.geonames_dump import feature_of, load_dump

DUMP = Path(__file__).resolve().parents[1] / "fixtures" / "geonames" / "XX.txt"


@pytest.fixture()
def config(services: Services, tmp_path: Path) -> PlacesSettings:
    """A cache folder holding a private copy of the session's index (the load rewrites it)."""
    index = services.gazetteer.path
    shutil.copyfile(index, tmp_path / index.name)
    return PlacesSettings(cache_dir=str(tmp_path), min_population=services.settings.places
                          .min_population)


def test_dump_adds_villages_passes_tunnels_rivers_and_mountains(config: PlacesSettings) -> None:
    assert load_dump(DUMP, config) == 5
    gaz = Gazetteer.load(config)
    village = gaz.lookup("Zarvandi Kalay")[0]
    assert (village.feature, village.country, village.admin1_code) == ("city", "AF", "AF.40")
    assert village.admin1 is not None  # the division's name, from the embedded index
    assert gaz.lookup("Zarvand Pass")[0].feature == "natural"
    assert gaz.lookup("Zarvand Tunnel")[0].feature == "facility"
    assert gaz.lookup("Zarvand River")[0].ref == "geonames:9900004"
    assert gaz.lookup("Mount Tirvand")[0].lat == pytest.approx(35.3)


def test_dump_keeps_existing_entries_and_skips_countries(config: PlacesSettings) -> None:
    load_dump(DUMP, config)
    gaz = Gazetteer.load(config)
    assert not gaz.lookup("Invented Republic")
    assert not gaz.lookup("Kabul Duplicate")  # the embedded Kabul is kept as it was
    assert len([c for c in gaz.lookup("Kabul") if c.gid == 1138958]) == 1


def test_loading_twice_adds_nothing_the_second_time(config: PlacesSettings) -> None:
    assert load_dump(DUMP, config) == 5
    assert load_dump(DUMP, config) == 0


def test_file_in_another_format_is_refused_and_index_untouched(config: PlacesSettings,
                                                              tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("name,lat,lon\nSomewhere,1,2\n", encoding="utf-8")
    before = Gazetteer.load(config).path.read_bytes()
    with pytest.raises(BadDumpFile):
        load_dump(bad, config)
    with pytest.raises(BadDumpFile):
        load_dump(tmp_path / "missing.txt", config)
    assert Gazetteer.load(config).path.read_bytes() == before


def test_feature_mapping_follows_class_then_code() -> None:
    assert feature_of("A", "ADM1") == "admin1"
    assert feature_of("A", "PCLI") is None
    assert feature_of("P", "PPLX") == "city"
    assert feature_of("H", "LK") == "natural"
    assert feature_of("S", "AIRP") == "facility"
