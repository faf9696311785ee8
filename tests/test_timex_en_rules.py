"""English timex rules on the tricky cases of news text, and the anchoring functions they use."""

from __future__ import annotations

from datetime import date

import pytest

from events import tag_timexes
from events.timex.anchoring import resolve_value

THURSDAY = date(1989, 10, 26)  # a Thursday in the fourth quarter: the third quarter is the one reported on


def tagged(text: str, dct: date | None = THURSDAY) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_timexes(text, lang="en", dct=dct)]


# ---------------------------------------------------------------- engine: NEWSDAY, PASTDAY, PERIOD


@pytest.mark.parametrize(
    ("value", "future", "expected"),
    [
        ("NEWSDAY(4)", False, "1989-10-26"),  # the document's own weekday is that day
        ("NEWSDAY(4)", True, "1989-10-26"),  # ... in a future sentence too, not a week later
        ("NEWSDAY(1)", False, "1989-10-23"),
        ("NEWSDAY(1)", True, "1989-10-30"),
        ("PASTDAY(5)", True, "1989-10-20"),  # past whatever the tense
        ("PASTDAY(4)", True, "1989-10-26"),
    ],
)
def test_news_weekdays(value: str, future: bool, expected: str) -> None:
    assert resolve_value(value, THURSDAY, future=future) == (expected, True, value)


def test_news_weekday_without_anchor_is_a_placeholder() -> None:
    assert resolve_value("NEWSDAY(2)", None) == ("XXXX-WXX-2", False, "NEWSDAY(2)")


@pytest.mark.parametrize(
    ("value", "future", "expected"),
    [
        ("PERIOD(Q3)", False, "1989-Q3"),
        ("PERIOD(Q3)", True, "1989-Q3"),  # "third-quarter earnings will be lower": the quarter just ended
        ("PERIOD(Q4)", True, "1989-Q4"),  # the current quarter, not next year's
        ("PERIOD(Q1)", True, "1990-Q1"),
        ("PERIOD(Q2)", False, "1989-Q2"),
    ],
)
def test_year_less_periods(value: str, future: bool, expected: str) -> None:
    assert resolve_value(value, THURSDAY, future=future)[0] == expected


def test_period_in_a_narrative_keeps_the_year_told() -> None:
    assert resolve_value("PERIOD(Q1)", THURSDAY, narrative=True, future=True)[0] == "1989-Q1"


# ---------------------------------------------------------------- weekdays in news


def test_weekday_said_on_the_document_day_in_a_future_sentence() -> None:
    text = "Officials said Monday they will order the relatives to appear."
    assert tagged(text, date(2000, 4, 3)) == [("Monday", "DATE", "2000-04-03")]


def test_weekday_after_a_past_verb_looks_back_even_in_a_future_sentence() -> None:
    text = "Since the decision was announced Wednesday, they have said they will appeal."
    assert tagged(text, date(2000, 1, 7)) == [("Wednesday", "DATE", "2000-01-05")]


def test_weekday_in_a_future_sentence_looks_ahead() -> None:
    assert tagged("The monarch will meet Bush on Thursday.", date(1990, 8, 14)) == [
        ("Thursday", "DATE", "1990-08-16")
    ]


def test_weekday_with_a_day_part_is_a_date_with_the_part() -> None:
    assert tagged("Protesters rallied Friday night.", date(2000, 1, 7)) == [
        ("Friday night", "DATE", "2000-01-07TNI")
    ]


# ---------------------------------------------------------------- quarters and year-ago comparisons


def test_year_ago_in_an_earnings_comparison_is_the_reported_quarter_a_year_before() -> None:
    text = "Net rose to $108.8 million, or $1.35 a share, from $90.5 million a year ago."
    assert tagged(text)[-1] == ("a year ago", "DATE", "1988-Q3")


def test_year_ago_without_figures_is_the_year() -> None:
    assert tagged("The plant closed a year ago.") == [("a year ago", "DATE", "1988")]


def test_year_earlier_quarter() -> None:
    assert tagged("In the year-earlier quarter, the company lost money.") == [
        ("the year-earlier quarter", "DATE", "1988-Q3")
    ]


def test_quarter_in_a_future_sentence_is_the_one_just_reported() -> None:
    assert tagged("Its third-quarter earnings will probably be lower.") == [("third-quarter", "DATE", "1989-Q3")]
    assert tagged("It is expected to break even in the fourth quarter.") == [
        ("the fourth quarter", "DATE", "1989-Q4")
    ]


# ---------------------------------------------------------------- things that are not timexes


@pytest.mark.parametrize(
    "text",
    [
        "The 25-year-old worker was arrested.",
        "Prices may rise.",
        "They march on the capital.",
        "About 1500 people came.",
    ],
)
def test_not_timexes(text: str) -> None:
    assert tagged(text) == []


def test_lower_case_may_is_a_verb() -> None:
    assert tagged("The stake rose and may help prevent a takeover.") == []
    assert tagged("The vote was held in May.") == [("May", "DATE", "1989-05")]


def test_clock_time_before_a_weekday() -> None:
    assert tagged("The kidnapping happened at 10 p.m. Wednesday.") == [
        ("10 p.m. Wednesday", "TIME", "1989-10-25T22:00")
    ]
    assert tagged("Negotiations broke off at noon Thursday.") == [("noon Thursday", "TIME", "1989-10-26T12:00")]


def test_month_with_a_relative_year() -> None:
    assert tagged("In July last year, Pol Pot was arrested.") == [("July last year", "DATE", "1988-07")]
