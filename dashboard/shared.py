"""Values worked out from an events frame once, for every browser tab that shows that same frame object.

The loaded events are one frame for all sessions (app.py caches the file as a resource), so the corrected frame
made from them, and what the filters need of that, can be shared too: a second tab, or the other tabs after a
correction is saved, find them worked out instead of spending seconds on 100,000 events each. No Streamlit here.

An entry is found by the frame's identity and lives only as long as the frame (it holds a weak reference to
it), so the frames no session shows any more (an upload's, a superseded revision's) are not kept alive by it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    frame: weakref.ref[pd.DataFrame]
    version: Hashable
    value: Any


class FrameMemo:
    """`build(frame)` per (name, frame object, version), shared between threads (Streamlit sessions)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], _Entry] = {}
        # Re-entrant: replacing an entry can drop the last reference to a frame that keys another entry, and its
        # weak-reference callback then forgets that entry in the same thread.
        self._lock = threading.RLock()

    def get(self, name: str, frame: pd.DataFrame, build: Callable[[pd.DataFrame], T], *,
            version: Hashable = None) -> T:
        """The value `build(frame)` for this frame and version: worked out once, then shared; a call with another
        version works it out again and replaces it (a corrections file has one current revision)."""
        key = (name, id(frame))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.frame() is frame and entry.version == version:
                return entry.value  # type: ignore[no-any-return]
        value = build(frame)  # outside the lock: other tabs keep going meanwhile
        with self._lock:
            self._entries[key] = _Entry(weakref.ref(frame, partial(self._forget, key)), version, value)
        return value

    def _forget(self, key: tuple[str, int], reference: weakref.ref[pd.DataFrame]) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.frame is reference:  # not a newer frame that took the same id
                del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
