"""The timeline measure (issue 11): are the gold dates of a text shown on the timeline, over the right days?

The tagger's scores say whether a date expression was found and normalized; a user sees something else: the
events `extract_events` makes, each drawn from `start` to `end`. This measure asks, for every gold timex whose
value is a calendar date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, whatever its `mod`):

- **shown**: some mention behind an event (an entry of an event's `sources`) has a date expression
  (`date_char_start`..`date_char_end`) that overlaps the gold timex;
- **exact span**: among those, some mention is drawn (`start`..`end`, as its source entry gives it) over exactly
  the days of the gold value ("1919" = 1919-01-01..1919-12-31), the issue's first reading;
- **right span**: the same, except where the date bounds a longer span and the timeline rightly draws that span:
  "since 1990" (open end) is right when it starts on 1990-01-01, "until Thursday" (open start) when it ends on
  that Thursday, the first date of "from 1991 to 1997" when the bar starts on 1991-01-01 and the second when it
  ends on 1997-12-31; and a gold `mod` is read as the engine reads one ("early 1990" = its first third). An exact
  span is always right.

Both are counted over the shown dates: the share of dates a user sees that are drawn over the right days. The
targets are on the right span: on the exact one a timeline that draws "since 1990" as the open span it is (the
schema's `open_end`), or a war from 1939 to 1945 as one bar, would count as wrong; on TBAQ, 98 of the 166 dates the
exact reading called wrong at the start of issue 11 were such bounds and mods.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.timexeval.corpora import GoldDocument, TimexSpan
from bench.timexeval.evaluation import context

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

RIGHT = "right"  # exact span
BOUND_RIGHT = "right as a bound"  # right span, not exact: the date bounds a range or an open span drawn right
WRONG_SPAN = "wrong span"
NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class ShownDate:
    """One date expression the timeline shows: a mention of an event, with the days it is drawn over."""

    start: int  # offsets of the date expression in the document text
    end: int
    first_day: date | None
    last_day: date | None
    value: str  # its TIMEX3 value (the first date's, in a range)
    date_text: str
    mod: str = ""
    open_start: bool = False
    open_end: bool = False
    anchor: str = ""  # what the date was counted from, where the events say so (date_anchor)

    def own_last_day(self) -> date | None:
        """The last day its own (first) date covers: a range draws beyond it."""
        from events.timex import timex_interval

        return timex_interval(self.value, self.mod).end


@dataclass(frozen=True)
class TimelineCase:
    """One gold calendar date and what the timeline made of it."""

    document: str
    gold: TimexSpan
    verdict: str  # RIGHT, WRONG_SPAN or NOT_SHOWN
    shown: tuple[ShownDate, ...]
    context: str
    dct: date | None = None


@dataclass
class TimelineScore:
    corpus: str
    documents: int = 0
    seconds: float = 0.0
    cases: list[TimelineCase] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for case in self.cases if case.verdict == verdict)

    @property
    def gold(self) -> int:
        return len(self.cases)

    @property
    def shown(self) -> int:
        return self.gold - self.count(NOT_SHOWN)

    @property
    def exact(self) -> int:
        return self.count(RIGHT)

    @property
    def right(self) -> int:
        return self.count(RIGHT) + self.count(BOUND_RIGHT)

    @property
    def exact_share(self) -> float:
        return self.exact / self.shown if self.shown else 0.0

    @property
    def shown_share(self) -> float:
        return self.shown / self.gold if self.gold else 0.0

    @property
    def right_share(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def mod_gold(self) -> int:
        return sum(1 for case in self.cases if case.gold.mod)


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _flag(value: object) -> bool:
    return value is True or str(value).lower() == "true"


def _offset(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None  # pandas' missing values


def shown_dates(sources: Iterable[Sequence[Mapping[str, Any]]]) -> list[ShownDate]:
    """The date expressions behind events, from each event's `sources`; mentions dated from their passage
    (no date expression of their own) show no date expression."""
    shown = []
    for records in sources:
        for record in records:
            start, end = _offset(record.get("date_char_start")), _offset(record.get("date_char_end"))
            if start is None or end is None:
                continue
            shown.append(ShownDate(
                start, end, _day(record.get("start")), _day(record.get("end")), str(record.get("timex") or ""),
                str(record.get("date_text") or ""), str(record.get("timex_mod") or ""),
                _flag(record.get("open_start")), _flag(record.get("open_end")), str(record.get("date_anchor") or ""),
            ))  # fmt: skip
    return shown


def calendar_span(value: str) -> tuple[date, date]:
    """The first and last day of a calendar value: "1919" -> 1919-01-01..1919-12-31."""
    from events.timex import timex_interval  # the engine's own reading of a value, so both sides agree

    interval = timex_interval(value)
    assert interval.start is not None and interval.end is not None, value
    return interval.start, interval.end


def gold_span(gold: TimexSpan) -> tuple[date, date]:
    """The days a gold date covers with its mod, as the engine reads a mod ("early 1990": its first third); a mod
    that opens the span ("after 1990") leaves the value's own days."""
    from events.timex import timex_interval

    interval = timex_interval(gold.value, gold.mod)
    if interval.start is None or interval.end is None:
        return calendar_span(gold.value)
    return interval.start, interval.end


