"""One Chromium for every image export of a process: Kaleido kept open on a thread of its own.

Starting Kaleido's browser takes seconds (3 to 12 on a busy machine); drawing an image in an open one takes a few
tenths. So the first export starts one `kaleido.Kaleido` on a background thread with its own event loop, and every
later export of the process (the dashboard's sessions, a `chronik export` run writing several files) is drawn in
it. A browser error (a crashed tab, "kaleido_scopes is not defined" while a page loads, a render that hangs) closes
that browser, starts a fresh one and tries once more; if that fails too, `ImageExportFailed` says so in one line.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import threading
from collections.abc import Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

START_TIMEOUT_S = 120.0  # a cold browser on a loaded machine
RENDER_TIMEOUT_S = 90.0
ATTEMPTS = 2
WARM_UP_ENV_VAR = "CHRONIK_IMAGE_WARM_UP"  # "0": start the browser only when an image is asked for (the tests)
# The loggers of Kaleido and the browser driver: their warnings and the browser's own stderr (the Debian wrapper's
# "[: unexpected operator", dbus complaints) are noise to the user; failures reach them through our message.
_QUIET_LOGGERS = ("kaleido", "choreographer", "browser_proc", "logistro")


class ImageExportFailed(RuntimeError):
    """The browser could not draw the image, also after a fresh start; the message is one line for the user."""


class _Session:
    """An open Kaleido on its own event loop and thread."""

    def __init__(self, browser_path: str | None) -> None:
        import kaleido

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="chronik-image-export", daemon=True)
        self.thread.start()
        from dashboard.plotly_locales import locale_script

        # No MathJax (no formulas; no CDN to wait for); Plotly's words in the figure's language (plotly_locales.py).
        page = kaleido.PageGenerator(mathjax=False, others=[(locale_script().as_uri(), "utf-8")])
        options: dict[str, Any] = {"page_generator": page, "timeout": RENDER_TIMEOUT_S}
        if browser_path:
            options["path"] = browser_path

        async def open_kaleido() -> Any:
            opened = kaleido.Kaleido(**options)
            await opened.open()
            return opened

        try:
            self.kaleido = self._run(open_kaleido(), START_TIMEOUT_S)
        except BaseException:
            self._stop_loop()
            raise

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def render(self, figure: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
        return bytes(self._run(self.kaleido.calc_fig(dict(figure), opts=dict(options)), RENDER_TIMEOUT_S + 10))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._run(self.kaleido.close(), 30)
        self._stop_loop()

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


class ImageRenderer:
    """Draws figures as PNG, SVG or PDF in one browser kept for the process; one drawing at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session: _Session | None = None
        self._browser_path: str | None = None
        self._warming = False

    def warm_up(self, browser_path: str | None = None) -> None:
        """Start the browser in the background, so the first export a user asks for does not wait seconds for it
        (the dashboard calls this when it shows its image buttons). Does nothing if one is open or starting."""
        if self._session is not None or self._warming or os.environ.get(WARM_UP_ENV_VAR) == "0":
            return
        self._warming = True
        threading.Thread(target=self._open_quietly, args=(browser_path,), name="chronik-image-warm-up",
                         daemon=True).start()

    def _open_quietly(self, browser_path: str | None) -> None:
        quiet_browser_logs()
        with self._lock:
            try:
                if self._session is None:
                    self._session = _Session(browser_path)
                    self._browser_path = browser_path
            except Exception:  # the export itself tries again, and says why if it fails
                pass
            finally:
                self._warming = False

    def render(self, figure: Mapping[str, Any], options: Mapping[str, Any], *, browser_path: str | None = None
               ) -> bytes:
        """The image bytes of `figure` (a Plotly figure as a dict) with Kaleido's `options` (format, width,
        height, scale). Raises ImageExportFailed with a one-line reason when two attempts fail."""
        quiet_browser_logs()
        with self._lock:
            last_error: BaseException | None = None
            for _ in range(ATTEMPTS):
                try:
                    if self._session is None or browser_path != self._browser_path:
                        self._close_session()
                        self._session = _Session(browser_path)
                        self._browser_path = browser_path
                    return self._session.render(figure, options)
                except (Exception, FutureTimeout) as error:  # any browser failure: start afresh
                    last_error = error
                    self._close_session()
            raise ImageExportFailed(_one_line(options.get("format", "image"), last_error))

    def close(self) -> None:
        with self._lock:
            self._close_session()

    def _close_session(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            session.close()


def _one_line(fmt: object, error: BaseException | None) -> str:
    kind = type(error).__name__ if error is not None else "no answer"
    detail = " ".join(str(error or "").split())[:160]
    reason = f"{kind}: {detail}" if detail else kind
    return (f"the browser could not draw the {str(fmt).upper()} (tried twice, with a fresh browser the second time; "
            f"{reason})")


def quiet_browser_logs() -> None:
    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL)
        logger.propagate = False


RENDERER = ImageRenderer()
atexit.register(RENDERER.close)
