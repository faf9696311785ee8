"""The dashboard's corrections: what a submitted form or a clicked button writes to the `CorrectionStore`, and
the message the analyst sees. No Streamlit here; dashboard/correction_form.py draws the widgets.

Every write carries the `correction_revision` of the row the analyst saw, so a correction someone made meanwhile
(another tab, a colleague) is reported instead of overwritten. A form that changes several fields writes one
correction per field, each based on the one before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from dashboard import i18n
from events.correction_log import Correction, CorrectionError
from events.corrections import CorrectionConflict, CorrectionStore
from events.merge import PRECISION_RANK

AUTO_PRECISION = "auto"
PRECISION_CHOICES: tuple[str, ...] = (AUTO_PRECISION, *(p for p in PRECISION_RANK if p != "unresolved"))


@dataclass(frozen=True)
class Refusal:
    """Why the store refused a correction: in the reader's language where the locale has the store's reason
    (`correction_refused.<reason>`), else in the store's English."""

    text: str
    reason: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: CorrectionError) -> Refusal:
        return cls(str(error), error.reason, dict(error.params))

    def worded(self, translator: i18n.Translator) -> str:
        key = f"correction_refused.{self.reason}"
        return translator(key, **self.params) if self.reason and translator.has(key) else self.text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Outcome:
    """What happened to a write, for the analyst: kind is the Streamlit message (success, warning, error), `key`
    and `params` the message in dashboard/locales (worded on the page, in the reader's language)."""

    kind: Literal["success", "info", "warning", "error"]
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    selected: tuple[str, ...] | None = None  # the events to select afterwards (None: keep the selection)

    def worded(self, translator: i18n.Translator | None = None) -> str:
        translator = translator or i18n.translator()
        params = {name: value.worded(translator) if isinstance(value, Refusal) else value
                  for name, value in self.params.items()}
        return translator(self.key, **params)

    @property
    def message(self) -> str:
        """The message in English (for logs and test failures)."""
        return self.worded()


@dataclass(frozen=True)
class EventEdits:
    """The correction form's values for one event."""

    title: str
    event_type: str
    actors: tuple[str, ...]
    start: date | None
    end: date | None
    precision: str = AUTO_PRECISION
    date_text: str = ""
    extra_actors: str = ""  # free text, comma-separated: actors not in the list

    def all_actors(self) -> tuple[str, ...]:
        typed = (name.strip() for name in self.extra_actors.replace(";", ",").split(","))
        return tuple(dict.fromkeys([*self.actors, *(name for name in typed if name)]))


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def edits_of(row: Mapping[str, Any]) -> EventEdits:
    """The form's starting values: the event as shown."""
    precision = str(row.get("precision") or "")
    return EventEdits(
        title=str(row.get("title") or ""), event_type=str(row.get("event_type") or ""),
        actors=tuple(row.get("actors") or ()), start=_day(row.get("start")), end=_day(row.get("end")),
        precision=precision if precision in PRECISION_CHOICES else AUTO_PRECISION,
        date_text=str(row.get("date_text") or ""),
    )


def _date_changed(before: EventEdits, after: EventEdits) -> bool:
    return (after.start, after.end or after.start, after.precision, after.date_text.strip()) != (
        before.start, before.end or before.start, before.precision, before.date_text.strip())


def _days_changed(before: EventEdits, after: EventEdits) -> bool:
    return (after.start, after.end or after.start) != (before.start, before.end or before.start)


def _attempt(writes: Sequence[Callable[[int], Correction]], base_revision: int, done: Outcome) -> Outcome:
    """Run the writes in order, each based on the revision the previous one made; report the first failure."""
    revision = base_revision
    try:
        for write in writes:
            revision = write(revision).id
    except CorrectionConflict:
        return Outcome("warning", "edit.conflict")
    except CorrectionError as error:
        return Outcome("error", "edit.not_saved", {"error": Refusal.of(error)})
    return done


def save_edits(store: CorrectionStore, row: Mapping[str, Any], edits: EventEdits, *, author: str = "") -> Outcome:
    """Store the fields the analyst changed (date, actors, type, title); nothing changed writes nothing."""
    before = edits_of(row)
    writes: list[Callable[[int], Correction]] = []
    meta: dict[str, Any] = {"author": author}
    if _date_changed(before, edits):
        if edits.start is None:
            return Outcome("error", "edit.needs_start")
        precision = None if edits.precision == AUTO_PRECISION else edits.precision
        if _days_changed(before, edits) and edits.precision == before.precision:
            precision = None  # new days, and the old precision left as it was: the new span's (a day, a month ...)
        date_text = edits.date_text.strip() if edits.date_text.strip() != before.date_text.strip() else None
        writes.append(lambda base: store.set_date(row, edits.start, edits.end, precision=precision,  # type: ignore[arg-type]
                                                  date_text=date_text, base_revision=base, **meta))
    if list(edits.all_actors()) != list(before.actors):
        writes.append(lambda base: store.set_actors(row, edits.all_actors(), base_revision=base, **meta))
    if edits.event_type != before.event_type:
        writes.append(lambda base: store.set_event_type(row, edits.event_type, base_revision=base, **meta))
    if edits.title.strip() != before.title.strip():
        writes.append(lambda base: store.set_title(row, edits.title, base_revision=base, **meta))
    if not writes:
        return Outcome("info", "edit.nothing_changed")
    return _attempt(writes, _revision(row), Outcome("success", "edit.saved", {"count": len(writes)}))


