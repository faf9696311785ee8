"""The counts-over-time and co-occurrence views in the browser: a click on a bar or a cell, or a box over several,
selects exactly the events they count, in the table and in the detail panel.

AppTest (tests/test_app_views.py) can only pretend to be the chart; here Plotly and Streamlit's frontend send the
selection themselves, in the shape they really use.
"""

from __future__ import annotations

import pytest
from dashboard_page import ChartMark, DashboardPage
from playwright.sync_api import expect

from events.eventtypes import event_type_label

pytestmark = pytest.mark.browser

LUKASHENKO, PUTIN = "Alexander Lukashenko", "Vladimir Putin"
TREATY_SENTENCE_WORD = "Vertrag"


def expect_selection_of(dashboard: DashboardPage, count: int) -> None:
    """Table and panel show as many selected events as the marks count: one in full, several as a list."""
    dashboard.expect_selected_rows(count)
    panel = dashboard.detail_panel
    if count == 1:
        expect(panel.get_by_role("heading", level=4)).to_be_visible()
    else:
        expect(panel.locator("li")).to_have_count(count)


def test_clicking_a_bar_selects_the_events_it_counts(dashboard: DashboardPage) -> None:
    dashboard.open("?view=counts")
    marks = dashboard.bar_marks()
    busiest = max(marks, key=lambda mark: mark.count)
    # The sample's happenings are of many types (PLOVER families): a bar may count one event, a box over a
    # year's stack counts several (the test below).
    assert busiest.count >= 1
    # (type, period start, period): no event ids; the legend names the type by its label
    assert len(busiest.key) == 3 and event_type_label(busiest.key[0], "en") == busiest.trace
    dashboard.click_mark(busiest)
    expect_selection_of(dashboard, busiest.count)
    assert set(dashboard.selected_table_column("Type")) == {busiest.trace}  # the bar's event type, nothing else
    year = busiest.hover.split("<br>")[1][:4]  # "2020: 2 events", the period of a yearly chart
    assert all(start.startswith(year) for start in dashboard.selected_table_column("Start"))

    single = next(mark for mark in marks if mark.count == 1 and mark != busiest)
    dashboard.click_mark(single)  # a click on another bar replaces the selection
    # Wait for the new selection to arrive in the table before reading it.
    expect(dashboard.table_grid.locator('tbody tr[aria-selected="true"]').first).to_contain_text(single.trace)
    dashboard.wait_until_idle()
    expect_selection_of(dashboard, single.count)
    assert dashboard.selected_table_column("Type") == [single.trace]


def test_clicking_a_co_occurrence_cell_selects_the_events_the_two_actors_share(dashboard: DashboardPage) -> None:
    dashboard.open("?view=cooccurrence")
    cell = next(mark for mark in dashboard.bar_marks()
                if LUKASHENKO in mark.hover and PUTIN in mark.hover)
    assert cell.count == 1  # the sample has one event naming both: the treaty
    assert set(cell.key) == {LUKASHENKO, PUTIN}
    dashboard.click_mark(cell)
    expect_selection_of(dashboard, cell.count)
    actors = dashboard.selected_table_column("Actors")
    assert len(actors) == 1 and LUKASHENKO in actors[0] and PUTIN in actors[0]
    expect(dashboard.detail_panel.locator("blockquote").first).to_contain_text(TREATY_SENTENCE_WORD)


def test_a_box_over_a_stack_of_bars_selects_every_event_in_it(dashboard: DashboardPage) -> None:
    dashboard.open("?view=counts")
    marks = dashboard.bar_marks()

    def stacked(mark: ChartMark) -> list[ChartMark]:
        return [other for other in marks if abs(other.x - mark.x) < 1]  # the same period

    busiest = max(marks, key=lambda mark: (len(stacked(mark)), mark.count))
    stack = stacked(busiest)
    assert len(stack) > 1
    counted = sum(mark.count for mark in stack)  # bars of one period count different events
    top, bottom = min(mark.y for mark in stack), max(mark.y + mark.height for mark in stack)
    dashboard.box_select(busiest.x - 4, top - 4, busiest.x + busiest.width + 4, bottom - 2)
    expect_selection_of(dashboard, counted)
    assert set(dashboard.selected_table_column("Type")) == {mark.trace for mark in stack}
