"""Eight reports on one story, in German and English, give each happening once, of the right kind, with who and
where; what did not happen gives nothing.

tests/data/summit/ holds eight short reports written for this test (in our own words) on the December 2024
Russia–Belarus security treaty: the Minsk summit and the treaty signed there, a nuclear doctrine changed by decree,
the Union State's anniversary and its founding, a joint exercise near Brest, the Duma's ratification, a missile
strike on Kyiv, and a second summit three weeks later in St Petersburg. They also hold a conditional sentence, a
negated signing, a planned deployment, a photo caption with its credit line and wire datelines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from events.documents import read_document
from events.extract import extract_documents

STORY = Path(__file__).parent / "data" / "summit"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    documents = [read_document(p.read_bytes(), name=p.name, doc_id=p.stem) for p in sorted(STORY.glob("*.md"))]
    assert len(documents) == 8
    return extract_documents(documents)


def _one(events: pd.DataFrame, event_type: str, start: str) -> pd.Series:
    found = events[(events["event_type"] == event_type) & (events["start"] == pd.Timestamp(start))]
    assert len(found) == 1, f"{event_type} {start}: {len(found)} rows\n{events[['event_type', 'start', 'sentence']]}"
    return found.iloc[0]


def test_each_happening_once_of_the_right_kind(events: pd.DataFrame) -> None:
    expected = {
        ("independence", "1999-12-08"), ("law", "2024-11-01"), ("treaty", "2024-12-06"), ("meeting", "2024-12-06"),
        ("commemoration", "2024-12-08"), ("military_exercise", "2024-12-11"), ("ratification", "2024-12-18"),
        ("attack", "2024-12-18"), ("meeting", "2024-12-26"),
        # "Polen verlegte daraufhin zusätzliche Soldaten an die Grenze": dateless news of the report's days.
        ("deployment", "2024-12-12"),
    }
    found = {(row.event_type, row.start.date().isoformat()) for row in events.itertuples()}
    assert found == expected
    assert (events["event_type"] == "other").sum() == 0


def test_reports_of_one_happening_in_other_words_and_languages_are_one_event(events: pd.DataFrame) -> None:
    treaty = _one(events, "treaty", "2024-12-06")
    # de and en on the day, "vor wenigen Tagen" three days later, "on December 6" twelve days later.
    assert treaty["source_count"] >= 4 and {s["lang"] for s in treaty["sources"]} == {"de", "en"}
    assert "vor wenigen Tagen" in {s["date_text"] for s in treaty["sources"]}
    for event_type, start in (("ratification", "2024-12-18"), ("attack", "2024-12-18"),
                              ("military_exercise", "2024-12-11"), ("law", "2024-11-01")):
        assert {s["lang"] for s in _one(events, event_type, start)["sources"]} == {"de", "en"}, event_type
    # "Anfang Dezember" in Minsk joins the summit of 6 December in Minsk: the same concept, place and days.
    summit = _one(events, "meeting", "2024-12-06")
    assert "Anfang Dezember" in {s["date_text"] for s in summit["sources"]}


def test_dateless_news_takes_the_days_of_its_report(events: pd.DataFrame) -> None:
    poland = _one(events, "deployment", "2024-12-12")
    assert poland["end"] == pd.Timestamp("2024-12-13") and poland["date_inferred"] and poland["date_vague"]
    assert list(poland["actor1"]) == ["Poland"]


def test_two_summits_three_weeks_apart_stay_apart(events: pd.DataFrame) -> None:
    minsk, petersburg = _one(events, "meeting", "2024-12-06"), _one(events, "meeting", "2024-12-26")
    assert [p["name"] for p in minsk["places"]] == ["Minsk"]
    assert [p["name"] for p in petersburg["places"]] == ["Saint Petersburg"]


def test_who_and_where(events: pd.DataFrame) -> None:
    treaty = _one(events, "treaty", "2024-12-06")
    # Both heads of state sign, so both states are actors and both act.
    assert {"Vladimir Putin", "Alexander Lukashenko", "Russia", "Belarus"} <= set(treaty["actors"])
    assert {"Vladimir Putin", "Russia", "Alexander Lukashenko", "Belarus"} <= set(treaty["actor1"])
    assert treaty["places"][0]["name"] == "Minsk" and treaty["places"][0]["country"] == "Belarus"
    strike = _one(events, "attack", "2024-12-18")
    assert "Ukraine" in strike["actor2"] and strike["places"][0]["name"] == "Kyiv"
    assert _one(events, "military_exercise", "2024-12-11")["places"][0]["name"] == "Brest"


def test_what_did_not_happen_is_no_event(events: pd.DataFrame) -> None:
    sentences = " ".join(s["sentence"] for sources in events["sources"] for s in sources)
    assert "Sollte Belarus angegriffen werden" not in sentences  # a condition
    assert "did not sign" not in sentences  # a negation
    assert "would deploy Oreshnik" not in sentences  # what someone will do
    assert "am Freitag in Minsk." not in sentences.replace("Minsk – ", "")  # a photo caption
    # The anniversary is a commemoration on its day; the founding it remembers stays in 1999.
    assert _one(events, "commemoration", "2024-12-08")["source_count"] == 1