def set_hidden(store: CorrectionStore, row: Mapping[str, Any], hidden: bool, *, author: str = "") -> Outcome:
    """Hide the event (marked as false), or show a hidden one again."""
    write = store.hide if hidden else store.unhide
    done = Outcome("success", "edit.hidden" if hidden else "edit.shown_again")
    return _attempt([lambda base: write(row, base_revision=base, author=author)], _revision(row), done)


def split_source(store: CorrectionStore, row: Mapping[str, Any], mention_id: str, *, author: str = "") -> Outcome:
    """Take one source out of a merged event: it becomes an event of its own."""
    return _attempt([lambda base: store.split(row, mention_id, base_revision=base, author=author)], _revision(row),
                    Outcome("success", "edit.split_off"))


def merge_rows(store: CorrectionStore, rows: Sequence[Mapping[str, Any]], *, author: str = "") -> Outcome:
    """Merge the selected events into one; it is selected afterwards."""
    base = max((_revision(row) for row in rows), default=0)
    target = min((str(row["event_id"]) for row in rows), default="")
    return _attempt([lambda base: store.merge(rows, base_revision=base, author=author)], base,
                    Outcome("success", "edit.merged", {"count": len(rows)}, selected=(target,)))


@dataclass(frozen=True)
class NewEvent:
    """The values of the "add an event by hand" form."""

    title: str
    start: date | None
    end: date | None = None
    event_type: str = ""
    actors: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""


def add_event(store: CorrectionStore, new: NewEvent, *, author: str = "") -> Outcome:
    """Store a hand-made event; it is selected afterwards."""
    fields: dict[str, Any] = {"title": new.title.strip(), "start": new.start.isoformat() if new.start else "",
                              "actors": list(new.actors)}
    if new.end is not None:
        fields["end"] = new.end.isoformat()
    if new.event_type:
        fields["event_type"] = new.event_type
    if new.description.strip():
        fields["sentence"] = new.description.strip()
    try:
        correction = store.add(fields, author=author)
    except CorrectionError as error:
        return Outcome("error", "edit.not_added", {"error": Refusal.of(error)})
    return Outcome("success", "edit.added", selected=(correction.target,))


def _revision(row: Mapping[str, Any]) -> int:
    return int(row.get("correction_revision") or 0)


def rows_by_id(events: pd.DataFrame, event_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of these events, in the order of `event_ids` (ids not in `events` are skipped)."""
    wanted = list(dict.fromkeys(event_ids))
    found = events[events["event_id"].isin(wanted)].to_dict(orient="records")
    by_id = {str(row["event_id"]): row for row in found}
    return [by_id[event_id] for event_id in wanted if event_id in by_id]


def source_choice_label(source: Mapping[str, Any], width: int = 90) -> str:
    """A source of a merged event as one line for a select box: document, then the start of the sentence."""
    sentence = " ".join(str(source.get("sentence") or "").split())
    if len(sentence) > width:
        sentence = sentence[: width - 1].rstrip() + "…"
    return f"{source.get('doc_title') or source.get('doc_id')}: {sentence}"


def source_choice_labels(sources: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """A label per source (by its event id) for the "Source to split off" box, each different from the others.

    Two reports of one happening often share document and sentence (one sentence naming two events); they are
    told apart by the event each was read as (its title and date as written), and by their order if even that
    is the same, so the analyst knows which one is split off."""
    plain = [source_choice_label(source) for source in sources]
    repeated = {label for label in plain if plain.count(label) > 1}
    labels: dict[str, str] = {}
    for number, (source, label) in enumerate(zip(sources, plain, strict=True), start=1):
        if label in repeated:
            read_as = " · ".join(str(source.get(key) or "").strip() for key in ("title", "date_text")
                                 if str(source.get(key) or "").strip())
            label = f"{read_as or f'source {number}'} — {label}"
        labels[str(source["event_id"])] = label
    labels_seen = list(labels.values())
    return {event_id: label if labels_seen.count(label) == 1 else f"{label} (#{number})"
            for number, (event_id, label) in enumerate(labels.items(), start=1)}
