"""The memo the dashboard's tabs share (dashboard/shared.py): worked out once per frame and version, worked out
again for another frame or version, and forgotten with the frame."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

import pandas as pd

from dashboard.shared import FrameMemo


def counted(calls: list[int]) -> Callable[[pd.DataFrame], int]:
    def build(frame: pd.DataFrame) -> int:
        calls.append(len(frame))
        return int(frame["n"].sum())
    return build


def test_a_frame_is_worked_out_once_per_version() -> None:
    memo, calls = FrameMemo(), []
    frame = pd.DataFrame({"n": [1, 2, 3]})
    assert memo.get("sum", frame, counted(calls), version=1) == 6
    assert memo.get("sum", frame, counted(calls), version=1) == 6
    assert calls == [3]
    assert memo.get("sum", frame, counted(calls), version=2) == 6  # a new revision: worked out again
    assert memo.get("sum", frame, counted(calls), version=2) == 6
    assert calls == [3, 3] and len(memo) == 1  # and the old version's value is not kept besides


def test_an_equal_but_other_frame_or_name_is_worked_out_anew() -> None:
    memo, calls = FrameMemo(), []
    one, other = pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [1]})
    memo.get("sum", one, counted(calls))
    memo.get("sum", other, counted(calls))
    memo.get("other", one, counted(calls))
    assert calls == [1, 1, 1] and len(memo) == 3


def test_an_entry_goes_with_its_frame_and_the_frames_its_value_held() -> None:
    memo = FrameMemo()
    loaded = pd.DataFrame({"n": [1, 2]})
    corrected = memo.get("corrected", loaded, lambda frame: frame.assign(n=frame["n"] * 10), version=1)
    memo.get("index", corrected, lambda frame: frame["n"].tolist())
    assert len(memo) == 2
    del corrected
    newer = memo.get("corrected", loaded, lambda frame: frame.assign(n=frame["n"] * 100), version=2)
    gc.collect()
    # The superseded corrected frame died with its entry, and so did what was worked out from it.
    assert len(memo) == 1 and newer["n"].tolist() == [100, 200]
    del loaded, newer
    gc.collect()
    assert len(memo) == 0


def test_tabs_asking_at_once_all_get_the_value() -> None:
    memo = FrameMemo()
    frame = pd.DataFrame({"n": range(1000)})
    results: list[int] = []

    def tab() -> None:
        for version in range(50):
            results.append(memo.get("sum", frame, lambda f: int(f["n"].sum()), version=version % 3))

    threads = [threading.Thread(target=tab) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [sum(range(1000))] * 200 and len(memo) == 1
