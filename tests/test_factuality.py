"""What did not happen makes no event: conditions, possibilities, intentions, negations, captions, questions."""

from __future__ import annotations

from datetime import date

import pytest

from events import extract_events
from events.factuality import factuality_cues, is_negated, is_no_report, unreal_spans
from events.model import Sentence
from events.resources import available_languages

DCT = date(2024, 12, 15)


def _types(text: str, lang: str) -> list[str]:
    return list(extract_events(text, lang=lang, dct=DCT, merge=False)["event_type"])


def _whole(text: str) -> Sentence:
    return Sentence(0, len(text), text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # conditions and their consequences
        ("Sollte es wie zuletzt 2020 zu Unruhen kommen, wäre ein Einmarsch durch den Vertrag gedeckt.", "de"),
        ("Falls die Opposition am Sonntag protestiert, wird die Polizei eingreifen.", "de"),
        ("If the parliament ratifies the treaty on Friday, troops will be deployed.", "en"),
        ("Should protests break out again as in 2020, Russian troops would be deployed.", "en"),
        # possibilities
        ("Theoretisch könnten belarussische Truppen im Jahr 2025 eingesetzt werden.", "de"),
        ("Analysts said in December that Belarus might host more missiles.", "en"),
        # intentions
        ("Russland will im Jahr 2025 Raketen in Belarus stationieren.", "de"),
        ("Moscow plans to deploy the missiles in 2025.", "en"),
        # negations
        ("Lukaschenko hat den Vertrag am Freitag nicht unterzeichnet.", "de"),
        ("Lukaschenko unterzeichnete den Vertrag am Freitag nicht.", "de"),
        ("Am Freitag gab es kein Abkommen.", "de"),
        ("Putin did not sign the treaty on Friday.", "en"),
        ("No one was arrested on Saturday.", "en"),
        # captions, credits, questions
        ("Wladimir Putin und Alexander Lukaschenko am 6. Dezember in Minsk. Foto: APA/AFP/Pool", "de"),
        ("Protesters gather in Minsk on Sunday, August 16, 2020. (AP Photo/Sergei Grits)", "en"),
        ("Wladimir Putin und Alexander Lukaschenko am Freitag in Minsk.\nFoto: Pool/Reuters", "de"),
        ("From Jane Miller and Tom Baker, CNN Two men, from left, arrive at the hotel in Minsk on Wednesday.", "en"),
        ("Was haben Putin und Lukaschenko am 6. Dezember in Minsk vereinbart?", "de"),
    ],
)
def test_what_did_not_happen_is_no_event(text: str, lang: str) -> None:
    assert _types(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # The reported clause is unreal, the report itself happened.
        ("Libya could descend into civil war unless Gaddafi quits, the United States said on Tuesday.", "en",
         ["statement"]),
        # "Y, if X": only the condition and the modal clause are unreal; the statement stands.
        ("Die Regierung erklärte am Montag, sie werde reagieren, falls Truppen verlegt würden.", "de", ["statement"]),
        # A negation elsewhere in the sentence does not void the happening.
        ("Nicht nur die Opposition protestierte am Sonntag in Minsk.", "de", ["protest"]),
        ("Not only students protested in Minsk on Sunday.", "en", ["protest"]),
        ("Police arrested dozens of protesters on Sunday, but no one was charged.", "en", ["arrest"]),
        # A dateline's date is when the report was filed; the event is dated by the sentence.
        ("TRIPOLI | Wed Mar 2, 2011 12:27 am IST TRIPOLI (Reuters) - Rebels captured Brega on Tuesday.", "en",
         ["occupation"]),
    ],
)
def test_what_happened_beside_it_stays(text: str, lang: str, expected: list[str]) -> None:
    assert _types(text, lang) == expected


def test_an_anniversary_is_a_commemoration_not_the_founding_again() -> None:
    events = extract_events(
        "Am Sonntag feierten Russland und Belarus den 25. Jahrestag der Gründung des Unionsstaates.", lang="de",
        dct=DCT,
    )
    assert list(events["event_type"]) == ["commemoration"]
    assert events.iloc[0]["start"].date() == date(2024, 12, 15)
    # The founding itself, told as history, is a founding.
    history = extract_events("Der Unionsstaat wurde im Dezember 1999 gegründet.", lang="de", dct=DCT)
    assert list(history["event_type"]) == ["independence"]


def test_a_decree_is_no_treaty() -> None:
    events = extract_events("Putin signed a decree on the new nuclear doctrine on Tuesday.", lang="en", dct=DCT)
    assert list(events["event_type"]) == ["law"]


def test_negation_window_and_clause_end() -> None:
    cues = factuality_cues("de")
    text = "Putin unterzeichnete den Vertrag nicht, sagte Peskow."
    sign = text.index("unterzeichnete")
    said = text.index("sagte")
    assert is_negated(text, _whole(text), sign, sign + 14, cues)
    assert not is_negated(text, _whole(text), said, said + 5, cues)  # the next clause is not negated


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_has_factuality_cues(lang: str) -> None:
    cues = factuality_cues(lang)
    assert cues.modal.pattern != "(?!)" and cues.negation.pattern != "(?!)" and cues.caption.pattern != "(?!)"
    assert not unreal_spans("x", _whole("x"), cues) and not is_no_report(_whole("x"), cues)
