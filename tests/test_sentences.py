"""Sentence splitting: offsets, paragraphs, and the language files' own examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.resources import available_languages, load_resource
from events.sentences import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "events" / "corpus" / "belarus-treaty-de.txt"


def _examples() -> list[tuple[str, str, list[str]]]:
    return [
        (lang, example["text"], example["sentences"])
        for lang in available_languages()
        for example in load_resource("language", lang).get("sentences", {}).get("examples", ())
    ]


@pytest.mark.parametrize(("lang", "text", "expected"), _examples())
def test_language_file_examples(lang: str, text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text, lang)] == expected


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_offsets_are_exact_and_stripped(sample: str) -> None:
    sentences = split_sentences(sample, "de")
    assert sentences
    for sentence in sentences:
        assert sample[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_sample_paragraphs_are_lines(sample: str) -> None:
    sentences = split_sentences(sample, "de")
    lines = [line for line in sample.splitlines() if line.strip()]
    assert max(s.paragraph for s in sentences) == len(lines) - 1
    assert sentences[0].text == "Wladimir Putin und Alexander Lukaschenko beschließen Militär-Abkommen"
    assert sentences[0].paragraph == 0
    assert sentences[1].paragraph == 1  # the teaser


@pytest.mark.parametrize(
    "sentence",
    [
        "Ab dem 13. August 2020 traten landesweit hunderttausende Arbeiter in einen Generalstreik.",
        "Es handelte sich damals um die größten Massendemonstrationen seit Ausrufung der Republik Belarus im "
        "Jahr 1991 und dem Ende der Sowjetunion.",
        "Der Urnengang war international weitgehend als Scheinwahl eingeordnet worden.",
        "Selbst solche, die in dem Land mit seinen rund 9,2 Millionen Einwohnerinnen und Einwohnern als "
        "regimetreu gelten.",
        "Moskau – Was hecken die Regime von Wladimir Putin aus Russland und von Alexander Lukaschenko aus "
        "Belarus diesmal aus?",
        "Bislang hat der Minsk-Autokrat das nicht getan.",
    ],
)
def test_sample_sentences(sample: str, sentence: str) -> None:
    assert sentence in [s.text for s in split_sentences(sample, "de")]


def test_quote_with_sentence_inside_stays_whole(sample: str) -> None:
    texts = [s.text for s in split_sentences(sample, "de")]
    assert any(t.startswith("„Laut der belarussischen Exilorganisation BELPOL") and t.endswith("Friedmann.")
               for t in texts)
    assert any(t.startswith("Und weiter: „Sollte es in Belarus") for t in texts)


@pytest.mark.parametrize(
    ("lang", "text", "count"),
    [
        ("de", "Am 6. Dez. 2024 unterzeichneten sie den Vertrag.", 1),
        ("de", "Es kamen ca. 200 Menschen, u. a. Studenten.", 1),
        ("de", "Das geschah im 19. Jh. in Preußen.", 1),
        ("de", "Wer hat es unterschrieben? Niemand weiß es.", 2),
        ("en", "The U.S. and the U.K. agreed. Russia did not.", 2),
        ("en", "Inflation rose to 3.5 percent in 2023. Prices fell later.", 2),
        ("en", "Gen. Smith met Sen. Jones on Jan. 5.", 1),
    ],
)
def test_edge_cases(lang: str, text: str, count: int) -> None:
    assert len(split_sentences(text, lang)) == count


def test_empty_and_blank_text() -> None:
    assert split_sentences("", "de") == []
    assert split_sentences("  \n\n \t\n", "en") == []


def test_blank_lines_start_paragraphs_and_crlf() -> None:
    text = "Erster Absatz. Noch ein Satz.\r\n\r\nZweiter Absatz.\r\nDritter."
    sentences = split_sentences(text, "de")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Erster Absatz.", 0), ("Noch ein Satz.", 0), ("Zweiter Absatz.", 1), ("Dritter.", 2)
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_unicode_text() -> None:
    text = "Минск – „Ça va?“ fragte Ærø. 😀 Danach: Schluss!"
    sentences = split_sentences(text, "de")
    assert [s.text for s in sentences] == ["Минск – „Ça va?“ fragte Ærø.", "😀 Danach: Schluss!"]
