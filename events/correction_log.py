"""The analyst's corrections as data: one validated operation per change, no storage and no UI.

A correction names the event it was made on by that event's `event_id` and by its *keys*: the event id plus the
mention ids of its `sources` (`doc_id:sentence_start:date_start`). Mention ids are stable across re-extraction,
merged event ids are not (a merged event takes the smallest id of its sources, which changes when a new article
joins), so the keys are what `events.correction_apply` matches on. Builders here validate their input and raise
`CorrectionError` with a message fit to show the analyst; `events.corrections.CorrectionStore` stores the result.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.eventtypes import event_types
from events.merge import PRECISION_RANK

# The operations, by the name stored in the log.
SET_DATE, SET_ACTORS, SET_EVENT_TYPE, SET_TITLE = "set_date", "set_actors", "set_event_type", "set_title"
HIDE, UNHIDE, MERGE, SPLIT, ADD, UNDO = "hide", "unhide", "merge", "split", "add", "undo"
FIELD_OPERATIONS = frozenset({SET_DATE, SET_ACTORS, SET_EVENT_TYPE, SET_TITLE, HIDE, UNHIDE})
STRUCTURE_OPERATIONS = frozenset({MERGE, SPLIT, ADD})
OPERATIONS = FIELD_OPERATIONS | STRUCTURE_OPERATIONS | {UNDO}
MANUAL_PREFIX = "manual:"

# An event as the caller has it: its event_id, or its row (a dict or a pandas Series with `event_id` and
# `sources`). Pass the row where you have it: only then can a correction follow the event's mentions.
EventRef = str | Mapping[str, Any] | Any


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, in words for the analyst. `reason` names the kind
    of problem ("empty_title", "end_before_start", ...) and `params` its details, for a caller that words the
    message in another language (the dashboard's German); "" where there is no such key."""

    def __init__(self, message: str, *, reason: str = "", **params: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Change:
    """A validated correction not yet stored: what to do (`operation`, `payload`) to which event."""

    operation: str
    target: str  # the event_id the analyst saw
    keys: tuple[str, ...]  # target plus its mention ids: what the correction is matched by
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Correction(Change):
    """A stored correction. `id` grows with every write, so it is the log's order and the store's revision."""

    id: int = 0
    author: str = ""
    note: str = ""
    created_at: str = ""  # ISO 8601, UTC

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "operation": self.operation, "target": self.target, "keys": list(self.keys),
                "payload": dict(self.payload), "author": self.author, "note": self.note,
                "created_at": self.created_at}


# --- which event -------------------------------------------------------------------------------------------


def event_keys(event: EventRef) -> tuple[str, ...]:
    """The keys of an event: its event_id first, then the ids of its source mentions, without repeats."""
    if isinstance(event, str):
        event_id, sources = event, []
    else:
        event_id, sources = event.get("event_id"), _source_list(event.get("sources"))
    if not isinstance(event_id, str) or not event_id.strip():
        raise CorrectionError("the event has no event_id")
    mention_ids = [str(s.get("event_id")) for s in sources if isinstance(s, Mapping) and s.get("event_id")]
    return tuple(dict.fromkeys([event_id, *mention_ids]))


def _source_list(value: object) -> list[Any]:
    if isinstance(value, str):  # sources read from a CSV file are JSON text
        try:
            value = json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            return []
    if hasattr(value, "tolist"):  # numpy array from Parquet
        value = value.tolist()  # type: ignore[union-attr]
    return list(value) if isinstance(value, list | tuple) else []


def _on(operation: str, event: EventRef, payload: Mapping[str, Any] | None = None) -> Change:
    keys = event_keys(event)
    return Change(operation, keys[0], keys, dict(payload or {}))


# --- the operations ----------------------------------------------------------------------------------------


def set_date(
    event: EventRef, start: date | str, end: date | str | None = None, *, precision: str | None = None,
    date_text: str | None = None,
) -> Change:
    """The event happened from `start` to `end` (inclusive; default: the one day `start`). `precision` defaults
    to what the span is (day, month, year, else approximate); `date_text` replaces the date as written."""
    first = _real_date(start, "start")
    last = first if end is None or end == "" else _real_date(end, "end")
    if last < first:
        raise CorrectionError(f"the end {last.isoformat()} is before the start {first.isoformat()}",
                              reason="end_before_start", start=first.isoformat(), end=last.isoformat())
    precision = precision or span_precision(first, last)
    if precision not in PRECISION_RANK or precision == "unresolved":
        known = ", ".join(p for p in PRECISION_RANK if p != "unresolved")
        raise CorrectionError(f"unknown date precision {precision!r}; use one of {known}")
    payload: dict[str, Any] = {"start": first.isoformat(), "end": last.isoformat(), "precision": precision}
    if date_text is not None:
        payload["date_text"] = date_text.strip()
    return _on(SET_DATE, event, payload)


