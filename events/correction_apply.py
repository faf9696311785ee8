"""Apply the analyst's corrections to an events table: a pure function of the table and the log.

Matching rule (why corrections survive a re-extraction that numbers or merges events differently): a correction
carries the keys of the event it was made on, i.e. that event's id and the ids of its source mentions. It lands on
the one current event sharing the most keys with it; on a tie, the event whose event_id is the one the analyst saw,
then the first in the table. A correction whose mentions are all gone (the article was dropped) matches nothing and
is listed in `frame.attrs["unmatched_corrections"]` instead of being guessed onto another event.

Order: first the changes of structure (add, merge, split) in log order, then the changes of content (date, actors,
type, title, hide) in log order, later winning. Content changes thus land on the events as the analyst last
shaped them; a date set on a merged event before a split stays with the part that keeps the event's id.
Undone corrections are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import pandas as pd

from events.correction_log import (
    ADD,
    FIELD_OPERATIONS,
    HIDE,
    MERGE,
    SET_ACTORS,
    SET_DATE,
    SET_EVENT_TYPE,
    SET_TITLE,
    SPLIT,
    STRUCTURE_OPERATIONS,
    UNHIDE,
    Correction,
    describe,
    event_keys,
    undone_ids,
)
from events.eventtypes import event_type_info
from events.merge import Mention, mentions_of, merged_row
from events.schema import COLUMN_NAMES, conform

MANUAL_DOC_ID = "manual"
# TIMEX3 values can say a day, a month or a year; other corrected spans have none.
_TIMEX_FORMAT = {"day": 10, "month": 7, "year": 4}


class CorrectionLog(Protocol):
    def log(self) -> list[Correction]: ...


def apply_corrections(
    events: pd.DataFrame, corrections: CorrectionLog | Iterable[Correction], *, keep_hidden: bool = False
) -> pd.DataFrame:
    """`events` with the corrections applied, schema-conformant. Corrected rows have `corrected` set and
    `correction_notes` filled; `correction_revision` is the latest correction concerning each row. Hidden events
    are dropped unless `keep_hidden`, which keeps them with `hidden` set. The input is not changed."""
    log = corrections.log() if hasattr(corrections, "log") else list(corrections)  # type: ignore[union-attr]
    undone = undone_ids(log)
    active = [c for c in sorted(log, key=lambda c: c.id) if c.id not in undone]
    frame = conform(events)
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    # An export that already holds corrections, read back in, is corrected afresh, not twice.
    frame = frame.assign(hidden=False, corrected=False, correction_notes="", correction_revision=0)
    rows = frame.to_dict(orient="records")
    notes: dict[str, list[str]] = {}  # event_id -> lines, for rows made or changed by structure changes
    unmatched: list[int] = []
    for correction in (c for c in active if c.operation in STRUCTURE_OPERATIONS):
        if not _restructure(rows, correction, notes):
            unmatched.append(correction.id)
    for row in rows:
        if row["event_id"] in notes:
            _mark(row, notes[row["event_id"]])
    row_keys = [set(event_keys(row)) for row in rows]
    for correction in (c for c in active if c.operation in FIELD_OPERATIONS):
        index = _best_match(rows, row_keys, correction)
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


def _mark(row: dict[str, Any], lines: list[str]) -> None:
    row["corrected"] = True
    row["correction_notes"] = "\n".join(line for line in [row.get("correction_notes") or "", *lines] if line)


def _best_match(rows: list[dict[str, Any]], row_keys: list[set[str]], correction: Correction) -> int | None:
    """The row a correction lands on: most keys in common, then the analyst's event id, then the first."""
    return _best_row(rows, row_keys, set(correction.keys), correction.target)


def _best_row(rows: list[dict[str, Any]], row_keys: list[set[str]], keys: set[str], target: str) -> int | None:
    scored = [(len(found & keys), rows[i]["event_id"] == target, -i) for i, found in enumerate(row_keys)]
    best = max(scored, default=(0, False, 0))
    return -best[2] if best[0] > 0 else None


# --- content -----------------------------------------------------------------------------------------------


def _change_content(row: dict[str, Any], correction: Correction) -> None:
    p = correction.payload
    if correction.operation == SET_DATE:
        row.update(_date_columns(p))
    elif correction.operation == SET_ACTORS:
        row["actors"] = list(p["actors"])
    elif correction.operation == SET_EVENT_TYPE:
        row["event_type"] = p["event_type"]
        row["cameo_code"] = event_type_info(p["event_type"]).cameo_code
    elif correction.operation == SET_TITLE:
        row["title"] = p["title"]
    elif correction.operation in (HIDE, UNHIDE):
        row["hidden"] = correction.operation == HIDE


