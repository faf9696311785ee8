"""The map view and the place filter in a real browser: the world's outlines come from the app itself (no CDN), the
sample's places are drawn, a place chosen in the sidebar goes into the link and narrows the map, and a click on a
circle selects its events."""

from __future__ import annotations

import re

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_map_draws_the_world_and_the_sample_places(dashboard: DashboardPage) -> None:
    dashboard.open("?view=map")
    geo = dashboard.chart.locator(".geo")
    expect(geo).to_have_count(1)
    # Country borders: drawn from dashboard/static/topojson, which the app serves itself.
    expect(dashboard.chart.locator("path.countries, .countries path").first).to_be_attached()
    circles = dashboard.chart.locator(".scattergeo path.point")
    expect(circles.first).to_be_visible()
    assert circles.count() >= 3  # Minsk, Belarus, Kyiv, ...


def test_a_place_chosen_in_the_sidebar_goes_into_the_link_and_a_click_selects_its_events(
    dashboard: DashboardPage,
) -> None:
    dashboard.open("?view=map")
    page = dashboard.page
    page.get_by_role("combobox", name="Places").click()
    page.get_by_role("option", name="Minsk", exact=True).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]place=Minsk"))
    dashboard.wait_until_idle()
    circles = dashboard.chart.locator(".scattergeo path.point")
    expect(circles.first).to_be_visible()
    box = circles.first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    dashboard.wait_until_idle()
    expect(page.get_by_test_id("stDataFrame").locator('tbody tr[aria-selected="true"]').first).to_be_attached()
