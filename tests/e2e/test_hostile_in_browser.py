"""An event whose source address and text carry injection payloads, opened in a real browser (issue 16): the page
asks no host but the dashboard's for anything (no tracking pixel, no image, no link prefetch), shows the payloads
as text, and links only to the event's own source, escaped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from conftest import DashboardServer, dashboard_context, dashboard_page, running_dashboard
from dashboard_page import DashboardPage
from playwright.sync_api import Browser, BrowserContext, Request, Route, expect

from dashboard.safe import WORD_JOINER
from events.io import write_events
from events.schema import conform

pytestmark = pytest.mark.browser

TRACKER = "tracker.example"
HOSTILE_URL = f"https://example.com/a)[x](javascript:alert(1)) ![t](http://{TRACKER}/url-pixel.png"
SENTENCE = (f"Im Dezember 2024 unterzeichneten Putin und Lukaschenko ![p](http://{TRACKER}/md-pixel.png) "
            f"<img src=http://{TRACKER}/html-pixel.png> :material/warning: siehe https://{TRACKER}/auto einen Vertrag.")
LANE = "Vladimir Putin"


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str
                      ) -> Iterator[DashboardServer]:
    folder = tmp_path_factory.mktemp("hostile-dashboard")
    start = SENTENCE.index("Dezember 2024")
    event = {
        "event_id": "hostile:0:3", "doc_id": "hostile", "doc_title": f"![t](http://{TRACKER}/title-pixel.png) Titel",
        "url": HOSTILE_URL, "lang": "de", "start": "2024-12-01", "end": "2024-12-31", "precision": "month",
        "date_text": "Dezember 2024", "title": f"<img src=http://{TRACKER}/h.png> Vertrag", "event_type": "treaty",
        "actors": ["Vladimir Putin", "Alexander Lukashenko"], "sentence": SENTENCE, "char_start": 0,
        "char_end": len(SENTENCE), "date_char_start": start, "date_char_end": start + len("Dezember 2024"),
    }
    events = folder / "hostile.json"
    write_events(conform(pd.DataFrame([event])), events)
    with running_dashboard(folder, chromium=chromium_executable, events_path=events) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_context(browser: Browser, hostile_dashboard: DashboardServer) -> Iterator[BrowserContext]:
    with dashboard_context(browser, hostile_dashboard) as context:
        yield context


def test_opening_an_event_with_a_hostile_url_asks_no_other_host(
    hostile_context: BrowserContext, hostile_dashboard: DashboardServer, request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    own_host = urlsplit(hostile_dashboard.url).hostname
    elsewhere: list[str] = []

    def keep_at_home(route: Route, asked: Request) -> None:
        if urlsplit(asked.url).hostname in (own_host, None) or asked.url.startswith(("data:", "blob:")):
            route.continue_()
            return
        elsewhere.append(asked.url)  # recorded, and never sent: the test needs no network
        route.abort()

    hostile_context.route("**/*", keep_at_home)
    try:
        with dashboard_page(hostile_context, hostile_dashboard, request, tmp_path) as dashboard:
            dashboard.open()
            dashboard.click_latest_event_in_lane(LANE)
            panel = dashboard.detail_panel
            expect(panel.locator("blockquote").first).to_contain_text(":material/warning:")
            dashboard.wait_until_idle()
            shown_as_text(dashboard)
            dashboard.chart.hover()  # the hover label shows the title and the document
            dashboard.wait_until_idle()
            dashboard.page.wait_for_load_state("networkidle")
    finally:
        hostile_context.unroute("**/*")
    assert elsewhere == []


def shown_as_text(dashboard: DashboardPage) -> None:
    panel = dashboard.detail_panel
    assert panel.locator("img").count() == 0
    text = panel.get_by_test_id("stMarkdownContainer")
    assert text.count() > 0
    assert text.get_by_test_id("stIconMaterial").count() == 0  # the buttons' icons are ours; none from data
    seen = panel.inner_text().replace(WORD_JOINER, "")  # invisible: it only keeps Streamlit from making links
    assert f"![p](http://{TRACKER}/md-pixel.png)" in seen and f"<img src=http://{TRACKER}/html-pixel.png>" in seen
    assert f"siehe https://{TRACKER}/auto einen" in seen
    # The heading's anchor ("#...") is Streamlit's link within the page; every other link must be the source's.
    links = panel.locator("a[href]:not([href^='#'])").evaluate_all("links => links.map(link => link.href)")
    assert links, "the source's link is missing"
    for link in links:
        parts = urlsplit(link)
        assert (parts.scheme, parts.hostname) == ("https", "example.com"), links
        assert json.dumps(link).isascii() and " " not in link and "(" not in link
