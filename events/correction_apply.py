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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

from events.actors import display_names
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
    CorrectionError,
    describe,
    event_keys,
    undone_ids,
)
from events.eventtypes import event_type_info, event_type_label
from events.merge import Mention, mentions_of, merged_row
from events.resources import available_languages
from events.schema import COLUMN_NAMES, conform, is_conformed
from events.titles import compose_title, is_composed_title

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
    frame = events if is_conformed(events) else conform(events)
    if (frame["event_id"].str.strip() == "").any():
        raise CorrectionError("the event has no event_id")
    # An export that already holds corrections, read back in, is corrected afresh, not twice.
    frame = frame.assign(hidden=False, corrected=False, correction_notes=pd.Series("", index=frame.index,
                         dtype=frame["correction_notes"].dtype), correction_revision=0)
    table = _Table(frame, {key for c in log for key in c.keys})
    notes: dict[str, list[str]] = {}  # event_id -> lines, for rows made or changed by structure changes
    unmatched: list[int] = []
    failed: list[str] = []
    for correction in (c for c in active if c.operation in STRUCTURE_OPERATIONS):
        try:
            if not _restructure(table, correction, notes):
                unmatched.append(correction.id)
        except (KeyError, TypeError, ValueError) as error:  # a stored correction no check caught: skipped
            failed.append(_failure(correction, error))
    for handle in table.with_event_ids(set(notes)):
        row = table.row(handle)
        _mark(row, notes[row["event_id"]])
    for correction in (c for c in active if c.operation in FIELD_OPERATIONS):
        found = table.best_match(set(correction.keys), correction.target)
        if found is None:
            unmatched.append(correction.id)
            continue
        try:
            changed = dict(table.row(found))
            _change_content(changed, correction)
            _mark(changed, [describe(correction)])
        except (KeyError, TypeError, ValueError) as error:
            failed.append(_failure(correction, error))
            continue
        table.row(found).update(changed)
    revisions: dict[int, int] = {}
    for correction in log:
        for handle in table.concerned(correction.keys):
            revisions[handle] = max(revisions.get(handle, 0), correction.id)
    for handle, revision in revisions.items():
        table.row(handle)["correction_revision"] = revision
    result = table.frame()
    if not keep_hidden:
        result = result[~result["hidden"]].reset_index(drop=True)
    result.attrs = {"unmatched_corrections": sorted(unmatched)}
    if failed:  # stored corrections that could not be applied, each with why (the others were)
        result.attrs["failed_corrections"] = failed
    return result


def _failure(correction: Correction, error: Exception) -> str:
    return f"correction #{correction.id} ({correction.operation}) could not be applied: {str(error)[:120]}"