def span_precision(first: date, last: date) -> str:
    """How precise a corrected span is: one day, one calendar month, one calendar year, else approximate."""
    if first == last:
        return "day"
    next_day = date.fromordinal(last.toordinal() + 1)
    if first.day == 1 and next_day.day == 1 and (first.year, first.month) == (last.year, last.month):
        return "month"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return "year"
    return "approximate"


def _real_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CorrectionError(f"the {name} {text!r} is not a real date (YYYY-MM-DD)", reason="not_a_date",
                              text=text) from None


def set_actors(event: EventRef, actors: Iterable[str]) -> Change:
    """The event's actors are exactly these (canonical names; an empty list clears them)."""
    if isinstance(actors, str):
        raise CorrectionError("actors must be a list of names, not one text")
    names = [str(actor).strip() for actor in actors]
    if any(not name for name in names):
        raise CorrectionError("an actor name is empty", reason="empty_actor")
    return _on(SET_ACTORS, event, {"actors": list(dict.fromkeys(names))})


def set_event_type(event: EventRef, event_type: str) -> Change:
    """The event is of this type; it must be one of the taxonomy's (`events.eventtypes.event_types()`)."""
    if event_type not in event_types():
        raise CorrectionError(f"unknown event type {event_type!r}; use one of {', '.join(event_types())}")
    return _on(SET_EVENT_TYPE, event, {"event_type": event_type})


def set_title(event: EventRef, title: str) -> Change:
    text = str(title).strip()
    if not text:
        raise CorrectionError("the title is empty", reason="empty_title")
    return _on(SET_TITLE, event, {"title": text})


def hide(event: EventRef) -> Change:
    """The event is false (not a happening, or not one worth keeping): left out unless asked for."""
    return _on(HIDE, event)


def unhide(event: EventRef) -> Change:
    return _on(UNHIDE, event)


def merge(events: Sequence[EventRef]) -> Change:
    """These events are one happening. Each member keeps its own keys in the payload, so each can be found
    again after a re-extraction, wherever it went."""
    members = [event_keys(event) for event in events]
    if len({keys[0] for keys in members}) < 2:
        raise CorrectionError("merging needs at least two different events", reason="merge_needs_two")
    keys = tuple(dict.fromkeys(key for member in members for key in member))
    target = min(member[0] for member in members)
    return Change(MERGE, target, keys, {"members": [list(member) for member in members]})


def split(event: EventRef, mention_id: str) -> Change:
    """Take the source mention `mention_id` out of the (merged) event: it becomes an event of its own."""
    keys = event_keys(event)
    if not isinstance(event, str):  # with only an id, whether it holds the mention shows when applied
        mention_ids = {str(s.get("event_id")) for s in _source_list(event.get("sources")) if isinstance(s, Mapping)}
        if mention_id not in mention_ids:
            raise CorrectionError(f"{mention_id!r} is not one of the sources of {keys[0]!r}", reason="not_a_source",
                                  mention=mention_id, event=keys[0])
        if len(mention_ids) < 2:
            raise CorrectionError(f"{keys[0]!r} has one source only; there is nothing to split off",
                                  reason="one_source", event=keys[0])
    return Change(SPLIT, keys[0], tuple(dict.fromkeys([*keys, mention_id])), {"mention_id": mention_id})


# What a hand-made event must and may give; everything else comes from the schema's defaults.
ADD_REQUIRED = ("title", "start")
ADD_OPTIONAL = ("end", "precision", "date_text", "event_type", "actors", "sentence", "doc_id", "doc_title", "lang")


