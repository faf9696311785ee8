"""The timeline measure (bench/timexeval/timeline.py): gold calendar dates against the mentions behind events."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package; the harness is imported from the repo root
    sys.path.insert(0, str(ROOT))

from bench.timexeval.corpora import GoldDocument, TimexSpan  # noqa: E402
from bench.timexeval.timeline import (  # noqa: E402
    BOUND_RIGHT,
    NOT_SHOWN,
    RIGHT,
    WRONG_SPAN,
    TimelineScore,
    score_document,
    shown_dates,
)

TEXT = "Seit 1990 wuchs sie. Am 19. April 1919 begann es, von 1991 bis 1997 dauerte es. 1800 ist weit weg."


def gold(words: str, value: str, mod: str = "", occurrence: int = 0) -> TimexSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(words, start + 1)
    return TimexSpan(start, start + len(words), "DATE", value, mod, words)


def record(words: str, first: str | None, last: str | None, value: str, **extra: object) -> dict[str, object]:
    start = TEXT.index(words)
    return {"date_char_start": start, "date_char_end": start + len(words), "start": first, "end": last,
            "timex": value, "date_text": words, **extra}  # fmt: skip


def verdicts(golds: list[TimexSpan], records: list[dict[str, object]]) -> list[str]:
    document = GoldDocument("doc", TEXT, date(2020, 1, 1), tuple(golds))
    return [case.verdict for case in score_document(document, shown_dates([records]))]


def test_a_date_drawn_over_its_own_days_is_exactly_right_and_another_year_is_wrong() -> None:
    april = gold("19. April 1919", "1919-04-19")
    assert verdicts([april], [record("19. April 1919", "1919-04-19", "1919-04-19", "1919-04-19")]) == [RIGHT]
    assert verdicts([april], [record("19. April 1919", "2020-04-19", "2020-04-19", "2020-04-19")]) == [WRONG_SPAN]


def test_a_gold_date_no_event_shows_is_not_shown_and_durations_are_not_counted() -> None:
    assert verdicts([gold("1800", "1800"), gold("1800", "P1Y")], []) == [NOT_SHOWN]


def test_a_since_date_is_right_as_the_start_of_an_open_span_but_not_as_its_end() -> None:
    since = gold("1990", "1990")
    assert verdicts([since], [record("1990", "1990-01-01", None, "1990", open_end=True)]) == [BOUND_RIGHT]
    assert verdicts([since], [record("1990", "1991-01-01", None, "1991", open_end=True)]) == [WRONG_SPAN]


def test_each_date_of_a_range_is_right_as_its_bound() -> None:
    first, second = gold("1991", "1991"), gold("1997", "1997")
    shown = record("1991 bis 1997", "1991-01-01", "1997-12-31", "1991")
    assert verdicts([first, second], [shown]) == [BOUND_RIGHT, BOUND_RIGHT]
    # a bar that ends a year early draws the range's end wrong
    early = record("1991 bis 1997", "1991-01-01", "1996-12-31", "1991")
    assert verdicts([first, second], [early]) == [BOUND_RIGHT, WRONG_SPAN]


def test_an_inferred_mention_shows_no_date_expression_and_the_score_counts_over_shown_dates() -> None:
    inferred = {"date_char_start": None, "date_char_end": None, "start": "1919-04-19", "end": "1919-04-19"}
    assert shown_dates([[inferred]]) == []
    document = GoldDocument("doc", TEXT, None, (gold("19. April 1919", "1919-04-19"), gold("1800", "1800")))
    score = TimelineScore("c", cases=score_document(document, shown_dates([[
        record("19. April 1919", "1919-04-19", "1919-04-19", "1919-04-19")]])))
    assert (score.gold, score.shown, score.right, score.exact) == (2, 1, 1, 1)
    assert (score.shown_share, score.right_share) == (0.5, 1.0)