class _Table:
    """The rows being corrected, in table order. A row stays in the input frame until a correction concerns it;
    only then is it taken out as a dict, to be changed (or replaced by the rows a merge or split makes), so the
    cost follows the number of corrections rather than of events. Rows taken out are indexed by their keys; every
    row holding a key of some correction is taken out at the start, so the index finds all rows a key names."""

    def __init__(self, frame: pd.DataFrame, wanted: set[str]) -> None:
        self._frame = frame
        self._extras = [name for name in frame.columns if name not in COLUMN_NAMES]
        self._order: list[int] = list(range(len(frame)))  # handles in table order; a frame row's is its position
        self._next_handle = len(frame)
        self._rows: dict[int, dict[str, Any]] = {}  # handle -> the row taken out or made
        self._keys: dict[int, set[str]] = {}
        self._index: dict[str, list[int]] = {}  # key -> handles of the rows holding it
        self._removed: set[int] = set()  # frame rows merged or split away
        self._positions: dict[int, int] | None = None  # handle -> place in the table; None after a change
        self._take_out(_positions_holding(frame, wanted))

    def _take_out(self, positions: Iterable[int]) -> None:
        fresh = [position for position in positions if position not in self._rows and position not in self._removed]
        records = self._frame.iloc[fresh].to_dict(orient="records") if fresh else []
        for handle, row in zip(fresh, records, strict=True):
            self._enter(handle, row)

    def _enter(self, handle: int, row: dict[str, Any]) -> None:
        self._rows[handle] = row
        self._keys[handle] = set(event_keys(row))
        for key in self._keys[handle]:
            self._index.setdefault(key, []).append(handle)

    def _leave(self, handle: int) -> None:
        for key in self._keys.pop(handle):
            self._index[key].remove(handle)
        del self._rows[handle]
        if handle < len(self._frame):
            self._removed.add(handle)

    def row(self, handle: int) -> dict[str, Any]:
        return self._rows[handle]

    def position(self, handle: int) -> int:
        if self._positions is None:
            self._positions = {handle: place for place, handle in enumerate(self._order)}
        return self._positions[handle]

    def concerned(self, keys: Iterable[str]) -> set[int]:
        """The rows holding any of `keys`."""
        return {handle for key in keys for handle in self._index.get(key, ())}

    def best_match(self, keys: set[str], target: str) -> int | None:
        """The row a correction lands on: most keys in common, then the analyst's event id, then the first."""
        return max(self.concerned(keys), default=None, key=lambda handle: (
            len(self._keys[handle] & keys), self._rows[handle]["event_id"] == target, -self.position(handle)))

    def with_event_ids(self, event_ids: set[str]) -> list[int]:
        """The rows whose event_id is one of `event_ids`, in table order."""
        if not event_ids:
            return []
        self._take_out(int(position) for position in self._frame["event_id"].isin(event_ids).to_numpy().nonzero()[0])
        return sorted((handle for handle, row in self._rows.items() if row["event_id"] in event_ids),
                      key=self.position)

    def append(self, row: dict[str, Any]) -> None:
        self._order.append(self._new(row))
        self._positions = None

    def replace(self, handles: Sequence[int], rows: Sequence[dict[str, Any]]) -> None:
        """Put `rows` where the first of `handles` is, and drop the others (a merge, a split)."""
        first = self.position(handles[0])
        gone = set(handles)
        for handle in handles:
            self._leave(handle)
        self._order = [*(h for h in self._order[:first] if h not in gone), *(self._new(row) for row in rows),
                       *(h for h in self._order[first:] if h not in gone)]
        self._positions = None

    def _new(self, row: dict[str, Any]) -> int:
        handle, self._next_handle = self._next_handle, self._next_handle + 1
        self._enter(handle, row)
        return handle

    def frame(self) -> pd.DataFrame:
        """The table as a schema-conformant frame: rows never taken out as they were, the others conformed."""
        taken = [handle for handle in self._order if handle in self._rows]
        if not taken:  # no correction found a row, so none moved either
            return self._frame
        made = conform(pd.DataFrame([self._rows[h] for h in taken], columns=[*COLUMN_NAMES, *self._extras]))
        place = {handle: len(self._frame) + at for at, handle in enumerate(taken)}
        combined = pd.concat([self._frame, made], ignore_index=True)
        return combined.take([place.get(handle, handle) for handle in self._order]).reset_index(drop=True)


def _positions_holding(frame: pd.DataFrame, keys: set[str]) -> list[int]:
    """The positions of the rows whose event id or a mention id is one of `keys`."""
    if not keys:
        return []
    by_id = frame["event_id"].isin(keys).to_numpy()
    return [position for position, (own, sources) in enumerate(zip(by_id, frame["sources"], strict=True))
            if own or any(str(source.get("event_id")) in keys for source in sources)]


def _mark(row: dict[str, Any], lines: list[str]) -> None:
    row["corrected"] = True
    row["correction_notes"] = "\n".join(line for line in [row.get("correction_notes") or "", *lines] if line)


# --- content -----------------------------------------------------------------------------------------------


def _change_content(row: dict[str, Any], correction: Correction) -> None:
    p = correction.payload
    if correction.operation == SET_DATE:
        row.update(_date_columns(p))
    elif correction.operation == SET_ACTORS:
        row["actors"] = list(p["actors"])
        _recompose_title(row)
    elif correction.operation == SET_EVENT_TYPE:
        row["event_type"] = p["event_type"]
        row["cameo_code"] = event_type_info(p["event_type"]).cameo_code
        row["plover"] = event_type_info(p["event_type"]).plover_category
        _recompose_title(row)
    elif correction.operation == SET_TITLE:
        row["title"] = p["title"]
    elif correction.operation in (HIDE, UNHIDE):
        row["hidden"] = correction.operation == HIDE


def _recompose_title(row: dict[str, Any]) -> None:
    """A title Chronik composed from the actors and the type follows them when the analyst changes either; a
    title someone wrote stays."""
    if not is_composed_title(str(row.get("title") or "")):
        return
    lang = str(row.get("lang") or "")
    lang = lang if lang in available_languages() else "en"
    names = display_names(lang)
    row["title"] = compose_title(event_type_label(str(row["event_type"]), lang),
                                 [names.get(actor, actor) for actor in row["actors"]])


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


