"""A plain-text progress bar on a terminal, for batch extraction in the CLI (no dependency needed for one line)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 30
# Fewer documents than this finish before a bar would tell anyone anything.
MIN_DOCUMENTS_FOR_BAR = 5
_REDRAW_SECONDS = 0.1  # a redraw per document would slow a batch of many small files


def wants_progress_bar(documents: int, stream: TextIO | None = None) -> bool:
    """A bar only where someone watches: on a terminal (not a log file or pipe), and for more than a few."""
    stream = stream if stream is not None else sys.stderr
    return documents >= MIN_DOCUMENTS_FOR_BAR and stream.isatty()


class ProgressBar:
    """`chronik: [#######.......] 120/400 documents`, redrawn in place with a carriage return."""

    def __init__(self, stream: TextIO | None = None, noun: str = "documents") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.noun = noun
        self._last_drawn = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        finished = total is not None and done >= total
        now = time.monotonic()
        if not finished and now - self._last_drawn < _REDRAW_SECONDS:
            return
        self._last_drawn = now
        self.stream.write("\r" + self.line(done, total))
        if finished:
            self.stream.write("\n")
        self.stream.flush()

    def line(self, done: int, total: int | None) -> str:
        if not total:
            return f"chronik: {done:,} {self.noun}"
        filled = BAR_WIDTH * done // total
        return f"chronik: [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,} {self.noun}"
