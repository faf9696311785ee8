"""Resolve what a rule could not know at match time: relative and year-less values.

Rules write symbolic values (HeidelTime's UNDEF idea, with readable names):
- `REF(unit,offset)`: `unit` (day, week, weekend, month, quarter, half, year, decade, century) shifted by
  `offset` from the anchor: "gestern" -> `REF(day,-1)`, "vergangene Woche" -> `REF(week,-1)`.
- `WEEKDAY(n,direction)`: ISO weekday `n` before (-1), after (+1) or nearest-past-or-same (0) the anchor.
- `MONTH(m,direction)`: month `m` before (-1), after (+1) or in the year of (0) the anchor ("last October").
- `NEWSDAY(n)`: ISO weekday `n` as news uses it: the anchor day itself if it is that weekday, else the most recent
  one, or in a sentence about the future the next one ("said Monday they will ..." written on a Monday: that day).
- `PASTDAY(n)`: ISO weekday `n` on or before the anchor whatever the tense ("announced Wednesday").
- `PERIOD(p)`: a year-less quarter, half or season `p` ("Q3", "H1", "SU"): like `XXXX-Q3`, except that a sentence
  about the future takes the nearest such period ("third-quarter results will ..." in October: this year's).
- `LAST(unit,offset)`: like REF, but always from the last mentioned date, in news too ("um 20.30 Uhr" on the day
  just named, "am selben Tag").
- `SHIFT(unit,offset[,unit2,offset2])`: the last mentioned value (finer than a year: a quarter, month, ...) moved
  by `offset` units, keeping its granularity ("a year earlier" after "the third quarter" of 1989 -> `1988-Q3`);
  `unit` is `year`. Without such a value: `REF(unit2,offset2)`, or `REF(unit,offset)`.
- `INYEAR(y[,unit])`: the last mentioned value moved into year `y`, keeping its granularity ("the 1988 period" after
  "the third quarter" -> `1988-Q3`); without one finer than a year, the `unit` last completed put in year `y`
  ("the 1988 quarter" in October: `1988-Q3`), or just `y`.
- `HOLIDAY(rule[,year])`: a movable holiday (`easter:-2` Good Friday, `nth:11:4:4` Thanksgiving; see
  `holiday_date`) in `year`, or without one in the year that puts it where a year-less date would go.
- `WEEKOF(month,day[,year])`: the ISO week that contains a day ("the week of March 6"); without a year, the day's
  year is found as for a year-less date.
- `WEEKEND()`: the weekend news speaks of ("over the weekend"): the anchor's own if it falls on one, else the one
  just past, or in a sentence about the future the coming one.
- A literal with `XXXX` for the year ("6. Dezember" -> `XXXX-12-06`): the year that puts it closest to the anchor.
Anything may follow a function call as a suffix ("gestern Abend" -> `REF(day,-1)TEV`).
The anchor is the document date for news and the last mentioned date in narratives (see tagger).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import MAXYEAR, MINYEAR, date, timedelta

_CALL = re.compile(r"^(?P<fn>[A-Z]+)\((?P<args>[^)]*)\)(?P<suffix>.*)$")
# A date whose year alone is missing: "XXXX-12-06", "XXXX-SU" (not the placeholders "XXXX-XX", "XXXX-WXX").
_PERIOD_START = re.compile(r"^-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_PERIOD_FIRST_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "SP": 3, "SU": 6, "FA": 9, "WI": 12}
_INTEGER = re.compile(r"^[+-]?\d+$")
_YEAR_FIRST = re.compile(r"^(\d{4})(-(?:\d{2}|Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI)(?:-\d{2})?(?:-WE)?(?:T[\w:]+)?)?$")
# A value that names a day (perhaps with a time after it): "1998-10-23", "1998-10-23T22:00".
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YEARLESS = re.compile(r"^XXXX-(?:\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI)")

# What an unresolvable relative value looks like, by unit: TIMEX3 placeholders, so values stay well-formed.
_PLACEHOLDER = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "year": "XXXX",
    "decade": "XXXX",
    "century": "XXXX",
}


# How far ahead of the anchor a year-less date may lie and still be read as upcoming rather than past.
FUTURE_WINDOW_DAYS = 120
# In a sentence about the future, a day at most this far behind the anchor is still the one meant: "she would bring
# aid to the countries where the Aug. 7 blasts killed 257" (written 18 August) is not next year's 7 August.
RECENT_PAST_DAYS = 14
# In a narrative, how much farther a step back weighs than a step forward when placing a year-less date.
NARRATIVE_BACKWARD_COST = 1.5


class AnchorError(ValueError):
    """A symbolic value the resolver does not understand (a resource-file mistake)."""


def needs_anchor(value: str) -> bool:
    return bool(_YEARLESS.match(value) or _CALL.match(value))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _shift(unit: str, offset: int, anchor: date) -> str:
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat()
    if unit in ("week", "weekend"):
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return _add_months(anchor, offset).strftime("%Y-%m")
    if unit == "quarter":
        first = _add_months(anchor, 3 * offset)
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    if unit == "half":
        first = _add_months(anchor, 6 * offset)
        return f"{first.year:04d}-H{(first.month - 1) // 6 + 1}"
    if unit == "year":
        return f"{anchor.year + offset:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + offset:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}"
    raise AnchorError(f"unknown unit {unit!r} in REF()")


def _month(month: int, direction: int, anchor: date) -> str:
    year = anchor.year
    if direction < 0 and month >= anchor.month:
        year -= 1
    elif direction > 0 and month <= anchor.month:
        year += 1
    return f"{year:04d}-{month:02d}"


def _weekday(isoday: int, direction: int, anchor: date) -> str:
    delta = isoday - anchor.isoweekday()
    if direction < 0:
        delta = delta - 7 if delta >= 0 else delta
    elif direction > 0:
        delta = delta + 7 if delta <= 0 else delta
    else:  # news mostly reports the past: the most recent such day, or the anchor day itself
        delta = delta - 7 if delta > 0 else delta
    return (anchor + timedelta(days=delta)).isoformat()


def _news_weekday(isoday: int, anchor: date, *, future: bool, past_only: bool = False) -> str:
    delta = isoday - anchor.isoweekday()
    ahead = future and not past_only
    shift = 7 if ahead and delta < 0 else -7 if not ahead and delta > 0 else 0
    return (anchor + timedelta(days=delta + shift)).isoformat()


def _nearest_period(period: str, anchor: date, *, narrative: bool, future: bool) -> str:
    """A year-less quarter, half or season: the nearest one (by its first day) in a future sentence, else the latest
    one begun."""
    value = f"XXXX-{period}"
    if narrative or period not in _PERIOD_FIRST_MONTH:
        return _nearest_year(value, anchor, narrative=narrative, future=False)
    first = _PERIOD_FIRST_MONTH[period]
    if not future:  # a report looks back: the latest such period already begun ("the first quarter" in October)
        year = anchor.year if date(anchor.year, first, 1) <= anchor else anchor.year - 1
        return f"{year:04d}-{period}"
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    year = min(years, key=lambda y: abs((date(y, first, 1) - anchor).days))
    return f"{year:04d}-{period}"


def _nearest_year(
    value: str, anchor: date, *, narrative: bool = False, future: bool = False, past: bool = False
) -> str:
    """The year for a year-less date: the latest on or before the anchor, unless it lies just ahead.

    News reports mostly look back ("im Mai" in December is last May), but a date shortly after the anchor is the
    coming one ("im Januar" in December is next January).
    """
    rest = value[4:]
    month_day = re.match(r"^-(\d{2})(?:-(\d{2}))?", rest)
    period = _PERIOD_START.match(rest)
    if narrative and (period or (month_day and not month_day.group(2))):
        # In narratives seasons, quarters and bare months stay in the year being told ("im August").
        return f"{anchor.year:04d}{rest}"
    if month_day and not month_day.group(2) and int(month_day.group(1)) == anchor.month:
        return f"{anchor.year:04d}{rest}"  # "November" written in November: this one, whatever the tense
    if month_day:
        month, day = int(month_day.group(1)), int(month_day.group(2) or 1)
    elif period:
        # A quarter, half or season is placed like its first month ("fourth-quarter" in January: last year's).
        month, day = _PERIOD_FIRST_MONTH[period.group(1)], 1
    else:
        return f"{anchor.year:04d}{rest}"
    try:
        date(anchor.year, month, min(day, 28))
    except ValueError:
        return f"{anchor.year:04d}{rest}"
    year = _year_for(lambda y: date(y, month, min(day, 28)), anchor, narrative=narrative, future=future, past=past)
    return f"{year:04d}{rest}"


def _year_for(
    day_in: Callable[[int], date], anchor: date, *, narrative: bool, future: bool, past: bool = False
) -> int:
    """The year in which a yearly day (`day_in(year)`: 6 December, Easter Sunday) is meant, seen from `anchor`."""
    if narrative:
        # A narrative moves on from the date it last stated ("Dezember 1941 ... am 28. Mai" is May 1942) or looks
        # back a little ("8. Oktober 1939 ... am 3. September" is the same year): the nearest such day, with
        # going on preferred to going back.
        def distance(year: int) -> float:
            days = (day_in(year) - anchor).days
            return days if days >= 0 else -days * NARRATIVE_BACKWARD_COST

        return min((year for year in (anchor.year - 1, anchor.year, anchor.year + 1) if MINYEAR <= year <= MAXYEAR),
                   key=distance)
    # News looks back unless the sentence looks ahead; "since March" always looks back. At the calendar's ends
    # (years 1 and 9999) the year meant may not exist: ValueError, and the date stays unanchored.
    window = 366 if future else 0 if past else FUTURE_WINDOW_DAYS
    this_year = day_in(anchor.year)
    if this_year < anchor:
        if future and (anchor - this_year).days <= RECENT_PAST_DAYS:
            return anchor.year
        if anchor.year == MAXYEAR:  # next year's day, were there one, would be about a year on
            return _year_after(anchor.year) if (this_year - anchor).days + 365 <= window else anchor.year
        return anchor.year + 1 if (day_in(anchor.year + 1) - anchor).days <= window else anchor.year
    return anchor.year if (this_year - anchor).days <= window else _year_after(anchor.year, -1)


def _year_after(year: int, step: int = 1) -> int:
    if not MINYEAR <= year + step <= MAXYEAR:
        raise ValueError(f"year {year + step} is outside the calendar")
    return year + step


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday of `year`: the anonymous Gregorian algorithm (Meeus, Jones, Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def holiday_date(rule: str, year: int) -> date:
    """The day of a movable holiday in `year`. Rules, as the language files write them: `easter:OFFSET` (days
    from Easter Sunday: Good Friday is `easter:-2`) or `nth:MONTH:WEEKDAY:N` (the N-th ISO weekday of the month,
    N = -1 the last: Thanksgiving is `nth:11:4:4`), `after:MONTH:DAY:WEEKDAY` (the first ISO weekday on or after
    that day: the US Election Day, the Tuesday after the first Monday of November, is `after:11:2:2`) or
    `before:MONTH:DAY:WEEKDAY` (the last on or before it: Buß- und Bettag is `before:11:22:3`)."""
    kind, *numbers = rule.split(":")
    if kind == "easter" and len(numbers) <= 1:
        return easter_sunday(year) + timedelta(days=int(numbers[0]) if numbers else 0)
    if kind == "nth" and len(numbers) == 3:
        month, weekday, nth = (int(n) for n in numbers)
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        last = _add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7 + 7 * (-nth - 1))
    if kind in ("after", "before") and len(numbers) == 3:
        month, day, weekday = (int(n) for n in numbers)
        bound = date(year, month, day)
        if kind == "after":
            return bound + timedelta(days=(weekday - bound.isoweekday()) % 7)
        return bound - timedelta(days=(bound.isoweekday() - weekday) % 7)
    raise AnchorError(f"unknown holiday rule {rule!r}")


def _shift_value(value: str, years: int) -> str | None:
    """`value` (a date of any granularity, e.g. "1989-Q3", "1989-09-30") moved by whole years, or None."""
    found = _YEAR_FIRST.match(value)
    if not found or not found.group(2):  # a bare year says nothing of the period compared
        return None
    year, rest = int(found.group(1)) + years, found.group(2)
    if rest.startswith("-02-29"):
        rest = "-02-28" + rest[6:]
    return f"{year:04d}{rest}" if 0 < year <= 9999 else None


def shift_source(value: str, how: str) -> bool:
    """Whether a resolved date is one SHIFT and INYEAR may take up later: a period finer than a year and coarser
    than a day ("1989-Q3", "1989-09"), not itself a shifted one ("a year earlier" does not move the comparison)."""
    found = _YEAR_FIRST.match(value)
    return bool(found and found.group(2)) and not DAY_VALUE.match(value) and not how.startswith(("SHIFT(", "INYEAR("))


def _week_of(month: int, day: int, year: int | None, anchor: date | None, *, narrative: bool, future: bool) -> str:
    if year is None:
        assert anchor is not None
        year = _year_for(lambda y: date(y, month, min(day, 28)), anchor, narrative=narrative, future=future)
    iso_year, week, _ = date(year, month, day).isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def _news_weekend(anchor: date, *, future: bool) -> str:
    weekday = anchor.isoweekday()
    if weekday < 6 and not future:
        anchor -= timedelta(days=weekday)  # the Sunday just past
    year, week, _ = anchor.isocalendar()
    return f"{year:04d}-W{week:02d}-WE"


def _within_calendar(compute: Callable[[], str]) -> str | None:
    """The computed value, or None where it would leave the years 1-9999 that dates can hold."""
    try:
        result = compute()
    except (OverflowError, ValueError):
        return None
    return None if result.startswith("-") or result.startswith("0000") or result[4:5].isdigit() else result


def resolve_value(
    value: str, anchor: date | None, *, last_mentioned: date | None = None, narrative: bool = False,
    future: bool = False, past: bool = False, last_value: str = "",
) -> tuple[str, bool, str]:
    """Return (value, resolved, how) for a symbolic value; concrete values come back unchanged.

    Without an anchor the value becomes a TIMEX3 placeholder and `resolved` is False; `how` keeps the symbolic
    form so a later pass (or a reader) can still anchor it. `future` says the sentence speaks of what is to come
    ("will"), so "Friday" or "im Juli" look ahead; `past` that the date is a point since which something
    holds ("since March"), so a year-less date never lies ahead. `last_value` is the last date value mentioned
    before (for SHIFT).
    """
    call = _CALL.match(value)
    if call:
        function, suffix = call.group("fn"), call.group("suffix")
        args = [arg.strip() for arg in call.group("args").split(",")]
        if function == "LAST":
            function, anchor = "REF", last_mentioned or anchor
        elif function == "LASTWEEKDAY":  # "the previous Friday": from the date last mentioned
            function, anchor = "WEEKDAY", last_mentioned or anchor
        try:
            if function == "SHIFT":
                shifted_value = _shift_value(last_value, int(args[1])) if args[0] == "year" else None
                if shifted_value:
                    return shifted_value + suffix, True, value
                function, args = "REF", (args[2:4] if len(args) >= 4 else args)
            if function == "INYEAR":
                year = int(args[0])
                found = _YEAR_FIRST.match(last_value)
                rest = (found.group(2) or "") if found else ""
                if not rest and len(args) > 1 and anchor is not None:  # the unit's latest completed one, in `year`
                    found = _YEAR_FIRST.match(_shift(args[1], -1, anchor))
                    rest = (found.group(2) or "") if found else ""
                return f"{year:04d}{rest.replace('-02-29', '-02-28')}" + suffix, True, value
            if function == "WEEKOF":
                month, day = int(args[0]), int(args[1])
                year_given = len(args) > 2 and args[2]
                if not year_given and anchor is None:
                    return "XXXX-WXX" + suffix, False, value
                found = _within_calendar(lambda: _week_of(month, day, int(args[2]) if year_given else None, anchor,
                                                          narrative=narrative, future=future))
                return (found + suffix, True, value) if found else ("XXXX-WXX" + suffix, False, value)
            if function == "WEEKEND":
                if anchor is None:
                    return "XXXX-WXX-WE" + suffix, False, value
                found = _within_calendar(lambda: _news_weekend(anchor, future=future))
                return (found + suffix, True, value) if found else ("XXXX-WXX-WE" + suffix, False, value)
            if function == "REF":
                unit = args[0]
                placeholder = _PLACEHOLDER.get(unit, "XXXX") + suffix
                if anchor is None or not _INTEGER.match(args[1]):  # "vor 1,5 Jahren": no whole offset
                    return placeholder, False, value
                offset = int(args[1])
                shifted = _within_calendar(lambda: _shift(unit, offset, anchor))
                return (shifted + suffix, True, value) if shifted else (placeholder, False, value)
            if function in ("NEWSDAY", "PASTDAY"):
                number = int(args[0])
                if anchor is None:
                    return f"XXXX-WXX-{number}" + suffix, False, value
                found = _within_calendar(
                    lambda: _news_weekday(number, anchor, future=future, past_only=function == "PASTDAY")
                )
                return (found + suffix, True, value) if found else (f"XXXX-WXX-{number}" + suffix, False, value)
            if function == "PERIOD":
                period = args[0]
                if anchor is None:
                    return f"XXXX-{period}" + suffix, False, value
                found = _within_calendar(
                    lambda: _nearest_period(period, anchor, narrative=narrative, future=future)
                )
                return (found + suffix, True, value) if found else (f"XXXX-{period}" + suffix, False, value)
            if function == "HOLIDAY":
                if len(args) > 1 and args[1]:  # "Easter 2020": no anchor needed
                    found = _within_calendar(lambda: holiday_date(args[0], int(args[1])).isoformat())
                elif anchor is None:
                    return "XXXX-XX-XX" + suffix, False, value
                else:
                    found = _within_calendar(lambda: holiday_date(
                        args[0], _year_for(lambda y: holiday_date(args[0], y), anchor, narrative=narrative,
                                           future=future)).isoformat())
                return (found + suffix, True, value) if found else ("XXXX-XX-XX" + suffix, False, value)
            if function in ("WEEKDAY", "MONTH"):
                number, direction = int(args[0]), int(args[1])
                if direction == 0 and future and function == "WEEKDAY":
                    direction = 1
                placeholder = (f"XXXX-WXX-{number}" if function == "WEEKDAY" else f"XXXX-{number:02d}") + suffix
                if anchor is None:
                    return placeholder, False, value
                compute = _weekday if function == "WEEKDAY" else _month
                found = _within_calendar(lambda: compute(number, direction, anchor))
                return (found + suffix, True, value) if found else (placeholder, False, value)
        except (IndexError, ValueError) as error:
            raise AnchorError(f"bad arguments in {value!r}: {error}") from None
        raise AnchorError(f"unknown function in {value!r}")
    if _YEARLESS.match(value):
        if anchor is None:
            return value, False, value
        if value[5:6] in ("Q", "H") and _PERIOD_START.match(value[4:]):
            # "the first half", "the fourth quarter": as PERIOD(), the latest begun unless the sentence looks ahead
            found = _within_calendar(lambda: _nearest_period(value[5:], anchor, narrative=narrative, future=future))
        else:
            found = _within_calendar(lambda: _nearest_year(value, anchor, narrative=narrative, future=future,
                                                           past=past))
        # At the calendar's ends ("am 1. Januar" written on 31 December 9999) the year may not exist: unanchored.
        return (found, True, value) if found else (value, False, value)
    return value, True, ""
