"""One function from a TIMEX3 value (plus mod) to the days it covers: what the timeline draws."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from events.model import Interval

# "kürzlich" / "recently": how far back a vague past reference reaches, and forward for the future.
VAGUE_PAST_DAYS = 28
# An "Anfang/Mitte/Ende" part covers this share of its period (a third: early, middle, late).
_PART_SHARE = 3
# Approximate values ("etwa 1990") widen by this many units of their own precision, each side.
_APPROX_WIDEN = 1

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(\d|WE))?(T.*)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
# A day not known within its month or year ("that day" after "August 1914": 1914-08-XX): the month or year.
_DAY_UNKNOWN = re.compile(r"^(\d{4})-(\d{2}|XX)-XX(?:T.*)?$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")

_OPEN_END_MODS = {"AFTER", "ON_OR_AFTER", "EQUAL_OR_MORE", "MORE_THAN"}
_OPEN_START_MODS = {"BEFORE", "ON_OR_BEFORE", "EQUAL_OR_LESS", "LESS_THAN"}


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(value: str) -> tuple[date, date, str] | None:
    """The full calendar span of a concrete value, and its precision; None if it is not a calendar value."""
    if match := _DAY.match(value):
        day = date(int(match[1]), int(match[2]), int(match[3]))
        return day, day, "time" if match[4] and match[4][1:3].isdigit() else "day"
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        return date(year, month, 1), _last_day(year, month), "month"
    if match := _WEEK.match(value):
        year, week, part = int(match[1]), int(match[2]), match[3]
        monday = date.fromisocalendar(year, week, 1)
        if part == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6), "day"
        if part:
            day = monday + timedelta(days=int(part) - 1)
            return day, day, "day"
        return monday, monday + timedelta(days=6), "week"
    if match := _QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        return date(year, 3 * quarter - 2, 1), _last_day(year, 3 * quarter), "quarter"
    if match := _HALF.match(value):
        year, half = int(match[1]), int(match[2])
        return date(year, 6 * half - 5, 1), _last_day(year, 6 * half), "half"
    if match := _SEASON.match(value):
        year, (first, last) = int(match[1]), _SEASONS[match[2]]
        end_year = year + 1 if last < first else year
        return date(year, first, 1), _last_day(end_year, last), "season"
    if match := _DAY_UNKNOWN.match(value):
        year = int(match[1])
        if match[2] == "XX":
            return date(year, 1, 1), date(year, 12, 31), "year"
        month = int(match[2])
        return date(year, month, 1), _last_day(year, month), "month"
    if match := _YEAR.match(value):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if match := _DECADE.match(value):
        first = int(match[1]) * 10
        return date(max(first, 1), 1, 1), date(first + 9, 12, 31), "decade"
    if match := _CENTURY.match(value):
        first = int(match[1]) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century"
    return None


def _part(start: date, end: date, mod: str) -> tuple[date, date]:
    length = (end - start).days + 1
    share = max(length // _PART_SHARE, 1)
    if mod == "START":
        return start, start + timedelta(days=share - 1)
    if mod == "END":
        return end - timedelta(days=share - 1), end
    middle = start + timedelta(days=(length - share) // 2)
    return middle, middle + timedelta(days=share - 1)


def _widen(start: date, end: date, precision: str) -> tuple[date, date]:
    unit_days = {"day": 1, "time": 1, "week": 7, "month": 30, "quarter": 91, "half": 182, "season": 91,
                 "year": 365, "decade": 3652, "century": 36524}.get(precision, 1)
    pad = timedelta(days=unit_days * _APPROX_WIDEN)
    try:
        return start - pad, end + pad
    except OverflowError:
        return start, end


@lru_cache(maxsize=4096)  # pure; a text names the same dates again and again
def timex_interval(value: str, mod: str = "", dct: date | None = None) -> Interval:
    """The days a TIMEX3 value (with its mod) may cover; end inclusive.

    "2020-08" -> all of 2020-08; "2022" + START -> the first third of 2022 (vague); "2020-08-13" +
    ON_OR_AFTER -> from that day, open end; "PAST_REF" -> the four weeks up to the document date (vague).
    "1914-08-XX" (a day of August 1914) -> all of 2014-08, precision month. Values that cannot be placed
    (placeholders like XXXX-XX-XX, durations, BC years) give precision "unresolved".
    """
    if value == "PAST_REF":
        if dct is None:
            return Interval(None, None, "unresolved", vague=True)
        # In the calendar's first weeks (a document dated 0001-01-01) the span starts on its first day.
        earliest = date.min + timedelta(days=VAGUE_PAST_DAYS)
        start = dct - timedelta(days=VAGUE_PAST_DAYS) if dct >= earliest else date.min
        return Interval(start, dct, "approximate", vague=True)
    if value == "PRESENT_REF":
        if dct is None:
            return Interval(None, None, "unresolved", vague=True)
        return Interval(dct, dct, "approximate", vague=True)
    if value == "FUTURE_REF":
        if dct is None:
            return Interval(None, None, "unresolved", vague=True)
        return Interval(dct, None, "approximate", vague=True, open_end=True)
    try:
        span = _span(value)
    except (ValueError, OverflowError):  # an impossible calendar value: 2024-02-31, the weekend of 9999-W52
        span = None
    if span is None:
        return Interval(None, None, "unresolved")
    start, end, precision = span
    vague = False
    if mod in ("START", "MID", "END"):
        start, end = _part(start, end, mod)
        vague = True
    elif mod == "APPROX":
        start, end = _widen(start, end, precision)
        vague = True
    if mod in _OPEN_END_MODS:
        return Interval(start, None, precision, vague=vague, open_end=True)
    if mod in _OPEN_START_MODS:
        return Interval(None, end, precision, vague=vague, open_start=True)
    return Interval(start, end, precision, vague=vague)
