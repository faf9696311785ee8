"""Language detection on paragraphs and headlines of varied topics, and its fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.langdetect import detect_language, detect_language_scores, language_names
from events.resources import ResourceError, available_languages

SAMPLE = Path(__file__).resolve().parents[1] / "events" / "corpus" / "belarus-treaty-de.txt"

GERMAN_PARAGRAPHS = [
    "Die Bundesregierung hat am Mittwoch ein neues Hilfspaket für die Ukraine beschlossen. Es umfasst "
    "Luftabwehrsysteme und Munition im Wert von rund zwei Milliarden Euro.",
    "Nach der umstrittenen Präsidentschaftswahl gingen in Minsk zehntausende Menschen auf die Straße. Die "
    "Polizei ging mit großer Härte gegen die Demonstranten vor.",
    "Der Deutsche Wetterdienst warnt für das Wochenende vor schweren Gewittern mit Hagel und Starkregen im "
    "Süden des Landes.",
    "Im Finale setzte sich die Mannschaft nach Verlängerung mit drei zu zwei durch und holte damit zum "
    "ersten Mal seit zwölf Jahren den Pokal.",
    "Die Inflationsrate ist im Oktober überraschend gestiegen. Ökonomen rechnen damit, dass die "
    "Europäische Zentralbank die Zinsen vorerst nicht senken wird.",
    "Forscher der Universität Heidelberg haben ein Verfahren entwickelt, mit dem sich Tumore früher "
    "erkennen lassen sollen.",
    "Swjatlana Zichanouskaja lebt seit 2020 im litauischen Exil. Von dort aus koordiniert sie die "
    "belarussische Opposition.",
    "Der Bahnstreik hat am Montag zu massiven Ausfällen im Fern- und Regionalverkehr geführt. Pendler "
    "mussten auf Busse und Autos ausweichen.",
    "Nach Angaben des Innenministeriums wurden bei der Razzia mehrere Verdächtige festgenommen und "
    "Beweismittel sichergestellt.",
    "Die Ausstellung zeigt Werke aus fünf Jahrhunderten, darunter Gemälde, Skulpturen und Zeichnungen, "
    "die bisher nie öffentlich zu sehen waren.",
]

ENGLISH_PARAGRAPHS = [
    "The German government approved a new aid package for Ukraine on Wednesday. It includes air defence "
    "systems and ammunition worth about two billion euros.",
    "After the disputed presidential election, tens of thousands of people took to the streets of Minsk. "
    "Police cracked down hard on the protesters.",
    "The national weather service has warned of severe thunderstorms with hail and heavy rain in the south "
    "of the country this weekend.",
    "In the final, the team won three to two after extra time and lifted the trophy for the first time in "
    "twelve years.",
    "Inflation unexpectedly rose in October. Economists expect the European Central Bank to hold interest "
    "rates for now.",
    "Researchers at the University of Heidelberg have developed a method that should allow tumours to be "
    "detected earlier.",
    "Sviatlana Tsikhanouskaya has lived in exile in Lithuania since 2020. From there she coordinates the "
    "Belarusian opposition.",
    "The rail strike caused massive cancellations on long-distance and regional services on Monday, and "
    "commuters had to switch to buses and cars.",
    "According to the interior ministry, several suspects were arrested during the raid and evidence was "
    "seized.",
    "The exhibition shows works from five centuries, including paintings, sculptures and drawings that "
    "have never been shown in public before.",
]

HEADLINES = [
    ("de", "Wladimir Putin und Alexander Lukaschenko beschließen Militär-Abkommen"),
    ("de", "Belarus unter Alexander Lukaschenko: Aufmarschgebiet für Wladimir Putins Armee"),
    ("de", "Proteste in Minsk"),
    ("de", "Russland droht Kiew mit neuen Angriffen"),
    ("de", "Bahnstreik legt Deutschland lahm"),
    ("de", "Scholz trifft Macron in Paris"),
    ("en", "Putin and Lukashenko sign military pact"),
    ("en", "Protests in Minsk after disputed election"),
    ("en", "Russia threatens Kyiv with new attacks"),
    ("en", "Rail strike brings Germany to a standstill"),
    ("en", "What the new treaty means for Belarus"),
    ("en", "Scholz meets Macron to discuss the war"),
]


@pytest.mark.parametrize("paragraph", GERMAN_PARAGRAPHS)
def test_german_paragraphs(paragraph: str) -> None:
    assert detect_language(paragraph) == "de"


@pytest.mark.parametrize("paragraph", ENGLISH_PARAGRAPHS)
def test_english_paragraphs(paragraph: str) -> None:
    assert detect_language(paragraph) == "en"


@pytest.mark.parametrize(("lang", "headline"), HEADLINES)
def test_headlines(lang: str, headline: str) -> None:
    assert detect_language(headline) == lang


def test_sample_article_and_its_lines() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert detect_language(text) == "de"
    for line in text.splitlines():
        if len(line.split()) >= 5:
            assert detect_language(line) == "de", line


def test_no_evidence_falls_back_deterministically() -> None:
    # With nothing to go on, the language with the lowest `fallback_rank` (English) is returned.
    assert detect_language("") == "en"
    assert detect_language("1991 – 2020 – 2024") == "en"
    assert set(detect_language_scores("").values()) == {0.0}
    assert detect_language("", candidates=["de"]) == "de"


def test_candidates_restrict_the_choice() -> None:
    assert detect_language("The treaty was signed in Minsk.", candidates=["de"]) == "de"
    assert detect_language("Der Vertrag wurde in Minsk unterzeichnet.", candidates=["en", "de", "xx"]) == "de"
    with pytest.raises(ResourceError):
        detect_language("text", candidates=["xx"])


def test_scores_are_transparent() -> None:
    scores = detect_language_scores("Die beiden Machthaber haben einen Vertrag abgeschlossen.")
    assert set(scores) == set(available_languages())
    assert scores["de"] > scores["en"] >= 0


def test_unicode_and_noise() -> None:
    assert detect_language("Москва 😀 ¿¡ «»") in available_languages()
    assert detect_language("ÄÖÜ äöü ß") == "de"


def test_language_names() -> None:
    assert language_names()["de"] == "Deutsch"
    assert language_names()["en"] == "English"
