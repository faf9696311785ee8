"""`timex_interval`: one function from a TIMEX3 value and mod to the days it covers, on every value shape."""

from __future__ import annotations

from datetime import date

import pytest

from events import timex_interval

DCT = date(2024, 12, 15)


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2020-08-13", date(2020, 8, 13), date(2020, 8, 13), "day"),
        ("2024-12-14T20:30", date(2024, 12, 14), date(2024, 12, 14), "time"),
        ("2024-12-14TEV", date(2024, 12, 14), date(2024, 12, 14), "day"),
        ("2020-08", date(2020, 8, 1), date(2020, 8, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2024-W49", date(2024, 12, 2), date(2024, 12, 8), "week"),
        ("2024-W49-5", date(2024, 12, 6), date(2024, 12, 6), "day"),
        ("2024-W49-WE", date(2024, 12, 7), date(2024, 12, 8), "day"),
        ("2020-Q1", date(2020, 1, 1), date(2020, 3, 31), "quarter"),
        ("2021-H2", date(2021, 7, 1), date(2021, 12, 31), "half"),
        ("2020-SU", date(2020, 6, 1), date(2020, 8, 31), "season"),
        ("2020-WI", date(2020, 12, 1), date(2021, 2, 28), "season"),
        ("1991", date(1991, 1, 1), date(1991, 12, 31), "year"),
        ("199", date(1990, 1, 1), date(1999, 12, 31), "decade"),
        ("18", date(1800, 1, 1), date(1899, 12, 31), "century"),
        ("1500", date(1500, 1, 1), date(1500, 12, 31), "year"),
    ],
)
def test_calendar_values(value: str, start: date, end: date, precision: str) -> None:
    interval = timex_interval(value)
    assert (interval.start, interval.end, interval.precision) == (start, end, precision)
    assert not interval.vague and not interval.open_end


def test_early_part_of_a_year_is_its_first_third_and_vague() -> None:
    interval = timex_interval("2022", "START")
    assert interval.start == date(2022, 1, 1)
    assert date(2022, 4, 1) <= interval.end <= date(2022, 5, 1)
    assert interval.vague


def test_middle_and_end_parts() -> None:
    middle = timex_interval("2022", "MID")
    late = timex_interval("2022", "END")
    assert date(2022, 4, 15) < middle.start < middle.end < date(2022, 9, 15)
    assert late.end == date(2022, 12, 31) and late.start > date(2022, 8, 15)


def test_from_a_day_on_has_an_open_end() -> None:
    interval = timex_interval("2020-08-13", "ON_OR_AFTER")
    assert interval.start == date(2020, 8, 13) and interval.end is None and interval.open_end


def test_before_a_date_has_an_open_start() -> None:
    interval = timex_interval("2020", "BEFORE")
    assert interval.start is None and interval.end == date(2020, 12, 31) and interval.open_start


def test_approximate_widens_by_one_unit() -> None:
    interval = timex_interval("1990", "APPROX")
    assert interval.start.year == 1989 and interval.end.year == 1991 and interval.vague


def test_recently_is_a_vague_span_shortly_before_the_document_date() -> None:
    interval = timex_interval("PAST_REF", "", DCT)
    assert interval.end == DCT
    assert 7 <= (DCT - interval.start).days <= 60
    assert interval.vague and interval.precision == "approximate"


def test_present_and_future_references() -> None:
    assert timex_interval("PRESENT_REF", "", DCT).start == DCT
    future = timex_interval("FUTURE_REF", "", DCT)
    assert future.start == DCT and future.open_end


@pytest.mark.parametrize("value", ["PAST_REF", "XXXX-XX-XX", "XXXX-WXX", "P3Y", "BC0499", "2024-02-31", "nonsense"])
def test_values_that_cannot_be_placed_are_unresolved(value: str) -> None:
    interval = timex_interval(value)
    assert interval.start is None and interval.end is None and interval.precision == "unresolved"


def test_a_day_unknown_within_its_month_or_year_covers_the_month_or_year() -> None:
    month = timex_interval("1914-08-XX")
    assert (month.start, month.end, month.precision) == (date(1914, 8, 1), date(1914, 8, 31), "month")
    year = timex_interval("1987-XX-XX")
    assert (year.start, year.end, year.precision) == (date(1987, 1, 1), date(1987, 12, 31), "year")
    assert timex_interval("XXXX-08-XX").precision == "unresolved"
