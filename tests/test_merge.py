"""One event per happening: mentions of the same happening, across articles and within one, merge into one event.

The reports in tests/data/treaty/ were written for these tests: German and English articles about the
Russia-Belarus security treaty signed in Minsk on 2024-12-06, published on different days and dating it
differently ("am Freitag", "gestern", "am 6. Dezember", "on Friday", "on December 6", "last week"), plus
happenings that must stay apart (a protest in Warsaw on 2024-12-08, the St. Petersburg summit on 2024-12-25, the
1999 Union State treaty, the 2020 strike). tests/data/treaty/conflicting/ holds a report that dates the signing
to 5 December.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from events import cli
from events.corpus import load_sample
from events.documents import read_path
from events.extract import extract_documents, extract_events
from events.io import FORMATS, events_to_bytes, read_events
from events.merge import MergeRules, merge_events
from events.model import Document
from events.schema import COLUMN_NAMES, conform

DATA = Path(__file__).resolve().parent / "data"
TREATY = DATA / "treaty"
SIGNED = pd.Timestamp("2024-12-06")
TREATY_SOURCES = {
    "belarus-treaty-de", "en", "treaty-de-2024-12-06", "treaty-de-2024-12-07", "treaty-de-2024-12-10",
    "treaty-en-2024-12-07", "treaty-en-2024-12-10", "treaty-en-2024-12-15", "meeting-de-2024-12-26",
}


def _english_sample() -> Document:
    text = (DATA / "belarus-treaty-en.txt").read_text(encoding="utf-8")
    return Document(text=text, doc_id="en", lang="en", dct=date(2024, 12, 15))


def _documents(*folders: Path) -> list[Document]:
    documents = [load_sample(), _english_sample()]
    for folder in folders:
        documents += [read_path(path) for path in sorted(folder.glob("*.md"))]
    return documents


@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    return extract_documents(_documents(TREATY), merge=False)


@pytest.fixture(scope="module")
def merged(mentions: pd.DataFrame) -> pd.DataFrame:
    return merge_events(mentions)


def _source_docs(event: pd.Series) -> set[str]:
    return {source["doc_id"] for source in event.sources}


def _clusters(events: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(source["event_id"] for source in sources) for sources in events.sources}


def _treaties_of_december_2024(events: pd.DataFrame) -> pd.DataFrame:
    treaties = events[events.event_type == "treaty"]
    return treaties[(treaties.start <= SIGNED) & (treaties.end >= pd.Timestamp("2024-11-01"))]


# --- the done-when --------------------------------------------------------------------------------


def test_all_reports_of_the_signing_make_one_treaty_event_on_6_december(merged: pd.DataFrame) -> None:
    treaties = _treaties_of_december_2024(merged)
    assert len(treaties) == 1
    treaty = treaties.iloc[0]
    assert (treaty.start, treaty.end, treaty.precision) == (SIGNED, SIGNED, "day")
    assert not treaty.date_vague and not treaty.date_conflict
    assert _source_docs(treaty) == TREATY_SOURCES
    assert treaty.source_count == len(treaty.sources) == len(TREATY_SOURCES)
    # The two heads of state, and the states they sign for.
    assert set(treaty.actors[:4]) == {"Vladimir Putin", "Alexander Lukashenko", "Russia", "Belarus"}
    assert {c["value"]: c["count"] for c in treaty.date_candidates} == {
        "2024-12-06": 6, "2024-11-17..2024-12-15": 2, "2024-12-02..2024-12-08": 1,
    }


def test_the_merged_row_reads_as_its_best_source(merged: pd.DataFrame) -> None:
    treaty = _treaties_of_december_2024(merged).iloc[0]
    best = next(s for s in treaty.sources if s["doc_id"] == treaty.doc_id and s["char_start"] == treaty.char_start)
    assert (best["sentence"], best["date_text"], best["start"]) == (treaty.sentence, treaty.date_text, "2024-12-06")
    assert treaty.event_id == min(s["event_id"] for s in treaty.sources)


def test_every_source_is_traceable_to_its_sentence(merged: pd.DataFrame) -> None:
    texts = {document.doc_id: document.text for document in _documents(TREATY)}
    for sources in merged.sources:
        for source in sources:
            assert texts[source["doc_id"]][source["char_start"] : source["char_end"]] == source["sentence"]
            if source["date_char_start"] is not None:
                date_text = texts[source["doc_id"]][source["date_char_start"] : source["date_char_end"]]
                assert date_text in source["date_text"]


def test_other_happenings_stay_separate(merged: pd.DataFrame) -> None:
    def on(day: str) -> pd.DataFrame:
        return merged[(merged.start == pd.Timestamp(day)) & (merged.end == pd.Timestamp(day))]

    summit = on("2024-12-25")
    assert list(summit.event_type) == ["meeting"] and summit.source_count.tolist() == [1]
    warsaw = on("2024-12-08")  # the protest of Belarusians in Warsaw two days after the signing
    assert len(warsaw) == 1 and _source_docs(warsaw.iloc[0]) == {"treaty-de-2024-12-10"}
    union_state = merged[(merged.event_type == "treaty") & (merged.start == pd.Timestamp("1999-01-01"))]
    assert len(union_state) == 1 and union_state.iloc[0].source_count == 1
    assert len(merged[merged.event_type == "treaty"]) == 2


def test_the_strike_of_2020_is_one_event_reported_three_times(merged: pd.DataFrame) -> None:
    strikes = merged[merged.event_type == "strike"]
    assert len(strikes) == 1
    strike = strikes.iloc[0]
    assert strike.start == pd.Timestamp("2020-08-13") and strike.open_end
    assert _source_docs(strike) == {"belarus-treaty-de", "en", "treaty-en-2024-12-15"}
    assert "[same_day]" in strike.merge_notes


def test_the_sample_alone_keeps_its_treaty_kuerzlich() -> None:
    sample = extract_documents([load_sample()])
    treaty = sample[sample.event_type == "treaty"].iloc[0]
    assert treaty.date_text == "kürzlich" and treaty.timex == "PAST_REF" and treaty.source_count == 1
    assert set(sample.event_id) == set(extract_documents([load_sample()], merge=False).event_id)


# --- disagreement and explanation --------------------------------------------------------------------------


def test_a_report_with_another_day_is_merged_and_the_conflict_stays_visible() -> None:
    events = extract_documents(_documents(TREATY, TREATY / "conflicting"))
    treaties = _treaties_of_december_2024(events)
    assert len(treaties) == 1
    treaty = treaties.iloc[0]
    assert "treaty-de-2024-12-09" in _source_docs(treaty)
    assert treaty.date_conflict
    candidates = {c["value"]: c["count"] for c in treaty.date_candidates}
    assert candidates["2024-12-06"] == 6 and candidates["2024-12-05"] == 1
    # Among equally precise dates the one most sources give wins.
    assert treaty.start == treaty.end == SIGNED
    assert treaty.merge_notes.splitlines()[-1] == (
        "date conflict: the sources give 2024-12-06 (6), 2024-11-17..2024-12-15 (2), 2024-12-05 (1), "
        "2024-12-02..2024-12-08 (1); the event takes 2024-12-06, given by most sources"
    )


def test_a_tie_between_two_days_goes_to_the_earlier_and_stays_visible() -> None:
    leaders = ["Vladimir Putin", "Alexander Lukashenko"]
    events = merge_events(_frame(
        _mention("a", "2024-12-06", actors=leaders),
        _mention("b", "2024-12-05", actors=leaders),
        _mention("c", "2024-12-02", "2024-12-08", actors=leaders, precision="week"),
    ))
    assert len(events) == 1 and events.iloc[0].date_conflict
    assert events.iloc[0].start == pd.Timestamp("2024-12-05")
    candidates = [c["value"] for c in events.iloc[0].date_candidates]
    assert candidates == ["2024-12-05", "2024-12-06", "2024-12-02..2024-12-08"]
    assert events.iloc[0].merge_notes.endswith("the event takes 2024-12-05, the earlier date")


def test_merge_notes_name_the_rule_and_every_joined_mention(merged: pd.DataFrame) -> None:
    treaty = _treaties_of_december_2024(merged).iloc[0]
    lines = treaty.merge_notes.splitlines()
    assert len(lines) == treaty.source_count - 1
    assert all(line.startswith("[") and " joined " in line and "same type treaty" in line for line in lines)
    named = {event_id for line in lines for event_id in line.split(": ", 1)[0].split(" joined ")[1].split(" + ")}
    assert named == {source["event_id"] for source in treaty.sources}
    assert (merged.source_count == 1).eq(merged.merge_notes == "").all()


# --- properties of the merge -------------------------------------------------------------------------------


def test_merging_a_merged_table_changes_nothing(merged: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(merge_events(merged), merged)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_order_of_the_input_does_not_matter(mentions: pd.DataFrame, merged: pd.DataFrame, seed: int) -> None:
    order = list(range(len(mentions)))
    random.Random(seed).shuffle(order)
    shuffled = merge_events(mentions.iloc[order])
    assert _clusters(shuffled) == _clusters(merged)

    def canonical(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.sort_values("event_id").reset_index(drop=True)
        frame["sources"] = [sorted(s, key=lambda source: source["event_id"]) for s in frame.sources]
        return frame

    pd.testing.assert_frame_equal(canonical(shuffled), canonical(merged))


def test_a_vague_date_does_not_chain_two_different_days() -> None:
    leaders = ["Vladimir Putin", "Alexander Lukashenko"]
    events = merge_events(_frame(
        _mention("signed", "2024-12-06", actors=leaders),
        _mention("recently", "2024-11-17", "2024-12-15", actors=leaders, precision="approximate", vague=True),
        _mention("ratified", "2024-12-12", actors=leaders),
    ))
    clusters = _clusters(events)
    assert len(events) == 2
    assert not any({"signed", "ratified"} <= cluster for cluster in clusters)


def test_near_days_need_strong_evidence() -> None:
    # Protests in Belarus on consecutive days are different events (as in ACLED) ...
    daily = merge_events(_frame(
        _mention("p1", "2020-08-09", actors=["Belarus"], event_type="protest", sentence="Protests in Minsk."),
        _mention("p2", "2020-08-10", actors=["Belarus"], event_type="protest", sentence="Rallies in Grodno."),
    ))
    assert len(daily) == 2
    # ... but two reports giving the same two leaders a day apart are one signing with a date conflict.
    leaders = ["Vladimir Putin", "Alexander Lukashenko"]
    signing = merge_events(_frame(_mention("s1", "2024-12-05", actors=leaders),
                                  _mention("s2", "2024-12-06", actors=leaders)))
    assert len(signing) == 1 and signing.iloc[0].date_conflict


def test_different_actors_keep_same_day_events_apart() -> None:
    events = merge_events(_frame(
        _mention("minsk", "2024-12-08", actors=["Belarus"], event_type="protest"),
        _mention("tbilisi", "2024-12-08", actors=["Georgia"], event_type="protest"),
        _mention("unnamed", "2024-12-08", actors=[], event_type="protest", sentence="Thousands marched."),
    ))
    clusters = _clusters(events)
    assert not any({"minsk", "tbilisi"} <= cluster for cluster in clusters)


def test_an_unresolved_date_joins_only_on_strong_evidence() -> None:
    # Without a publication date the sample's "kürzlich" stays unresolved; both leaders tie it to the signing.
    undated = extract_events(load_sample().text, lang="de", doc_id="undated", merge=False)
    dated = extract_documents([read_path(TREATY / "treaty-de-2024-12-10.md")], merge=False)
    events = merge_events(pd.concat([undated, dated], ignore_index=True))
    treaty = _treaties_of_december_2024(events).iloc[0]
    assert {"undated", "treaty-de-2024-12-10"} <= _source_docs(treaty) and treaty.start == SIGNED
    assert "[undated]" in treaty.merge_notes
    one_actor = [_mention("x", None, actors=["Belarus"]), _mention("y", "2024-12-06", actors=["Belarus"])]
    assert len(merge_events(_frame(*one_actor))) == 2


def test_rules_are_data() -> None:
    strikes = merge_events(_frame(_mention("a", "2020-08-13", event_type="strike"),
                                  _mention("b", "2020-08-13", event_type="strike")))
    assert len(strikes) == 1
    only_actors = merge_events(_frame(_mention("a", "2020-08-13", event_type="strike"),
                                      _mention("b", "2020-08-13", event_type="strike")),
                               rules=MergeRules(rules=("shared_actors",)))
    assert len(only_actors) == 2
    mixed = _frame(_mention("a", "2020-08-13", event_type="strike", actors=["Belarus"]),
                   _mention("b", "2020-08-13", event_type="protest", actors=["Belarus"]))
    assert len(merge_events(mixed)) == 2
    assert len(merge_events(mixed, rules=MergeRules(compatible_types=(("protest", "strike"),)))) == 1
    with pytest.raises(ValueError, match="unknown merge rule"):
        MergeRules(rules=("same_moon",))


def test_events_without_a_trigger_are_never_merged() -> None:
    others = _frame(_mention("a", "2020-01-01", event_type="other", actors=["Belarus"]),
                    _mention("b", "2020-01-01", event_type="other", actors=["Belarus"]))
    assert len(merge_events(others)) == 2


def test_an_empty_table_merges_to_an_empty_table() -> None:
    empty = merge_events(extract_events("", lang="de"))
    assert empty.empty and list(empty.columns) == list(COLUMN_NAMES)


# --- files, schema and command line ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_sources_survive_every_file_format(merged: pd.DataFrame, fmt: str) -> None:
    back = read_events(events_to_bytes(merged, fmt), fmt)
    pd.testing.assert_frame_equal(back, merged)
    pd.testing.assert_frame_equal(merge_events(back), merged)


def test_csv_holds_the_nested_columns_as_json_text(merged: pd.DataFrame) -> None:
    import io

    table = pd.read_csv(io.BytesIO(events_to_bytes(merged, "csv")), dtype=str, keep_default_na=False)
    sources = json.loads(table.loc[0, "sources"])
    assert isinstance(sources, list) and {"doc_id", "sentence", "char_start", "char_end"} <= set(sources[0])
    assert json.loads(table.loc[0, "date_candidates"])[0].keys() == {"value", "count"}


def test_a_row_without_sources_is_its_own_source() -> None:
    row = conform(pd.DataFrame({"event_id": ["d:1:2"], "doc_id": ["d"], "start": ["2024-12-06"], "end": ["2024-12-06"],
                                "sentence": ["Signed."], "char_start": [1], "char_end": [8]}))
    assert row.loc[0, "source_count"] == 1 and not row.loc[0, "date_conflict"] and row.loc[0, "merge_notes"] == ""
    (source,) = row.loc[0, "sources"]
    assert (source["doc_id"], source["sentence"], source["char_start"], source["start"]) == ("d", "Signed.", 1,
                                                                                             "2024-12-06")
    assert row.loc[0, "date_candidates"] == [{"value": "2024-12-06", "count": 1}]


def test_the_command_line_merges_unless_told_not_to(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(path) for path in sorted(TREATY.glob("*.md"))]
    assert cli.main(["extract", *paths, "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    treaties = [e for e in events if e["event_type"] == "treaty" and e["start"] == "2024-12-06"]
    assert len(treaties) == 1 and treaties[0]["source_count"] == 7 == len(treaties[0]["sources"])
    assert {"sources", "source_count", "date_conflict", "date_candidates", "merge_notes"} <= set(treaties[0])
    assert cli.main(["extract", *paths, "--format", "json", "--no-merge"]) == 0
    mentions = json.loads(capsys.readouterr().out)
    assert len(mentions) > len(events) and all(e["source_count"] == 1 for e in mentions)


# --- helpers -----------------------------------------------------------------------------------------------


def _mention(
    event_id: str, start: str | None, end: str | None = None, *, actors: list[str] | None = None,
    event_type: str = "treaty", precision: str = "day", vague: bool = False, sentence: str = "",
) -> dict[str, object]:
    return {
        "event_id": event_id, "doc_id": f"doc-{event_id}", "start": start, "end": end or start,
        "precision": precision if start else "unresolved", "date_vague": vague, "event_type": event_type,
        "actors": actors or [], "sentence": sentence or f"Report {event_id}.", "date_text": start or "kürzlich",
    }


def _frame(*rows: dict[str, object]) -> pd.DataFrame:
    return conform(pd.DataFrame(list(rows)))


def _place(name: str, code: str) -> dict[str, object]:
    return {"name": name, "country": name, "country_code": code, "latitude": 0.0, "longitude": 0.0, "kind": "city"}


def _at(event_id: str, start: str, end: str, place: str, actors: list[str], vague: bool = False) -> dict[str, object]:
    return {"event_id": event_id, "doc_id": event_id, "start": start, "end": end, "precision": "day",
            "date_vague": vague, "event_type": "meeting", "actors": actors, "sentence": f"{event_id} sentence.",
            "title": "Treffen", "date_text": start, "places": [_place(place, "BY")]}


def test_the_same_happening_at_the_same_place_joins_without_a_shared_actor() -> None:
    # "Es war ihr erstes Treffen seit dem Gipfel in Minsk Anfang Dezember" names nobody; it joins the summit of
    # 6 December in Minsk: same type, same city, the vague date contains the precise one.
    summit = _at("a", "2024-12-06", "2024-12-06", "Minsk", ["Vladimir Putin", "Alexander Lukashenko"])
    early = _at("b", "2024-12-01", "2024-12-10", "Minsk", [], vague=True)
    merged = merge_events(conform(pd.DataFrame([summit, early])))
    assert len(merged) == 1
    assert merged.iloc[0]["start"] == pd.Timestamp("2024-12-06") and "[same_place]" in merged.iloc[0]["merge_notes"]
    assert "same place Minsk" in merged.iloc[0]["merge_notes"]


def test_the_same_place_does_not_join_two_summits_a_month_apart_or_other_actors() -> None:
    december = _at("a", "2024-12-06", "2024-12-06", "Minsk", ["Vladimir Putin"])
    january = _at("b", "2025-01-10", "2025-01-10", "Minsk", ["Vladimir Putin"])
    assert len(merge_events(conform(pd.DataFrame([december, january])))) == 2
    # The same day and city, but other actors: two meetings.
    other = _at("c", "2024-12-06", "2024-12-06", "Minsk", ["Donald Tusk"])
    assert len(merge_events(conform(pd.DataFrame([december, other])))) == 2
    # A vague month in the same city cannot chain them: complete linkage keeps 6 December and 10 January apart.
    month = _at("d", "2024-12-01", "2025-01-31", "Minsk", [], vague=True)
    assert len(merge_events(conform(pd.DataFrame([december, january, month])))) == 2
