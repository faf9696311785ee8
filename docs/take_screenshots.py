"""Take the README's screenshots of the dashboard on the bundled sample article, in English:

    .venv/bin/python docs/take_screenshots.py [OUT_DIR]   (default: docs/)

dashboard.png is the whole window (1400 × 1000, sidebar open); view-timeline.png, view-counts.png and
view-cooccurrence.png show a view's controls and chart; view-detail.png shows the chart with an event selected
(the treaty, clicked as a user would) and the panel with its sources. The app is served on a free port with a
corrections file of its own, as for the browser tests (tests/e2e/conftest.py), and driven in Debian's Chromium.
Look at every picture before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from conftest import APP_DRAWN_TIMEOUT_MS, CHROMIUM_ARGS, find_chromium, running_dashboard  # noqa: E402
from dashboard_page import DashboardPage  # noqa: E402

WINDOW = {"width": 1400, "height": 1000}
# Streamlit scrolls its main column, not the page, so a part of the page is only drawn in a window tall enough.
TALL_WINDOW = {"width": 1400, "height": 2400}
MARGIN_PX = 12  # white space kept around a cropped part of the page
TOOLBAR_FADE_MS = 1500  # the chart's toolbar fades out after the pointer leaves
DETAIL_QUERY = "?ui=en&actor=Vladimir+Putin"  # the detail shot: Putin's events, a short chart above the panel
SELECTED_LANE = "Vladimir Putin"  # the lane whose latest event (the treaty) the detail shot selects


def crop_to(page: Page, out: Path, top: Locator, bottom: Locator) -> None:
    """Save the part of the page from `top`'s upper edge to `bottom`'s lower edge, across the main column."""
    page.mouse.move(0, 0)  # no hover label or toolbar over the chart
    page.wait_for_timeout(TOOLBAR_FADE_MS)
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    upper, lower = top.bounding_box(), bottom.bounding_box()
    assert main and upper and lower, "a part of the page to crop to is not drawn"
    y = upper["y"] - MARGIN_PX
    height = lower["y"] + lower["height"] + MARGIN_PX - y
    assert y + height <= page.viewport_size["height"], "the part to crop to runs past the window"
    # Inside the column's edges: its left one is the sidebar's border.
    page.screenshot(path=out, clip={"x": main["x"] + 2, "y": y, "width": main["width"] - 4, "height": height})


def take(out_dir: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as workdir, running_dashboard(Path(workdir), chromium=chromium) as server, \
            sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=server.url, viewport=WINDOW, device_scale_factor=1)
        dashboard = DashboardPage(context.new_page())
        expect.set_options(timeout=APP_DRAWN_TIMEOUT_MS)

        dashboard.open("?ui=en")
        dashboard.page.mouse.move(0, 0)  # no hover label or toolbar over the chart
        dashboard.page.wait_for_timeout(TOOLBAR_FADE_MS)
        dashboard.page.screenshot(path=out_dir / "dashboard.png")

        dashboard.page.set_viewport_size(TALL_WINDOW)
        header = dashboard.widget("chart_header")
        for view in ("timeline", "counts", "cooccurrence"):
            dashboard.open(f"?ui=en&view={view}")
            crop_to(dashboard.page, out_dir / f"view-{view}.png", header, dashboard.chart)

        dashboard.open(DETAIL_QUERY)
        dashboard.click_latest_event_in_lane(SELECTED_LANE)
        expect(dashboard.detail_panel.get_by_role("heading", level=4)).to_be_visible()
        dashboard.wait_until_idle()
        crop_to(dashboard.page, out_dir / "view-detail.png", header, dashboard.detail_panel)
        browser.close()


if __name__ == "__main__":
    take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
