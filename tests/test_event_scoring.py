"""The event evaluation's scorer (bench/eventeval): matching, assignment, scores, and reading an event table."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from bench.eventeval.categories import fine_type_of, parse_plover_table, plover_of_cameo, plover_of_family
from bench.eventeval.frame import events_from_frame
from bench.eventeval.gold import GoldHappening, Place, Quote
from bench.eventeval.report import ratio, table_row
from bench.eventeval.scoring import (
    ExtractedEvent,
    PlaceMention,
    Ratio,
    SourceSpan,
    alias_canonicalizer,
    assign,
    dates_compatible,
    fold,
    is_candidate,
    score_language,
)

CANONICAL = alias_canonicalizer({"United States": "USA", "USA": "USA", "Sergey Lavrov": "Sergei Lavrov"})
TABLE = parse_plover_table(
    "04: CONSULT\n040: CONSULT, ,  # Consult\n08: CONCEDE\n080: CONCEDE, , # Yield\n08: RETREAT\n"
    "084: RETREAT, , # Return\n14: PROTEST\n140: PROTEST, , # Dissent\n190: ASSAULT, , military # Use force\n"
)


def gold(
    gold_id: str = "en-001",
    start: date = date(2011, 3, 1),
    end: date = date(2011, 3, 1),
    actors: tuple[str, ...] = ("United States", "Libya"),
    plover: str = "CONSULT",
    quotes: tuple[Quote, ...] = (Quote("doc-a", 100, 200, "The"),),
    place: Place | None = None,
    fine_type: str | None = "meeting",
) -> GoldHappening:
    return GoldHappening(
        gold_id, "en", "summary", start, end, "day", "text", plover, fine_type, actors, actors[:1], actors[1:], place,
        quotes,
    )  # fmt: skip


def event(
    event_id: str = "e1",
    start: date | None = date(2011, 3, 1),
    end: date | None = date(2011, 3, 1),
    actors: tuple[str, ...] = ("USA",),
    sources: tuple[SourceSpan, ...] = (SourceSpan("doc-a", 120, 180),),
    plover: str | None = "CONSULT",
    places: tuple[PlaceMention, ...] | None = None,
    lang: str = "en",
) -> ExtractedEvent:
    return ExtractedEvent(event_id, lang, start, end, actors, sources, "meeting", plover, "meeting", places=places)


def test_names_meet_through_folding_and_aliases() -> None:
    assert fold("Recep Tayyip Erdoğan") == fold("recep tayyip erdogan")
    assert fold("U.S.") == "us"
    assert CANONICAL("United States") == CANONICAL("USA") == "usa"
    assert CANONICAL("Sergey Lavrov") == CANONICAL("sergei lavrov")


def test_dates_are_compatible_when_the_spans_share_a_day() -> None:
    happening = gold(start=date(2011, 2, 25), end=date(2011, 2, 28))
    assert dates_compatible(event(start=date(2011, 2, 28), end=date(2011, 3, 3)), happening)
    assert not dates_compatible(event(start=date(2011, 3, 1), end=date(2011, 3, 1)), happening)
    assert dates_compatible(event(start=date(2011, 1, 1), end=None), happening)  # open end
    assert dates_compatible(event(start=None, end=date(2011, 2, 25)), happening)  # open start
    assert not dates_compatible(event(start=None, end=None), happening)  # unresolved


def test_a_match_needs_shared_actors_or_a_shared_quote_when_a_side_has_none() -> None:
    happening = gold()
    assert is_candidate(event(sources=(SourceSpan("doc-b", 0, 50),)), happening, CANONICAL)  # actors overlap
    assert not is_candidate(event(actors=("Italy",)), happening, CANONICAL)  # same sentence, other actors
    assert is_candidate(event(actors=()), happening, CANONICAL)  # no actors: the shared quote decides
    assert not is_candidate(event(actors=(), sources=(SourceSpan("doc-a", 200, 260),)), happening, CANONICAL)
    assert not is_candidate(event(lang="de"), happening, CANONICAL)
    assert not is_candidate(event(sources=(SourceSpan("doc-b", 0, 50),)), happening, CANONICAL, anchored=True)


def test_each_event_goes_to_its_best_happening() -> None:
    quoted = gold("en-001")
    elsewhere = gold("en-002", quotes=(Quote("doc-b", 0, 40, "A"),))
    other_type = gold("en-003", plover="ASSAULT", quotes=(Quote("doc-a", 150, 220, "B"),))
    assert assign([event()], [elsewhere, other_type, quoted], CANONICAL) == {"e1": "en-001"}
    assert assign([event(start=date(2012, 1, 1), end=date(2012, 1, 2))], [quoted], CANONICAL) == {}


def test_scores_of_one_language() -> None:
    first = gold("en-001", place=Place("Zawiya", "Libya", "city", ("Zawiyah",)))
    second = gold(
        "en-002", plover="ASSAULT", actors=("Libya",), quotes=(Quote("doc-c", 0, 90, "C"),), fine_type="attack"
    )
    missed = gold("en-003", start=date(2010, 1, 1), end=date(2010, 1, 1))
    events = [
        event("e1", places=(PlaceMention("Zawiyah"),)),
        event("e2", actors=(), sources=(SourceSpan("doc-a", 150, 160),), places=()),  # a duplicate of en-001
        event("e3", actors=("Libya",), sources=(SourceSpan("doc-c", 10, 20),), plover="PROTEST", places=()),
        event("e4", start=date(2015, 1, 1), end=date(2015, 1, 1), places=()),  # matches nothing
    ]
    scores = score_language("en", events, [first, second, missed], CANONICAL)
    assert (scores.precision.hits, scores.precision.total) == (3, 4)
    assert (scores.recall.hits, scores.recall.total) == (2, 3)
    assert scores.duplicated_gold == 1
    assert scores.missed == ("en-003",)
    assert scores.type_accuracy == Ratio(1, 2)  # en-002 is an ASSAULT read as a PROTEST
    assert scores.fine_type_accuracy == Ratio(1, 2)  # meeting for an attack
    assert (scores.actors.true_positives, scores.actors.predicted, scores.actors.gold) == (2, 2, 3)
    assert scores.place_accuracy == Ratio(1, 1)
    assert scores.actor1 is None and scores.actor2 is None  # no role columns: missing, not zero


def test_place_accuracy_is_missing_without_a_places_column() -> None:
    scores = score_language("en", [event()], [gold(place=Place("Tripoli", "Libya", "city"))], CANONICAL)
    assert scores.place_accuracy is None
    assert "missing" in table_row(scores, documents=1)


def test_plover_categories_from_cameo_codes_and_families() -> None:
    assert TABLE["08"] == "CONCEDE"  # a root listed twice keeps its first category
    assert plover_of_cameo("14", TABLE) == "PROTEST"
    assert plover_of_cameo("190", TABLE) == "ASSAULT"
    assert plover_of_cameo("084", TABLE) == "RETREAT"
    assert plover_of_cameo("01", TABLE) == plover_of_cameo("", TABLE) == "OTHER"
    assert plover_of_family("assault") == "ASSAULT"
    assert plover_of_family("POLITICS") == "OTHER"


def test_finer_types_from_chronik_type_ids() -> None:
    assert fine_type_of("military", "190") == "attack"
    assert fine_type_of("military", "150") == "deployment"
    assert fine_type_of("military_exercise") == "military exercise"
    assert fine_type_of("law_decree") == "law/decree"
    assert fine_type_of("treaty") == "treaty"
    assert fine_type_of("other") is None


def test_an_event_table_is_read_with_and_without_the_new_columns() -> None:
    row = {
        "event_id": "e1", "lang": "en", "start": pd.Timestamp("2011-03-01"), "end": pd.NaT, "actors": ["USA"],
        "event_type": "military", "cameo_code": "190", "title": "t",
        "sources": json.dumps([{"doc_id": "doc-a", "char_start": 5, "char_end": 40}]),
    }  # fmt: skip
    [plain] = events_from_frame(pd.DataFrame([row]), TABLE)
    assert (plain.start, plain.end, plain.plover, plain.fine_type) == (date(2011, 3, 1), None, "ASSAULT", "attack")
    assert plain.sources == (SourceSpan("doc-a", 5, 40),)
    assert plain.places is None and plain.actor1 is None
    extended = dict(
        row, family="STATEMENT", actor1=["USA"], actor2=[], places=[{"name": "Tripoli", "country": "Libya"}]
    )
    [rich] = events_from_frame(pd.DataFrame([extended]), TABLE)
    assert (rich.plover, rich.family) == ("OTHER", "STATEMENT")
    assert rich.actor1 == ("USA",) and rich.actor2 == ()
    assert rich.places == (PlaceMention("Tripoli", "Libya"),)


def test_ratios_say_missing_and_nothing_to_score_apart() -> None:
    assert ratio(None) == "missing"
    assert ratio(Ratio(0, 0)) == "n/a (0)"
    assert ratio(Ratio(3, 4)) == "0.750 (3/4)"
