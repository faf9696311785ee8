"""The row-by-row `apply_corrections` as it was before the indexed one (events/correction_apply.py up to
6d030eb), kept as the oracle the indexed one must agree with (tests/test_correction_apply_scale.py). It turns
every row into a dict, scans all rows for each correction and conforms the whole table twice: seconds at 100,000
events. Only the row finding, the structure changes and the assembly are copied; what a correction does to one
row (`_change_content`, `_mark`, the rows a merge, split or add makes) is the engine's own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from events.correction_apply import _change_content, _manual_row, _mark, _row_of
from events.correction_log import (
    ADD,
    FIELD_OPERATIONS,
    MERGE,
    SPLIT,
    STRUCTURE_OPERATIONS,
    Correction,
    describe,
    event_keys,
    undone_ids,
)
from events.merge import mentions_of
from events.schema import COLUMN_NAMES, conform


def reference_apply(events: pd.DataFrame, log: Iterable[Correction], *, keep_hidden: bool = False) -> pd.DataFrame:
    log = list(log)
    undone = undone_ids(log)
    active = [c for c in sorted(log, key=lambda c: c.id) if c.id not in undone]
    frame = conform(events)
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    frame = frame.assign(hidden=False, corrected=False, correction_notes="", correction_revision=0)
    rows = frame.to_dict(orient="records")
    notes: dict[str, list[str]] = {}
    unmatched: list[int] = []
    for correction in (c for c in active if c.operation in STRUCTURE_OPERATIONS):
        if not _restructure(rows, correction, notes):
            unmatched.append(correction.id)
    for row in rows:
        if row["event_id"] in notes:
            _mark(row, notes[row["event_id"]])
    row_keys = [set(event_keys(row)) for row in rows]
    for correction in (c for c in active if c.operation in FIELD_OPERATIONS):
        index = _best_row(rows, row_keys, set(correction.keys), correction.target)
        if index is None:
            unmatched.append(correction.id)
            continue
        _change_content(rows[index], correction)
        _mark(rows[index], [describe(correction)])
    for row, keys in zip(rows, row_keys, strict=True):
        row["correction_revision"] = max((c.id for c in log if keys & set(c.keys)), default=0)
    result = conform(pd.DataFrame(rows, columns=[*COLUMN_NAMES, *extras]))
    if not keep_hidden:
        result = result[~result["hidden"]].reset_index(drop=True)
    result.attrs["unmatched_corrections"] = sorted(unmatched)
    return result


def _best_row(rows: list[dict[str, Any]], row_keys: list[set[str]], keys: set[str], target: str) -> int | None:
    scored = [(len(found & keys), rows[i]["event_id"] == target, -i) for i, found in enumerate(row_keys)]
    best = max(scored, default=(0, False, 0))
    return -best[2] if best[0] > 0 else None


def _restructure(rows: list[dict[str, Any]], correction: Correction, notes: dict[str, list[str]]) -> bool:
    line = describe(correction)
    if correction.operation == ADD:
        row = _manual_row(correction.payload)
        if any(existing["event_id"] == row["event_id"] for existing in rows):
            return True
        rows.append(row)
        notes.setdefault(row["event_id"], []).append(line)
        return True
    if correction.operation == MERGE:
        return _merge(rows, correction, notes, line)
    if correction.operation == SPLIT:
        return _split(rows, correction, notes, line)
    raise ValueError(f"not a change of structure: {correction.operation}")


def _merge(rows: list[dict[str, Any]], correction: Correction, notes: dict[str, list[str]], line: str) -> bool:
    row_keys = [set(event_keys(row)) for row in rows]
    found = {_best_row(rows, row_keys, set(member), member[0]) for member in correction.payload["members"]}
    indices = sorted(i for i in found if i is not None)
    if len(indices) == 1:
        notes.setdefault(rows[indices[0]]["event_id"], []).append(line)
    if len(indices) < 2:
        return len(indices) == 1
    chosen = [rows[i] for i in indices]
    earlier = [note for row in chosen for note in str(row["merge_notes"]).splitlines() if note]
    merged = _row_of(mentions_of(pd.DataFrame(chosen)), [*earlier, f"[analyst] {line}"])
    for row in chosen:
        notes.setdefault(merged["event_id"], []).extend(notes.pop(row["event_id"], []))
    notes.setdefault(merged["event_id"], []).append(line)
    rows[indices[0]] = merged
    for i in reversed(indices[1:]):
        del rows[i]
    return True


def _split(rows: list[dict[str, Any]], correction: Correction, notes: dict[str, list[str]], line: str) -> bool:
    mention_id = correction.payload["mention_id"]
    index = next((i for i, row in enumerate(rows)
                  if len(row["sources"]) > 1 and any(s["event_id"] == mention_id for s in row["sources"])), None)
    if index is None:
        return any(mention_id in event_keys(row) for row in rows)
    mentions = mentions_of(pd.DataFrame([rows[index]]))
    rest = [m for m in mentions if m.event_id != mention_id]
    alone = [m for m in mentions if m.event_id == mention_id]
    kept_notes = [note for note in str(rows[index]["merge_notes"]).splitlines() if note and mention_id not in note]
    remaining = _row_of(rest, [*kept_notes, f"[analyst] {line}"])
    split_off = _row_of(alone, [f"[analyst] {line}"])
    earlier = notes.pop(rows[index]["event_id"], [])
    notes.setdefault(remaining["event_id"], []).extend([*earlier, line])
    notes.setdefault(split_off["event_id"], []).append(line)
    rows[index : index + 1] = [remaining, split_off]
    return True
