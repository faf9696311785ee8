"""The dashboard end to end: `streamlit run` in a subprocess, driven in Debian's Chromium by Playwright.

What AppTest (tests/test_app.py) cannot see: the page the browser draws, the URL it shows, a link opened in a
new page, a file the browser downloads, a file chosen in the browser's upload form, a click on the chart, and a
correction that outlives the session it was made in.

All tests share one server on the bundled sample and its corrections file: a test that corrects an event changes
only what no other test reads (here: the treaty's title).
"""

from __future__ import annotations

import re
import struct

import pytest
from conftest import DashboardServer, dashboard_context
from dashboard_page import DashboardPage, UploadedFile, read_download
from playwright.sync_api import Browser, expect

from dashboard.export import EXPORT_SCALE, EXPORT_WIDTH_PX

pytestmark = pytest.mark.browser

LUKASHENKO = "Alexander Lukashenko"
LUKASHENKO_QUERY = "?actor=Alexander+Lukashenko"
# The sample article's 1991 independence of Belarus involves Belarus and the Soviet Union, not Lukashenko.
LANE_WITHOUT_LUKASHENKO = "Soviet Union"
ALL_EVENTS_SHOWN = re.compile(r"^(\d+) of \1 events")  # "10 of 10 events"
# The treaty of December 2024 is the sample's latest event with Lukashenko.
TREATY_SENTENCE_WORD = "Vertrag"
CORRECTED_TREATY_TITLE = "Sicherheitsvertrag Minsk (im Browsertest korrigiert)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A place the bundled sample never names, so a text search finds only this article's events.
UPLOADED_ARTICLE = UploadedFile(
    name="sotschi.txt",
    content=(
        "Lukaschenko trifft Putin in Sotschi\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir "
        "Putin in Sotschi. Sie sprachen über einen Vertrag."
    ).encode(),
)


def expect_only_lukashenko_events(dashboard: DashboardPage) -> None:
    """Chart, summary and table show the sample's Lukashenko events only, and the filter shows him chosen."""
    expect(dashboard.chosen_actor(LUKASHENKO)).to_be_visible()
    expect(dashboard.summary_line).not_to_have_text(ALL_EVENTS_SHOWN)
    dashboard.wait_until_idle()
    summary = dashboard.summary()
    assert 0 < summary.shown < summary.total
    expect(dashboard.chart_subtitle).to_have_text(re.compile(rf"^{summary.shown} events? "))
    lanes = dashboard.chart_lanes()
    assert LUKASHENKO in lanes and LANE_WITHOUT_LUKASHENKO not in lanes
    dashboard.expect_table_rows(summary.shown)
    actors = dashboard.table_column("Actors")
    assert len(actors) == summary.shown
    assert all(LUKASHENKO in cell for cell in actors), actors


def test_the_app_opens_on_the_sample_with_timeline_and_table(dashboard: DashboardPage) -> None:
    dashboard.open()
    expect(dashboard.sidebar).to_contain_text("Showing the bundled sample article")
    summary = dashboard.summary()
    assert summary.shown == summary.total > 0 and summary.documents == 1
    expect(dashboard.chart.locator(".gtitle")).to_have_text("Chronik — events by actor")
    expect(dashboard.chart_subtitle).to_have_text(re.compile(rf"^{summary.total} events  ·  1 document"))
    assert {LUKASHENKO, LANE_WITHOUT_LUKASHENKO} <= set(dashboard.chart_lanes())
    dashboard.expect_table_rows(summary.total)
    assert "Date as written" in dashboard.table_grid.locator("thead th").all_text_contents()
    assert "?" not in dashboard.page.url  # no filter, nothing in the URL


def test_choosing_an_actor_filters_chart_and_table_and_goes_into_the_url(dashboard: DashboardPage) -> None:
    dashboard.open()
    expect(dashboard.summary_line).to_have_text(ALL_EVENTS_SHOWN)
    dashboard.choose_actor(LUKASHENKO)
    expect(dashboard.page).to_have_url(re.compile(rf"/{re.escape(LUKASHENKO_QUERY)}$"))
    expect_only_lukashenko_events(dashboard)


def test_a_shared_link_opens_with_its_filter_in_a_fresh_page(dashboard: DashboardPage) -> None:
    dashboard.open(LUKASHENKO_QUERY)  # a new page is a new Streamlit session, as for a link sent to someone
    expect_only_lukashenko_events(dashboard)
    expect(dashboard.page).to_have_url(re.compile(rf"/{re.escape(LUKASHENKO_QUERY)}$"))