def _restructure(table: _Table, correction: Correction, notes: dict[str, list[str]]) -> bool:
    """Apply one add, merge or split to `table`; False when it matches nothing."""
    line = describe(correction)
    if correction.operation == ADD:
        row = _manual_row(correction.payload)
        if table.with_event_ids({row["event_id"]}):
            return True  # already in the table (an export with corrections, read back in)
        table.append(row)
        notes.setdefault(row["event_id"], []).append(line)
        return True
    if correction.operation == MERGE:
        return _merge(table, correction, notes, line)
    if correction.operation == SPLIT:
        return _split(table, correction, notes, line)
    raise ValueError(f"not a change of structure: {correction.operation}")


def _manual_row(payload: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": payload["event_id"], "doc_id": payload.get("doc_id", MANUAL_DOC_ID),
        "doc_title": payload.get("doc_title", ""), "lang": payload.get("lang", ""), "title": payload["title"],
        "date_text": payload.get("date_text", ""), "event_type": payload["event_type"],
        "cameo_code": event_type_info(payload["event_type"]).cameo_code,
        "plover": event_type_info(payload["event_type"]).plover_category, "actors": list(payload["actors"]),
        # A hand-made event has no article sentence; its description (or its title) stands in for one.
        "sentence": payload.get("sentence") or payload["title"],
        **_date_columns(payload),
    }
    return conform(pd.DataFrame([row])).to_dict(orient="records")[0]


def _merge(table: _Table, correction: Correction, notes: dict[str, list[str]], line: str) -> bool:
    found = {table.best_match(set(member), member[0]) for member in correction.payload["members"]}
    handles = sorted((handle for handle in found if handle is not None), key=table.position)
    if len(handles) == 1:  # already one event (the extraction merged them too): only the note is left to add
        notes.setdefault(table.row(handles[0])["event_id"], []).append(line)
    if len(handles) < 2:
        return len(handles) == 1
    chosen = [table.row(handle) for handle in handles]
    earlier = [note for row in chosen for note in str(row["merge_notes"]).splitlines() if note]
    merged = _row_of(mentions_of(pd.DataFrame(chosen)), [*earlier, f"[analyst] {line}"])
    for row in chosen:
        notes.setdefault(merged["event_id"], []).extend(notes.pop(row["event_id"], []))
    notes.setdefault(merged["event_id"], []).append(line)
    table.replace(handles, [merged])
    return True


def _split(table: _Table, correction: Correction, notes: dict[str, list[str]], line: str) -> bool:
    mention_id = correction.payload["mention_id"]
    holding = sorted(table.concerned([mention_id]), key=table.position)
    handle = next((handle for handle in holding if len(table.row(handle)["sources"]) > 1
                   and any(s["event_id"] == mention_id for s in table.row(handle)["sources"])), None)
    if handle is None:
        # Already on its own (a re-extraction no longer merges it) counts as done; gone altogether does not.
        return bool(holding)
    row = table.row(handle)
    mentions = mentions_of(pd.DataFrame([row]))
    rest = [m for m in mentions if m.event_id != mention_id]
    alone = [m for m in mentions if m.event_id == mention_id]
    # Joins that involved the split-off mention no longer hold; the others still explain the rest.
    kept_notes = [note for note in str(row["merge_notes"]).splitlines() if note and mention_id not in note]
    remaining = _row_of(rest, [*kept_notes, f"[analyst] {line}"])
    split_off = _row_of(alone, [f"[analyst] {line}"])
    earlier = notes.pop(row["event_id"], [])
    notes.setdefault(remaining["event_id"], []).extend([*earlier, line])
    notes.setdefault(split_off["event_id"], []).append(line)
    table.replace([handle], [remaining, split_off])
    return True


def _row_of(mentions: list[Mention], merge_notes: list[str]) -> dict[str, Any]:
    """One event from exactly these mentions, built as events.merge builds a merged event (best date, actors of
    all, date candidates); `merge_notes` replace the rule-based ones, since the analyst made this grouping."""
    row = merged_row(mentions)
    conflict = str(row["merge_notes"]).splitlines()  # only the date-conflict line, when there is one
    row["merge_notes"] = "\n".join([*(n for n in merge_notes if not n.startswith("date conflict:")), *conflict])
    return row
