"""The dashboard without a mouse: Tab reaches the filters, the reset button and the view switch, each shows where
the focus is, and Enter, Space and the arrow keys operate them. Widgets are found by their keys, so the test holds
in every interface language.

What the keyboard cannot do: focus a single mark of a Plotly chart (Plotly offers no keyboard access to its
points; its toolbar buttons are Tab stops). The keyboard route to an event's details is the table: Tab reaches its
cells (Streamlit's data grid), the arrow keys move between rows and Shift+Space selects the row, as in a
spreadsheet; the detail panel then shows the event with its sources.
"""

from __future__ import annotations

import re

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LUKASHENKO = "Alexander Lukashenko"
TREATY_TYPE = "Treaty/agreement"  # the sample's one treaty (a Type label never corrected by other tests)
TREATY_SOURCE_WORDS = "gegenseitige Sicherheitsgarantien"


def expect_focus_drawn(dashboard: DashboardPage, key: str, unfocused: bytes) -> None:
    """The focused widget looks different from the same widget without focus: a ring, outline or border."""
    assert dashboard.widget(key).screenshot(animations="disabled") != unfocused, f"no visible focus on {key!r}"


def test_filters_reset_and_view_switch_work_from_the_keyboard(dashboard: DashboardPage) -> None:
    dashboard.open()
    page = dashboard.page
    actors_unfocused = dashboard.widget("actors").screenshot(animations="disabled")
    reset_unfocused = dashboard.widget("reset_filters").screenshot(animations="disabled")

    # The first filter, a few presses from the page start (after the language switch and the workspace chooser).
    assert dashboard.tab_to("actors", role="combobox") <= 8
    expect_focus_drawn(dashboard, "actors", actors_unfocused)
    page.keyboard.type("Lukash")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # close the list of actors
    expect(page).to_have_url(re.compile(r"[?&]actor=Alexander\+Lukashenko"))
    expect(dashboard.chosen_actor(LUKASHENKO)).to_be_visible()
    dashboard.wait_until_idle()

    dashboard.tab_to("reset_filters")
    expect_focus_drawn(dashboard, "reset_filters", reset_unfocused)
    page.keyboard.press("Enter")
    expect(dashboard.chosen_actor(LUKASHENKO)).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"actor="))
    dashboard.wait_until_idle()

    dashboard.tab_to("view", role="radio")  # the views are a radio group: one Tab stop, arrows move within it
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"[?&]view=counts"))
    dashboard.wait_until_idle()
    expect(dashboard.chart.locator(".barlayer .point").first).to_be_attached()


def test_an_events_details_and_sources_are_reached_from_the_keyboard_through_the_table(
        dashboard: DashboardPage) -> None:
    dashboard.open()
    page = dashboard.page
    types = dashboard.table_column("Type")
    assert types.count(TREATY_TYPE) == 1, types
    expect(dashboard.detail_panel.locator("blockquote")).to_have_count(0)  # nothing selected yet
    expect(dashboard.detail_panel).to_contain_text("Shift+Space")  # the panel tells keyboard users the way

    dashboard.tab_into_table()
    dashboard.arrow_to_row(types.index(TREATY_TYPE))
    page.keyboard.press("Shift+Space")  # the grid's "select row"
    dashboard.expect_selected_rows(1)
    assert dashboard.selected_table_column("Type") == [TREATY_TYPE]
    expect(dashboard.detail_panel.locator("blockquote")).to_have_count(1)
    expect(dashboard.detail_panel.locator("blockquote")).to_contain_text(TREATY_SOURCE_WORDS)
    expect(dashboard.detail_panel).to_contain_text(TREATY_TYPE)