def add(event: Mapping[str, Any]) -> Change:
    """A hand-made event: at least a title and a start date, with an event_id `manual:<uuid>` made here."""
    missing = [name for name in ADD_REQUIRED if not str(event.get(name) or "").strip()]
    if missing:
        raise CorrectionError(f"a new event needs {' and '.join(missing)}",
                              reason="needs_title" if "title" in missing else "needs_start")
    unknown = sorted(set(event) - set(ADD_REQUIRED) - set(ADD_OPTIONAL))
    if unknown:
        raise CorrectionError(f"a new event cannot set {', '.join(unknown)}; it may set "
                              f"{', '.join(ADD_REQUIRED + ADD_OPTIONAL)}")
    event_id = f"{MANUAL_PREFIX}{uuid.uuid4()}"
    dated = set_date(event_id, event["start"], event.get("end"), precision=event.get("precision"),
                     date_text=event.get("date_text"))
    payload: dict[str, Any] = {**dated.payload, "event_id": event_id, "title": set_title(event_id, event["title"])
                               .payload["title"]}
    payload["event_type"] = set_event_type(event_id, event.get("event_type") or "other").payload["event_type"]
    payload["actors"] = set_actors(event_id, event.get("actors") or []).payload["actors"]
    for name in ("sentence", "doc_id", "doc_title", "lang"):
        if event.get(name):
            payload[name] = str(event[name]).strip()
    return Change(ADD, event_id, (event_id,), payload)


def undo(correction: Correction) -> Change:
    """Take back one stored correction. The log keeps both: an undo is itself a correction."""
    if correction.operation == UNDO:
        raise CorrectionError(f"correction #{correction.id} is an undo; make the change again instead")
    return Change(UNDO, correction.target, correction.keys, {"correction_id": correction.id})


def undone_ids(log: Iterable[Correction]) -> set[int]:
    return {int(c.payload["correction_id"]) for c in log if c.operation == UNDO}


def _text(value: object) -> bool:
    return isinstance(value, str)


def _day_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _members(value: object) -> bool:
    return isinstance(value, list) and len(value) >= 2 and all(_names(member) and member for member in value)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# What the payload of each operation holds, as the builders above make it: field -> check.
_PAYLOAD_FIELDS: dict[str, dict[str, Any]] = {
    SET_DATE: {"start": _day_text, "end": _day_text, "precision": _text},
    SET_ACTORS: {"actors": _names},
    SET_EVENT_TYPE: {"event_type": _text},
    SET_TITLE: {"title": _text},
    HIDE: {},
    UNHIDE: {},
    MERGE: {"members": _members},
    SPLIT: {"mention_id": _text},
    ADD: {"event_id": _text, "title": _text, "start": _day_text, "end": _day_text, "precision": _text,
          "event_type": _text, "actors": _names},
    UNDO: {"correction_id": _whole},
}
_OPTIONAL_TEXT = ("date_text", "sentence", "doc_id", "doc_title", "lang")


def check_stored(correction: Change) -> None:
    """Raise `CorrectionError` when a stored correction is not one the builders here could have made: an unknown
    operation, or a payload without a field its operation needs, or with one of the wrong kind (a row written by
    hand, a damaged file, a newer Chronik's operation). Applying it would fail, or do something else than meant."""
    fields = _PAYLOAD_FIELDS.get(correction.operation)
    if fields is None:
        raise CorrectionError(f"the operation {correction.operation!r} is unknown")
    payload = correction.payload
    for name, check in fields.items():
        if name not in payload:
            raise CorrectionError(f"its payload has no {name!r}")
        if not check(payload[name]):
            raise CorrectionError(f"its payload's {name!r} is not what a {correction.operation} holds: "
                                  f"{str(payload[name])[:40]!r}")
    for name in _OPTIONAL_TEXT:
        if name in payload and not isinstance(payload[name], str):
            raise CorrectionError(f"its payload's {name!r} is not text")
    if correction.operation in (SET_DATE, ADD) and payload["end"] < payload["start"]:
        raise CorrectionError(f"its end {payload['end']} is before its start {payload['start']}")
    if correction.operation in (SET_DATE, ADD) and payload["precision"] not in PRECISION_RANK:
        raise CorrectionError(f"its precision {payload['precision']!r} is unknown")


def describe(correction: Correction) -> str:
    """One line for `correction_notes`: number, what changed, who and why."""
    p = correction.payload
    what = {
        SET_DATE: lambda: "date " + (p["start"] if p["start"] == p["end"] else f"{p['start']}..{p['end']}")
        + f" ({p['precision']})",
        SET_ACTORS: lambda: "actors " + (", ".join(p["actors"]) or "(none)"),
        SET_EVENT_TYPE: lambda: f"type {p['event_type']}",
        SET_TITLE: lambda: f"title {p['title']!r}",
        HIDE: lambda: "hidden",
        UNHIDE: lambda: "shown again",
        MERGE: lambda: "merged " + " + ".join(member[0] for member in p["members"]),
        SPLIT: lambda: f"split off {p['mention_id']}",
        ADD: lambda: "added by hand",
    }[correction.operation]()
    by = f" by {correction.author}" if correction.author else ""
    why = f": {correction.note}" if correction.note else ""
    return f"#{correction.id} {what}{by}{why}"
