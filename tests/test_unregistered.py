"""People not in the actor registry: found by a given name or a title, never by capitals alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.actors import find_actor_mentions, load_registry
from events.corpus import load_sample
from events.people import VIA_UNREGISTERED, find_unregistered_people, people_between
from events.resources import available_languages, load_resource
from events.sentences import split_sentences

DATA = Path(__file__).parent / "data"


def people(text: str, lang: str, extra: dict | None = None) -> list[tuple[str, str]]:
    registry = load_registry(lang, extra)
    registered = find_actor_mentions(text, split_sentences(text, lang), registry)
    found = find_unregistered_people(text, registry, registered)
    assert all(m.via == VIA_UNREGISTERED and text[m.start : m.end] == m.text for m in found)
    return [(m.actor, m.text) for m in found]


def _examples() -> list[tuple[str, str, list[str]]]:
    return [
        (lang, example["text"], example["people"])
        for lang in available_languages()
        for example in load_resource("people", lang).get("examples", ())
    ]


@pytest.mark.parametrize(("lang", "text", "expected"), _examples())
def test_language_file_examples(lang: str, text: str, expected: list[str]) -> None:
    assert [actor for actor, _ in people(text, lang)] == expected


def test_the_sample_offers_the_historian_and_no_sources_or_nouns() -> None:
    sample = load_sample()
    # The article later writes "Friedmann": a misspelt surname is not taken for him.
    assert people(sample.text, "de") == [("Alexander Friedman", "Alexander Friedman")]


def test_surname_and_genitive_after_the_full_name_are_the_same_person() -> None:
    text = ("Der Politologe Artyom Schraibman erwartet wenig. Schraibmans Analyse ist klar: "
            "Schraibman hält den Vertrag für Symbolik.")
    assert people(text, "de") == [
        ("Artyom Schraibman", "Artyom Schraibman"), ("Artyom Schraibman", "Schraibmans"),
        ("Artyom Schraibman", "Schraibman"),
    ]


def test_english_possessive_is_not_part_of_the_name() -> None:
    assert people("Analyst Artyom Shraibman's view: Shraibman expects little.", "en") == [
        ("Artyom Shraibman", "Artyom Shraibman"), ("Artyom Shraibman", "Shraibman"),
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Die Regierung in Minsk erklärte am Montag, der Vertrag trete Anfang 2025 in Kraft.", "de"),
        ("Nach Angaben von ntv.de und dem Tagesspiegel reiste die Delegation weiter.", "de"),
        ("Der Präsident Frankreichs und der Präsident Kolumbiens telefonierten.", "de"),
        ("Die Friedrich-Ebert-Stiftung und das Max-Planck-Institut luden ein.", "de"),
        ("Wladimir Putin und Alexander Lukaschenko trafen sich; Außenminister Lawrow schwieg.", "de"),
        ("Foreign Minister Says Talks Failed As Protests Grow", "en"),
        ("The Roman Catholic Church and the Christian Democrats met in May.", "en"),
    ],
)
def test_no_person_without_a_cue_or_when_registered(text: str, lang: str) -> None:
    assert people(text, lang) == []


def test_a_registered_name_is_not_offered_again_and_a_user_file_registers() -> None:
    text = "Oppositionspolitikerin Maria Kolesnikowa wurde verurteilt."
    assert people(text, "de") == [("Maria Kolesnikowa", "Maria Kolesnikowa")]
    extra = {"actor": [{"name": "Maria Kalesnikava", "kind": "person"}],
             "de": {"aliases": {"Maria Kalesnikava": ["Maria Kolesnikowa"]}}}
    assert people(text, "de", extra) == []


def test_people_between_lists_each_name_once_in_order() -> None:
    text = "Alexander Friedman und Sergei Rjabkow. Friedman sprach."
    registry = load_registry("de")
    found = find_unregistered_people(text, registry, [])
    assert people_between(found, 0, 38) == ["Alexander Friedman", "Sergei Rjabkow"]
    assert people_between(found, 39, len(text)) == ["Alexander Friedman"]


def test_english_test_article_names_only_people() -> None:
    text = (DATA / "belarus-treaty-en.txt").read_text(encoding="utf-8")
    assert all(" " in actor or actor[0].isupper() for actor, _ in people(text, "en"))
