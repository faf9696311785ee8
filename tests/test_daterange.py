"""The date range slider's arithmetic (dashboard/daterange.py): span, step, handles and the axis window."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from dashboard_fixtures import events_frame

from dashboard.daterange import (
    SLIDER_EARLIEST,
    SLIDER_LATEST,
    SliderSpan,
    axis_window,
    data_span,
    dates_from_handles,
    handles,
    slider_span,
    step_for,
)


def test_the_data_span_runs_from_the_first_start_to_the_last_end() -> None:
    assert data_span(events_frame()) == (date(1991, 1, 1), date(2024, 12, 15))


def test_no_dated_event_means_no_span() -> None:
    events = events_frame()
    assert data_span(events[events["start"].isna()]) is None
    assert slider_span(None) is None


def test_the_step_grows_with_the_span() -> None:
    assert step_for(200) == timedelta(days=1)
    assert step_for(5 * 365) == timedelta(days=7)
    assert step_for(34 * 365) == timedelta(days=30)


def test_whole_steps_reach_the_last_day_of_the_data() -> None:
    slider = slider_span((date(1991, 1, 1), date(2024, 12, 15)))
    assert slider is not None
    assert slider.first == date(1991, 1, 1) and slider.step == timedelta(days=30)
    assert slider.last >= date(2024, 12, 15)
    assert slider.last - slider.step < date(2024, 12, 15)
    assert (slider.last - slider.first) % slider.step == timedelta(0)


def test_a_single_day_still_makes_a_usable_slider() -> None:
    assert slider_span((date(2024, 3, 5), date(2024, 3, 5))) == SliderSpan(
        date(2024, 3, 4), date(2024, 3, 6), timedelta(days=1))


def test_dates_beyond_what_the_slider_can_hold_are_clamped() -> None:
    slider = slider_span((date(800, 1, 1), date(2024, 1, 1)))
    assert slider is not None and slider.first == SLIDER_EARLIEST
    far = slider_span((date(2990, 1, 1), date(2999, 1, 1)))
    assert far is not None and far.last <= SLIDER_LATEST and far.first < far.last


def test_handles_stand_at_the_exact_dates_clamped_to_the_slider() -> None:
    slider = SliderSpan(date(2020, 1, 1), date(2020, 12, 31), timedelta(days=1))
    assert handles(slider, None, None) == (slider.first, slider.last)
    assert handles(slider, date(2020, 3, 1), date(2020, 4, 1)) == (date(2020, 3, 1), date(2020, 4, 1))
    assert handles(slider, date(1900, 1, 1), date(2030, 1, 1)) == (slider.first, slider.last)
    assert handles(slider, date(2031, 1, 1), None) == (slider.last, slider.last)


def test_only_the_moved_handle_changes_its_date_and_an_end_opens_it() -> None:
    slider = SliderSpan(date(2020, 1, 1), date(2020, 12, 31), timedelta(days=7))
    exact_to = date(2020, 6, 3)  # typed by hand, not on the slider's step
    shown = (slider.first, exact_to)
    assert dates_from_handles(slider, (date(2020, 2, 5), exact_to), shown, None, exact_to) == (
        date(2020, 2, 5), exact_to)
    # Back to the end: no bound on that side, so the link does not carry a date that filters nothing.
    assert dates_from_handles(slider, (date(2020, 2, 5), slider.last), (date(2020, 2, 5), exact_to),
                              date(2020, 2, 5), exact_to) == (date(2020, 2, 5), None)
    assert dates_from_handles(slider, (slider.first, exact_to), (date(2020, 2, 5), exact_to),
                              date(2020, 2, 5), exact_to) == (None, exact_to)


def test_the_axis_window_is_the_chosen_range_within_the_data() -> None:
    span = (date(2020, 1, 1), date(2024, 12, 31))
    assert axis_window(span, None, None) == (None, None)
    assert axis_window(span, date(2021, 1, 1), date(2021, 12, 31)) == (
        pd.Timestamp("2021-01-01"), pd.Timestamp("2022-01-01"))
    assert axis_window(span, date(1900, 1, 1), None) == (pd.Timestamp("2020-01-01"), None)
    assert axis_window(span, None, date(2100, 1, 1)) == (None, pd.Timestamp("2025-01-01"))
    assert axis_window(span, date(2030, 1, 1), None) == (None, None)  # nothing there: the data's own axis
    assert axis_window(None, date(2021, 1, 1), None) == (None, None)
