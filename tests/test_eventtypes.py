"""Event types: the taxonomy, the language files' examples, and the triggers in the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.eventtypes import (
    Trigger,
    current_type,
    event_family,
    event_type_info,
    event_type_label,
    event_types,
    families,
    family_label,
    find_triggers,
    naming_triggers,
    taxonomy,
    trigger_rules,
    types_of_family,
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
        "treaty", "ratification", "law", "election", "military_exercise", "deployment", "attack", "arrest", "ban",
        "strike", "protest", "meeting", "statement", "independence", "exile", "commemoration", "other",
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


PLOVER_2021 = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
               "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def test_the_plover_categories_are_the_backbone() -> None:
    plover = [family.id for family in families().values() if family.is_plover]
    assert plover == list(PLOVER_2021)
    # Every PLOVER category has at least one type an analyst can pick; every type sits in a known family.
    assert all(types_of_family(family) for family in PLOVER_2021)
    assert {event_family(t) for t in event_types()} <= set(families())
    assert event_family("attack") == "ASSAULT" and event_family("military_exercise") == "MOBILIZE"
    assert event_family("treaty") == event_family("ratification") == "SUPPORT"
    assert event_family("statement") == "STATEMENT" and event_type_info("statement").plover == ""
    assert event_family("other") == "OTHER"


def test_every_type_has_its_cameo_code_where_cameo_has_one() -> None:
    cameo = {info.id: info.cameo_code for info in taxonomy().values()}
    uncoded = {t for t, code in cameo.items() if not code}
    # CAMEO codes interactions between actors: a state's own politics, commemorations and disasters it leaves out.
    assert {event_family(t) for t in uncoded} <= {"POLITICS", "COMMEMORATE", "INCIDENT", "OTHER"}
    for t, code in cameo.items():
        assert code == "" or (code.isdigit() and 2 <= len(code) <= 4), t


def test_a_renamed_type_keeps_working() -> None:
    assert current_type("military") == "attack"
    assert event_type_info("military") == event_type_info("attack")
    assert event_type_label("military", "de") == event_type_label("attack", "de")
    assert "military" not in event_types()


@pytest.mark.parametrize("lang", available_languages())
def test_every_family_has_a_label(lang: str) -> None:
    for family in families():
        assert family_label(family, lang) != family
    with pytest.raises(KeyError):
        family_label("PICNIC", lang)


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
         [("deployment", "Aufmarschgebiet", "staging_area")]),
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
    assert ("deployment", "Truppen im Auftrag von Russland eingesetzt", "troops_used") in found


def test_protest_key_links_inflected_forms(sample_triggers: dict[str, list[Trigger]]) -> None:
    triggers = [t for found in sample_triggers.values() for t in found if t.event_type == "protest"]
    keys = {t.text: t.key for t in triggers}
    assert keys["Protesten"] == keys["Proteste"] == keys["Massendemonstrationen"] == "protest"


def test_headline_treffen_is_not_a_meeting(sample_triggers: dict[str, list[Trigger]]) -> None:
    found = _types_in(sample_triggers, "Lukaschenko treffen Abkommen")
    assert found == [("treaty", "Abkommen", "agreement")]


def test_offsets_are_into_the_full_text() -> None:
    text = "Vorspann. Die Polizei hat am Montag 200 Menschen festgenommen."
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
    assert [(t.event_type, t.key) for t in found] == [("attack", "airstrike")]


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
         {("deployment", "staging_area"), ("attack", "invasion")}),
    ],
)
def test_english_news_sentences(text: str, expected: set[tuple[str, str]]) -> None:
    assert _found(text, "en") >= expected


def test_edge_cases() -> None:
    assert find_triggers("", Sentence(0, 0, ""), "de") == []
    assert _found("Das Wetter ist schön, die Wahrscheinlichkeit von Regen gering.", "de") == set()
    assert _found("Москва – 😀 Ærø ohne Ereignis.", "de") == set()


def _naming(text: str, lang: str) -> list[tuple[str, str]]:
    return [(t.event_type, t.text) for t in naming_triggers(find_triggers(text, _whole(text), lang))]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # A light trigger yields to the happening: "signed a decree" is a decree, not a treaty.
        ("Putin signed a decree on the new nuclear doctrine on Tuesday.", "en",
         [("law", "decree"), ("law", "doctrine")]),
        ("Putin unterzeichnete am Dienstag ein Dekret.", "de", [("law", "Dekret")]),
        ("Rebels captured Brega, a spokesman said on Monday.", "en", [("occupation", "captured")]),
        # Alone, a light trigger still names the event.
        ("The two presidents signed on Friday.", "en", [("treaty", "signed")]),
        ("\"This is a document,\" the historian said on Monday.", "en", [("statement", "said")]),
        # A dominant trigger makes the others what it is about: an anniversary of a founding is no founding.
        ("On Sunday they marked the 25th anniversary of the founding of the Union State.", "en",
         [("commemoration", "anniversary")]),
        ("Am Sonntag feierten sie den 25. Jahrestag der Gründung des Unionsstaates.", "de",
         [("commemoration", "Jahrestag")]),
    ],
)
def test_naming_triggers(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert _naming(text, lang) == expected


def test_a_framing_trigger_makes_the_happening_after_it_its_object() -> None:
    assert _naming("The State Duma ratified the security treaty on Wednesday.", "en") == [
        ("ratification", "ratified")]
    assert _naming("The UN condemned the attack on Monday.", "en") == [("accusation", "condemned")]
    # Before the framing verb it is a happening of its own ("the attack, which ...").
    assert ("attack", "attack") in _naming("The attack on Kyiv was condemned by the UN.", "en")
    # German puts the object before the verb too: within the clause, either side.
    text = "Die Staatsduma hat am Mittwoch den Sicherheitsvertrag ratifiziert."
    triggers = find_triggers(text, _whole(text), "de")
    assert [(t.event_type, t.text) for t in naming_triggers(triggers, [(0, len(text))], objects_before=True)] == [
        ("ratification", "ratifiziert")]
    assert ("treaty", "Sicherheitsvertrag") in [(t.event_type, t.text) for t in naming_triggers(triggers)]


@pytest.mark.parametrize("lang", available_languages())
def test_the_first_letter_index_finds_what_trying_every_rule_finds(lang: str) -> None:
    # Rules are tried only where a match can start with the letter found; trying every rule everywhere must
    # find nothing more on every example of the language file.
    texts = [e for entry in load_resource("event_types", lang)["triggers"] for e in entry.get("examples", ())]
    for text in texts:
        exhaustive = {
            (m.start(), m.end(), rule.key)
            for rule in trigger_rules(lang)
            for start in range(len(text))
            if (m := rule.pattern.match(text, start)) and m.group().casefold() not in rule.exclude
        }
        found = {(t.start, t.end, t.key) for t in find_triggers(text, _whole(text), lang)}
        assert found <= exhaustive
        # Every word of the exhaustive search that no longer one covers is found.
        longest = {x for x in exhaustive if not any(o[0] <= x[0] and x[1] <= o[1] and o != x for o in exhaustive)}
        assert {(s, e) for s, e, _ in longest} <= {(s, e) for s, e, _ in found}, text
