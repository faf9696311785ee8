"""Corrections on large tables: the indexed `apply_corrections` gives exactly what the row-by-row one gave
(tests/reference_corrections.py), on random tables and logs of every operation, and on a large table the rows a
correction concerns come out as they do when the same log is applied to those rows alone."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_corrections import reference_apply

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.synthetic_events import synthetic_events  # noqa: E402
from events import correction_log as changes  # noqa: E402
from events.correction_log import Change, Correction  # noqa: E402
from events.corrections import apply_corrections  # noqa: E402
from events.io import read_events, write_events  # noqa: E402
from events.schema import conform, is_conformed  # noqa: E402

KINDS = ("date", "title", "actors", "type", "hide", "unhide", "merge", "split", "add", "undo", "vanished")


@cache
def pool() -> pd.DataFrame:
    return synthetic_events(60, seed=11)


def stored(log: list[Correction], change: Change) -> None:
    log.append(Correction(change.operation, change.target, change.keys, change.payload, id=len(log) + 1,
                          author="test", note=""))


def with_merged_rows(frame: pd.DataFrame, groups: list[list[int]], log: list[Correction] | None = None
                     ) -> pd.DataFrame:
    """`frame` as an export that holds merged events (rows with several sources), read back in; with `log`, the
    merges are stored in it, and corrections already in it applied too (an event added by hand)."""
    log = [] if log is None else log
    for group in groups:
        members = {frame.at[i, "event_id"]: frame.iloc[i].to_dict() for i in group}
        if len(members) > 1:
            stored(log, changes.merge(list(members.values())))
    return apply_corrections(frame, log, keep_hidden=True)


def random_log(draw: st.DrawFn, frame: pd.DataFrame, log: list[Correction]) -> list[Correction]:
    """`log` and more corrections of every kind on rows of `frame`, as the analyst saw them (with sources)."""
    rows = frame.to_dict(orient="records")
    pick = st.integers(0, len(rows) - 1)
    for kind in draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=12)):
        row = rows[draw(pick)]
        if kind == "date":
            stored(log, changes.set_date(row, "2019-05-01", draw(st.sampled_from([None, "2019-05-31", "2019-12-31"]))))
        elif kind == "title":
            stored(log, changes.set_title(row, f"Title {len(log)}"))
        elif kind == "actors":
            stored(log, changes.set_actors(row, draw(st.lists(st.sampled_from(["A", "B", "Actor 001"]), max_size=2))))
        elif kind == "type":
            stored(log, changes.set_event_type(row, draw(st.sampled_from(["treaty", "protest", "other"]))))
        elif kind in ("hide", "unhide"):
            stored(log, (changes.hide if kind == "hide" else changes.unhide)(row))
        elif kind == "merge":
            others = [rows[draw(pick)] for _ in range(draw(st.integers(1, 2)))]
            members = {member["event_id"]: member for member in [row, *others]}
            if len(members) > 1:
                stored(log, changes.merge(list(members.values())))
        elif kind == "split":
            merges = [c for c in log if c.operation == changes.MERGE]
            if len(row["sources"]) > 1:
                stored(log, changes.split(row, row["sources"][-1]["event_id"]))
            elif merges:  # split a mention off an event merged by hand, as the analyst saw it merged
                merge = merges[-1]
                stored(log, Change(changes.SPLIT, merge.target, merge.keys, {"mention_id": merge.keys[-1]}))
        elif kind == "add":
            stored(log, changes.add({"title": f"By hand {len(log)}", "start": "2021-03-04", "actors": ["A"]}))
        elif kind == "undo":
            candidates = [c for c in log if c.operation != changes.UNDO and c.id not in changes.undone_ids(log)]
            if candidates:
                stored(log, changes.undo(draw(st.sampled_from(candidates))))
        else:  # a correction of an event whose article is gone: a title, or a split of a mention of it
            gone = {"event_id": "gone:1:2", "sources": [{"event_id": "gone:1:2"}, {"event_id": "gone:5:6"}]}
            stored(log, draw(st.sampled_from([changes.set_title(gone, "x"), changes.split(gone, "gone:5:6")])))
    return log


@st.composite
def tables_and_logs(draw: st.DrawFn) -> tuple[pd.DataFrame, list[Correction]]:
    positions = draw(st.lists(st.integers(0, len(pool()) - 1), min_size=2, max_size=12))  # repeats: duplicates
    frame = conform(pool().iloc[positions].reset_index(drop=True))
    groups = draw(st.lists(st.lists(st.integers(0, len(frame) - 1), min_size=2, max_size=3), max_size=2))
    log: list[Correction] = []
    if draw(st.booleans()):  # the table is an export that holds an event added by hand: it is not added twice
        stored(log, changes.add({"title": "Added before the export", "start": "2020-01-01"}))
    if groups or log:
        frame = with_merged_rows(frame, groups, log if draw(st.booleans()) else [*log])
    return frame, random_log(draw, frame, log)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_and_logs(), st.booleans())
def test_the_indexed_apply_gives_what_the_row_by_row_one_gave(case: tuple[pd.DataFrame, list[Correction]],
                                                               keep_hidden: bool) -> None:
    frame, log = case
    before = frame.copy()
    result = apply_corrections(frame, log, keep_hidden=keep_hidden)
    expected = reference_apply(frame, log, keep_hidden=keep_hidden)
    pd.testing.assert_frame_equal(result, expected)
    assert result.attrs == expected.attrs
    pd.testing.assert_frame_equal(frame, before)  # the input is not changed


def test_a_table_that_still_needs_conforming_gives_the_same(tmp_path: Path) -> None:
    """Read from CSV, sources and actors are text until conformed: the indexed apply conforms them first."""
    frame = with_merged_rows(conform(pool().head(8)), [[0, 1], [2, 5, 6]])
    write_events(frame, tmp_path / "events.csv")
    raw = pd.read_csv(tmp_path / "events.csv")
    assert not is_conformed(raw) and is_conformed(read_events(tmp_path / "events.csv"))
    log: list[Correction] = []
    stored(log, changes.set_title(frame.iloc[0].to_dict(), "Merged by hand, retitled"))
    stored(log, changes.split(frame.iloc[0].to_dict(), frame.iloc[0]["sources"][1]["event_id"]))
    stored(log, changes.hide(frame.iloc[3].to_dict()))
    pd.testing.assert_frame_equal(apply_corrections(raw, log, keep_hidden=True),
                                  reference_apply(raw, log, keep_hidden=True))


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return synthetic_events(20_000, seed=3)


def test_on_a_large_table_the_corrected_rows_are_as_on_those_rows_alone(large: pd.DataFrame) -> None:
    """50 corrections of every kind on 20,000 events: the rows they concern come out as when the row-by-row
    apply corrects just those rows, and every other row is the input's, in its place."""
    rows = large.sample(52, random_state=8).to_dict(orient="records")
    log: list[Correction] = []
    stored(log, changes.merge(rows[:3]))
    stored(log, Change(changes.SPLIT, log[-1].target, log[-1].keys, {"mention_id": rows[1]["event_id"]}))
    stored(log, changes.add({"title": "Talks added by hand", "start": "2021-03-04", "actors": ["Actor 001"]}))
    builders = (lambda r: changes.set_date(r, "2019-02-03"), lambda r: changes.set_title(r, f"Of {r['event_id']}"),
                lambda r: changes.set_actors(r, ["Actor 002"]), lambda r: changes.set_event_type(r, "treaty"),
                changes.hide)
    for index, row in enumerate(rows[3:50]):
        stored(log, builders[index % len(builders)](row))
    stored(log, changes.undo(log[5]))

    result = apply_corrections(large, log, keep_hidden=True)

    concerned = {key for c in log for key in c.keys}
    touched = large["event_id"].isin(concerned)
    alone = reference_apply(large[touched], log, keep_hidden=True)
    corrected = result[result["event_id"].isin(set(alone["event_id"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(corrected.sort_values("event_id", ignore_index=True),
                                  alone.sort_values("event_id", ignore_index=True))
    # 50 rows concerned: three merged into one and one of them split off again (two), and one added by hand.
    assert len(alone) == touched.sum() == 50 and corrected["correction_revision"].gt(0).all()
    untouched = result[~result["event_id"].isin(set(alone["event_id"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(untouched, large[~touched].reset_index(drop=True))
    assert len(result) == len(large) and result["event_id"].iloc[-1] == log[2].target
    assert result.attrs["unmatched_corrections"] == []
