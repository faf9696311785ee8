"""The date range slider's arithmetic: the data's span, a step that suits it, and the two-way mapping between the
slider's handles and the exact From/To dates. Pure: app.py wires it to the widgets.

The exact dates are the filter's state (and the URL's `from`/`to`); the slider is a view of them clamped to the
data's span. A handle pushed to its end of the slider means "no bound on that side", so a link stays short and a
later upload that widens the span is not cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

# The slider sends microseconds since 1970 as a JavaScript number, which holds about 285 years either way
# exactly; Streamlit refuses dates beyond that. An event in the year 800 must not break the sidebar.
SLIDER_EARLIEST = date(1700, 1, 1)
SLIDER_LATEST = date(2239, 12, 31)
# Slider steps by span: days while a day is still a few pixels of a sidebar slider, then weeks, then months.
STEPS: tuple[tuple[int, timedelta], ...] = ((3 * 366, timedelta(days=1)), (30 * 366, timedelta(days=7)))
LONG_SPAN_STEP = timedelta(days=30)


@dataclass(frozen=True)
class SliderSpan:
    """The slider's ends and step. `last` may lie a little past the data so that whole steps reach it."""

    first: date
    last: date
    step: timedelta

    def clamp(self, day: date) -> date:
        return min(max(day, self.first), self.last)


def data_span(events: pd.DataFrame) -> tuple[date, date] | None:
    """The first start and the last end (or start) of `events`, or None when no event has a date."""
    starts = events["start"].dropna()
    if starts.empty:
        return None
    ends = events["end"].fillna(events["start"]).dropna()
    return starts.min().date(), max(ends.max(), starts.max()).date()


def step_for(days: int) -> timedelta:
    """Days for short spans, weeks and then 30 days for longer ones, so a drag moves in sensible units."""
    return next((step for longest, step in STEPS if days <= longest), LONG_SPAN_STEP)


def slider_span(span: tuple[date, date] | None) -> SliderSpan | None:
    """The slider for the data's `span`, or None when there is nothing to slide over."""
    if span is None:
        return None
    first = min(max(span[0], SLIDER_EARLIEST), SLIDER_LATEST)
    last = min(max(span[1], SLIDER_EARLIEST), SLIDER_LATEST)
    if last <= first:
        # A single day (or data wholly outside the slider's range): a day either side keeps the slider usable.
        first, last = max(first - timedelta(days=1), SLIDER_EARLIEST), min(last + timedelta(days=1), SLIDER_LATEST)
    step = step_for((last - first).days)
    whole_steps = -(-(last - first) // step)  # ceiling division: the last step reaches `last`
    return SliderSpan(first, min(first + whole_steps * step, SLIDER_LATEST), step)


def handles(slider: SliderSpan, date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """Where the slider's handles stand for the exact dates: clamped to the slider, open bounds at the ends."""
    low = slider.clamp(date_from) if date_from is not None else slider.first
    high = slider.clamp(date_to) if date_to is not None else slider.last
    return (low, high) if low <= high else (high, low)


def dates_from_handles(slider: SliderSpan, moved: tuple[date, date], shown: tuple[date, date],
                       date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """The exact dates after the handles moved from `shown` to `moved`.

    Only a handle that moved changes its date, so an exact date typed into the other one is kept even where it
    is not on the slider's step. A handle at its end of the slider opens that side.
    """
    low, high = sorted(moved)
    if low != shown[0]:
        date_from = None if low <= slider.first else low
    if high != shown[1]:
        date_to = None if high >= slider.last else high
    return date_from, date_to


def axis_window(span: tuple[date, date] | None, date_from: date | None,
                date_to: date | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The stretch of time the charts' date axis should show for a date filter: the chosen range, within the
    data's span (a `from` decades before the first event would only squash the chart). The end is exclusive."""
    if span is None:
        return None, None
    low = pd.Timestamp(max(date_from, span[0])) if date_from is not None and date_from <= span[1] else None
    high = pd.Timestamp(min(date_to, span[1])) + pd.Timedelta(days=1) if date_to is not None \
        and date_to >= span[0] else None
    if low is not None and high is not None and high <= low:
        return None, None
    return low, high
