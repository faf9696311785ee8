"""Event types: the taxonomy, the language files' examples, and the triggers in the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.eventtypes import (
    Trigger,
    event_type_info,
    event_type_label,
    event_types,
    find_triggers,
    taxonomy,
    trigger_rules,
)
from events.model import Sentence
from events.resources import available_languages, load_resource
from events.sentences import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "events" / "corpus" / "belarus-treaty-de.txt"


def _whole(text: str) -> Sentence:
    return Sentence(start=0, end=len(text), text=text)


def _found(text: str, lang: str) -> set[tuple[str, str]]:
    return {(t.event_type, t.key) for t in find_triggers(text, _whole(text), lang)}


def _entry_examples(field: str) -> list[tuple[str, str, str, str]]:
    return [
        (lang, entry["type"], entry["key"], example)
        for lang in available_languages()
        for entry in load_resource("event_types", lang).get("triggers", ())
        for example in entry.get(field, ())
    ]


@pytest.mark.parametrize(("lang", "event_type", "key", "text"), _entry_examples("examples"))
def test_language_file_examples(lang: str, event_type: str, key: str, text: str) -> None:
    assert (event_type, key) in _found(text, lang)


@pytest.mark.parametrize(("lang", "event_type", "key", "text"), _entry_examples("counterexamples"))
def test_language_file_counterexamples(lang: str, event_type: str, key: str, text: str) -> None:
    assert (event_type, key) not in _found(text, lang)


def test_taxonomy() -> None:
    assert set(event_types()) >= {
        "treaty", "meeting", "statement", "protest", "strike", "election", "military", "arrest", "ban",
        "independence", "exile", "other",
    }
    assert event_type_info("treaty").cameo_code == "057"
    assert event_type_info("strike").cameo_code == "143"
    assert event_type_info("protest").plover == "PROTEST"
    assert event_type_info("election").cameo_code == ""
    priorities = [event_type_info(t).priority for t in event_types()]
    assert priorities == sorted(priorities, reverse=True)
    assert event_types()[-1] == "other"
    with pytest.raises(KeyError):
        event_type_info("picnic")


@pytest.mark.parametrize("lang", available_languages())
def test_every_type_has_a_label_and_triggers(lang: str) -> None:
    for event_type in event_types():
        assert event_type_label(event_type, lang) != event_type
    triggered = {rule.event_type for rule in trigger_rules(lang)}
    assert triggered == set(event_types()) - {"other"}


def test_labels() -> None:
    assert event_type_label("protest", "de") == "Protest"
    assert event_type_label("treaty", "en") == "Treaty/agreement"


def test_every_key_in_the_taxonomy_is_used_by_every_language() -> None:
    # Keys link sentences across languages, so each language should cover each concept.
    declared = {(info.id, key) for info in taxonomy().values() for key in info.keys}
    for lang in available_languages():
        assert {(rule.event_type, rule.key) for rule in trigger_rules(lang)} == declared, lang


@pytest.fixture(scope="module")
def sample_triggers() -> dict[str, list[Trigger]]:
    text = SAMPLE.read_text(encoding="utf-8")
    return {s.text: find_triggers(text, s, "de") for s in split_sentences(text, "de")}


def _types_in(sample_triggers: dict[str, list[Trigger]], beginning: str) -> list[tuple[str, str, str]]:
    (sentence,) = [s for s in sample_triggers if beginning in s]
    return [(t.event_type, t.text, t.key) for t in sample_triggers[sentence]]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Im August 2020 war es nach der Präsidentschaftswahl",
         [("election", "Präsidentschaftswahl", "election"), ("protest", "Protesten", "protest")]),
        ("seit Ausrufung der Republik Belarus im Jahr 1991",
         [("independence", "Ausrufung der Republik", "proclamation")]),
        ("Ab dem 13. August 2020 traten", [("strike", "Generalstreik", "strike")]),
        ("zehntausende Menschen in Belarus festgenommen",
         [("protest", "Proteste", "protest"), ("arrest", "festgenommen", "arrest")]),
        ("Organisationen in Belarus verboten", [("ban", "verboten", "ban")]),
        ("diente Belarus Anfang 2022 als Aufmarschgebiet",
         [("military", "Aufmarschgebiet", "staging_area")]),
        ("einen Vertrag über „gegenseitige Sicherheitsgarantien“ abgeschlossen",
         [("treaty", "Vertrag", "treaty")]),
        ("musste im Umfeld der Proteste das Land verlassen", [("exile", "das Land verlassen", "exile")]),
        ("Der Urnengang war",
         [("election", "Urnengang", "election"), ("election", "Scheinwahl", "election")]),
    ],
)
def test_sample_sentences(
    sample_triggers: dict[str, list[Trigger]], sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    found = _types_in(sample_triggers, sentence)
    for trigger in expected:
        assert trigger in found


def test_sample_no_election_in_wahrscheinlichkeit(sample_triggers: dict[str, list[Trigger]]) -> None:
    found = _types_in(sample_triggers, "die Wahrscheinlichkeit, dass die belarussischen Truppen")
    assert "election" not in {event_type for event_type, _, _ in found}
    assert ("military", "Truppen im Auftrag von Russland eingesetzt", "troops_used") in found


def test_protest_key_links_inflected_forms(sample_triggers: dict[str, list[Trigger]]) -> None:
    triggers = [t for found in sample_triggers.values() for t in found if t.event_type == "protest"]
    keys = {t.text: t.key for t in triggers}
    assert keys["Protesten"] == keys["Proteste"] == keys["Massendemonstrationen"] == "protest"


def test_headline_treffen_is_not_a_meeting(sample_triggers: dict[str, list[Trigger]]) -> None:
    found = _types_in(sample_triggers, "Lukaschenko treffen Abkommen")
    assert found == [("treaty", "Abkommen", "agreement")]


def test_offsets_are_into_the_full_text() -> None:
    text = "Vorspann. Die Polizei hat am Montag 200 Demonstranten festgenommen."
    (_, second) = split_sentences(text, "de")
    (trigger,) = find_triggers(text, second, "de")
    assert text[trigger.start : trigger.end] == trigger.text == "festgenommen"
    assert trigger.cameo_code == "173"
    assert find_triggers(text, split_sentences(text, "de")[0], "de") == []


def test_longest_trigger_wins() -> None:
    found = find_triggers("Ein Luftangriff traf die Stadt.", _whole("Ein Luftangriff traf die Stadt."), "de")
    assert [(t.key, t.text) for t in found] == [("airstrike", "Luftangriff")]
    text = "A missile strike hit Kyiv."
    found = find_triggers(text, _whole(text), "en")
    assert [(t.event_type, t.key) for t in found] == [("military", "airstrike")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protests erupted in Minsk after the presidential election in August 2020.",
         {("protest", "protest"), ("election", "election")}),
        ("Tens of thousands of people were detained, and about 1,500 organisations were banned.",
         {("arrest", "arrest"), ("ban", "ban")}),
        ("Belarus declared independence in 1991, after the collapse of the Soviet Union.",
         {("independence", "independence"), ("independence", "dissolution")}),
        ("Russia and Belarus signed a treaty on mutual security guarantees in Minsk on December 6, 2024.",
         {("treaty", "treaty"), ("treaty", "signing")}),
        ("In early 2022 Belarus served as a staging area for the Russian invasion of Ukraine.",
         {("military", "staging_area"), ("military", "invasion")}),
    ],
)
def test_english_news_sentences(text: str, expected: set[tuple[str, str]]) -> None:
    assert _found(text, "en") >= expected


def test_edge_cases() -> None:
    assert find_triggers("", Sentence(0, 0, ""), "de") == []
    assert _found("Das Wetter ist schön, die Wahrscheinlichkeit von Regen gering.", "de") == set()
    assert _found("Москва – 😀 Ærø ohne Ereignis.", "de") == set()