def _date_columns(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The date columns as the analyst set them: a firm, resolved, closed span. `date_inferred` stays: it says
    where the article's date came from, and `date_text` stays the article's words unless replaced."""
    precision = payload["precision"]
    columns: dict[str, Any] = {
        "start": pd.Timestamp(payload["start"]), "end": pd.Timestamp(payload["end"]), "precision": precision,
        "timex": payload["start"][: _TIMEX_FORMAT[precision]] if precision in _TIMEX_FORMAT else "",
        "timex_mod": "", "date_vague": False, "date_resolved": True, "open_start": False, "open_end": False,
    }
    if "date_text" in payload:
        columns["date_text"] = payload["date_text"]
    return columns


# --- structure ---------------------------------------------------------------------------------------------


def _restructure(rows: list[dict[str, Any]], correction: Correction, notes: dict[str, list[str]]) -> bool:
    """Apply one add, merge or split to `rows` in place; False when it matches nothing."""
    line = describe(correction)
    if correction.operation == ADD:
        row = _manual_row(correction.payload)
        if any(existing["event_id"] == row["event_id"] for existing in rows):
            return True  # already in the table (an export with corrections, read back in)
        rows.append(row)
        notes.setdefault(row["event_id"], []).append(line)
        return True
    if correction.operation == MERGE:
        return _merge(rows, correction, notes, line)
    if correction.operation == SPLIT:
        return _split(rows, correction, notes, line)
    raise ValueError(f"not a change of structure: {correction.operation}")


def _manual_row(payload: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": payload["event_id"], "doc_id": payload.get("doc_id", MANUAL_DOC_ID),
        "doc_title": payload.get("doc_title", ""), "lang": payload.get("lang", ""), "title": payload["title"],
        "date_text": payload.get("date_text", ""), "event_type": payload["event_type"],
        "cameo_code": event_type_info(payload["event_type"]).cameo_code, "actors": list(payload["actors"]),
        # A hand-made event has no article sentence; its description (or its title) stands in for one.
        "sentence": payload.get("sentence") or payload["title"],
        **_date_columns(payload),
    }
    return conform(pd.DataFrame([row])).to_dict(orient="records")[0]


def _merge(rows: list[dict[str, Any]], correction: Correction, notes: dict[str, list[str]], line: str) -> bool:
    row_keys = [set(event_keys(row)) for row in rows]
    found = {_best_row(rows, row_keys, set(member), member[0]) for member in correction.payload["members"]}
    indices = sorted(i for i in found if i is not None)
    if len(indices) == 1:  # already one event (the extraction merged them too): only the note is left to add
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
        # Already on its own (a re-extraction no longer merges it) counts as done; gone altogether does not.
        return any(mention_id in event_keys(row) for row in rows)
    mentions = mentions_of(pd.DataFrame([rows[index]]))
    rest = [m for m in mentions if m.event_id != mention_id]
    alone = [m for m in mentions if m.event_id == mention_id]
    # Joins that involved the split-off mention no longer hold; the others still explain the rest.
    kept_notes = [note for note in str(rows[index]["merge_notes"]).splitlines() if note and mention_id not in note]
    remaining = _row_of(rest, [*kept_notes, f"[analyst] {line}"])
    split_off = _row_of(alone, [f"[analyst] {line}"])
    earlier = notes.pop(rows[index]["event_id"], [])
    notes.setdefault(remaining["event_id"], []).extend([*earlier, line])
    notes.setdefault(split_off["event_id"], []).append(line)
    rows[index : index + 1] = [remaining, split_off]
    return True


def _row_of(mentions: list[Mention], merge_notes: list[str]) -> dict[str, Any]:
    """One event from exactly these mentions, built as events.merge builds a merged event (best date, actors of
    all, date candidates); `merge_notes` replace the rule-based ones, since the analyst made this grouping."""
    row = merged_row(mentions)
    conflict = str(row["merge_notes"]).splitlines()  # only the date-conflict line, when there is one
    row["merge_notes"] = "\n".join([*(n for n in merge_notes if not n.startswith("date conflict:")), *conflict])
    return row
