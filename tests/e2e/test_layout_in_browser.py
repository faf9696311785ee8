"""The page in a narrow window: a laptop's 800 px with the sidebar open still shows the summary on one line and
every option of the View and Lanes controls whole, in German (the longer labels) and in English; the sidebar's
From and To fields show their whole dates; the timeline keeps most of its width for the plot, with its legends
above it and every lane label whole."""

from __future__ import annotations

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NARROW = {"width": 800, "height": 900}


def expect_header_fits(dashboard: DashboardPage) -> None:
    assert dashboard.header_summary_lines() == 1, "the summary above the chart wraps into a column"
    for key in ("view", "lanes"):
        assert dashboard.cut_off_options(key) == [], f"options of {key!r} cut off at {NARROW['width']} px"


def test_view_and_lanes_controls_fit_a_narrow_window(dashboard: DashboardPage) -> None:
    dashboard.page.set_viewport_size(NARROW)
    dashboard.open("?ui=de")
    expect(dashboard.sidebar).to_be_visible()  # the narrow case is the one with the sidebar taking its share
    expect_header_fits(dashboard)

    dashboard.sidebar.get_by_role("radio", name="English", exact=True).click()
    expect(dashboard.summary_line).to_be_visible()  # the English summary: the page is drawn in English now
    dashboard.wait_until_idle()
    expect_header_fits(dashboard)


@pytest.mark.parametrize("width", [NARROW["width"], 1400])
def test_from_and_to_show_their_whole_dates(dashboard: DashboardPage, width: int) -> None:
    dashboard.page.set_viewport_size({**NARROW, "width": width})
    dashboard.open("?from=2020-08-13&to=2024-12-15&ui=de")
    assert dashboard.date_field_text("date_from") == "2020-08-13"
    assert dashboard.date_field_text("date_to") == "2024-12-15"
    assert dashboard.cut_off_date_fields() == [], f"From/To cut off at {width} px"


@pytest.mark.parametrize(("width", "language"), [(NARROW["width"], "de"), (1024, "en")])
def test_the_timeline_keeps_its_width_for_the_plot_and_shows_every_lane_label(
    dashboard: DashboardPage, width: int, language: str
) -> None:
    dashboard.page.set_viewport_size({**NARROW, "width": width})
    dashboard.open(f"?ui={language}")
    layout = dashboard.chart_layout()
    assert layout.plot.width >= 0.5 * layout.figure.width, "the plot is a strip beside the legends and labels"
    assert len(layout.legends) == 2
    for legend in layout.legends:  # above the plot, inside the figure
        assert legend.bottom <= layout.plot.top + 1 and layout.figure.left <= legend.left
        assert legend.right <= layout.figure.right + 1
    longest = {"de": "Swjatlana Zichanouskaja", "en": "Sviatlana Tsikhanouskaya"}[language]  # the reader's name
    assert longest in {label.text for label in layout.labels}
    for label in layout.labels:  # whole: inside the figure, left of the plot
        assert label.left >= layout.figure.left and label.right <= layout.plot.left, f"{label.text!r} cut off"