def draws_as_bound(shown: ShownDate, gold: TimexSpan) -> bool:
    """Whether a mention draws the gold date right as one bound of a longer span: "since 1990" starting on its
    first day, "until Thursday" ending on it, either date of "from 1991 to 1997" as the bar's start or end."""
    first, last = gold_span(gold)
    if (shown.first_day, shown.last_day) == (first, last):
        return True
    opens = gold.start <= shown.start  # the gold date opens the mention's date expression
    if shown.open_end or shown.last_day is None:
        return opens and shown.first_day == first
    if shown.open_start or shown.first_day is None:
        return shown.last_day == last
    own_last = shown.own_last_day()
    if own_last is not None and shown.last_day > own_last:  # a range: the bar runs on to a later date
        return shown.first_day == first if opens else shown.last_day == last
    return False


def score_document(document: GoldDocument, shown: Sequence[ShownDate]) -> list[TimelineCase]:
    cases = []
    for gold in document.timexes:
        if not CALENDAR_VALUE.match(gold.value):
            continue
        try:
            first, last = calendar_span(gold.value)
        except ValueError:  # an impossible gold date (2010-02-30): no span to compare
            continue
        overlapping = tuple(s for s in shown if s.start < gold.end and gold.start < s.end)
        if not overlapping:
            verdict = NOT_SHOWN
        elif any((s.first_day, s.last_day) == (first, last) for s in overlapping):
            verdict = RIGHT
        elif any(draws_as_bound(s, gold) for s in overlapping):
            verdict = BOUND_RIGHT
        else:
            verdict = WRONG_SPAN
        cases.append(TimelineCase(document.name, gold, verdict, overlapping,
                                  context(document.text, gold.start, gold.end), document.dct))  # fmt: skip
    return cases


# --- why a span is wrong ---------------------------------------------------------------------------------------------

ANOTHER_YEAR = "the same month or day in another year"
ANOTHER_GRANULARITY = "the same year at another granularity (year, month, day)"
GOLD_MOD = "a gold date with a mod (early, late, about ...): a part of the value's span"
RANGE_OR_OPEN = "a range or open span (from ... to, since, until)"
OTHER = "other"


def wrong_span_cause(case: TimelineCase) -> str:
    """Which kind of mistake a wrong span is, judged on the mentions that show the gold date."""
    if case.gold.mod:
        return GOLD_MOD
    first, last = calendar_span(case.gold.value)
    drawn = [(s.first_day, s.last_day) for s in case.shown]
    if any(a is None or b is None or a.year != b.year for a, b in drawn if a or b):
        return RANGE_OR_OPEN
    closed = [(a, b) for a, b in drawn if a is not None and b is not None]
    if any(a.year != first.year and (a.month, a.day, b.month, b.day) == (first.month, first.day, last.month, last.day)
           for a, b in closed):  # fmt: skip
        return ANOTHER_YEAR
    if any(a.year == first.year for a, _ in closed):
        return ANOTHER_GRANULARITY
    return OTHER


def cause_counts(cases: Iterable[TimelineCase]) -> Counter[str]:
    return Counter(wrong_span_cause(case) for case in cases if case.verdict == WRONG_SPAN)