def test_the_png_download_is_a_png_of_the_chart_at_export_size(dashboard: DashboardPage) -> None:
    dashboard.open()
    download = dashboard.download("PNG")
    assert download.suggested_filename.endswith(".png")
    png = read_download(download)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 20_000, f"a {len(png)}-byte PNG is too small to hold the timeline"
    # IHDR, the first chunk, holds width and height as big-endian integers.
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == EXPORT_WIDTH_PX * EXPORT_SCALE and height > 0


# Two articles whose only dates are relative: each is placed by its own publication date, taken from its name.
DATED_BY_NAME = [
    UploadedFile(name="minsk-2023-03-04.txt", content=(
        "Lukaschenko trifft Putin in Sotschi\n\nGestern trafen sich Alexander Lukaschenko und Wladimir Putin in "
        "Sotschi. Sie sprachen über einen Vertrag.").encode()),
    UploadedFile(name="brest-2023-05-10.txt", content=(
        b"Proteste in Brest\n\nGestern protestierten in Brest Hunderte gegen Alexander Lukaschenko.")),
]


def test_uploaded_articles_are_kept_in_a_workspace_with_their_own_dates_and_a_link_opens_it(
    dashboard: DashboardPage, browser: Browser, sample_dashboard: DashboardServer
) -> None:
    dashboard.open()
    dashboard.upload_articles(DATED_BY_NAME)
    expect(dashboard.sidebar.get_by_test_id("stAlertContentSuccess").first).to_contain_text("2 articles read into")
    expect(dashboard.page).to_have_url(re.compile(r"[?&]ws=articles-"))
    expect(dashboard.summary_line).to_have_text(re.compile(r"events from 2 documents$"))
    for day in ("2023-03-03", "2023-05-09"):  # "gestern" from each file's own date, once the table is redrawn
        expect(dashboard.table_grid.locator("tbody td").filter(has_text=re.compile(rf"^{day}$")).first).to_be_attached()
    dashboard.wait_until_idle()
    shown = dashboard.summary()
    link = dashboard.page.url

    dashboard.page.reload()  # a new session: the articles are still there
    dashboard.wait_until_drawn()
    assert dashboard.summary() == shown
    expect(dashboard.page).to_have_url(re.compile(r"[?&]ws=articles-"))

    with dashboard_context(browser, sample_dashboard) as fresh:  # the link, in a browser that never saw it
        page = DashboardPage(fresh.new_page())
        page.page.goto(link)
        page.wait_until_drawn()
        assert page.summary() == shown
        assert {"2023-03-03", "2023-05-09"} <= set(page.table_column("Start"))


def test_clicking_an_event_on_the_chart_shows_its_sources(dashboard: DashboardPage) -> None:
    dashboard.open(LUKASHENKO_QUERY)
    panel = dashboard.detail_panel
    expect(panel).to_contain_text("Select an event in the chart")
    dashboard.click_latest_event_in_lane(LUKASHENKO)
    title = panel.get_by_role("heading", level=4)
    expect(title).to_be_visible()
    expect(panel).to_contain_text(re.compile(r"Sources? \(\d+\)"))
    expect(panel).to_contain_text(re.compile(rf"Actors · [^\n]*{LUKASHENKO}"))
    expect(panel.locator("blockquote").first).to_contain_text(TREATY_SENTENCE_WORD)
    dashboard.wait_until_idle()
    assert title.inner_text() in dashboard.table_column("Title")


def test_a_correction_is_saved_and_shown_after_a_reload(dashboard: DashboardPage) -> None:
    dashboard.open(LUKASHENKO_QUERY)
    dashboard.click_latest_event_in_lane(LUKASHENKO)
    expect(dashboard.detail_panel.locator("blockquote").first).to_contain_text(TREATY_SENTENCE_WORD)
    dashboard.correct_title(CORRECTED_TREATY_TITLE)
    expect(dashboard.detail_panel.get_by_role("heading", level=4)).to_have_text(CORRECTED_TREATY_TITLE)
    dashboard.wait_until_idle()

    dashboard.page.reload()  # a new Streamlit session: the correction comes from the corrections file
    dashboard.wait_until_drawn()
    expect(dashboard.chosen_actor(LUKASHENKO)).to_be_visible()
    dashboard.expect_table_cell(CORRECTED_TREATY_TITLE)
    assert CORRECTED_TREATY_TITLE in dashboard.table_column("Title")
