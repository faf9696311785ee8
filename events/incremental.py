"""Adding mentions to a merged table: only the events the new mentions can reach are merged again.

`merge_events` on the whole table after each upload costs seconds at 30,000 events and half a minute at 100,000.
Yet a link (events/merge.py) joins only mentions of compatible types whose dates are not apart, so the events an
upload can change are those linked to its mentions, and those linked to them, and so on: its link component.
Everything else was merged before and stays as it is. `merge_into` finds that component row by row (rows are
filtered on their type and on the span of days their mentions cover, then their mentions compared with the rule
set), merges it again, and keeps the other rows.

When `merged` is what `merge_events` makes of its rows (merging it again changes nothing), the result is exactly
`merge_events(pd.concat([added, merged]))` (tests/test_merge_scale.py checks it); a table that was never merged
keeps its own duplicates, and only what is added joins it. The added mentions must be new to `merged` (an
article read again is taken out of it first, as `dashboard.data.add_events` does).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from events.merge import Mention, MergeRules, is_linked, merged_rows, row_mentions
from events.schema import COLUMN_NAMES, conform, is_conformed

ORDER_STEP = 1_000_000  # a row's mentions are numbered row * ORDER_STEP + index: ordered as merge_events orders


class _Rows:
    """Per row of the table: the event types and the span of days of its mentions, for filtering candidates
    without building every row's mentions; the mentions themselves built when a row is a candidate."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        count = len(frame)
        self.first = np.full(count, math.inf)
        self.last = np.full(count, -math.inf)
        self.undated = np.zeros(count, dtype=bool)
        self.types: list[frozenset[str]] = []
        self._mentions: dict[int, list[Mention]] = {}
        self._compatible: dict[str, np.ndarray] = {}  # per event type, the rows of types compatible with it
        starts = frame["start"].tolist()
        ends = frame["end"].tolist()
        open_starts = frame["open_start"].tolist()
        open_ends = frame["open_end"].tolist()
        for row, (sources, kind) in enumerate(zip(frame["sources"], frame["event_type"], strict=True)):
            if len(sources) > 1:
                spans = [_span(s["start"], s["end"], s["open_start"], s["open_end"]) for s in sources]
                self.types.append(frozenset(str(s["event_type"]) for s in sources))
            else:
                spans = [_span(starts[row], ends[row], open_starts[row], open_ends[row])]
                self.types.append(frozenset([str(kind)]))
            for first, last in spans:
                if first is None:
                    self.undated[row] = True
                else:
                    self.first[row] = min(self.first[row], first)
                    self.last[row] = max(self.last[row], last)  # type: ignore[type-var]
        self.with_type: dict[str, np.ndarray] = {}  # per event type, the rows holding a mention of it
        for row, types in enumerate(self.types):
            for kind in types:
                self.with_type.setdefault(kind, np.zeros(count, dtype=bool))[row] = True

    def mentions(self, row: int) -> list[Mention]:
        if row not in self._mentions:
            self.build([row])
        return self._mentions[row]

    def build(self, rows: Sequence[int]) -> None:
        """The mentions of these rows, made in one go (taking rows from the frame one by one costs milliseconds
        each); each numbered by its row, ORDER_STEP apart."""
        missing = [row for row in rows if row not in self._mentions]
        if missing:
            for row, record in zip(missing, self.frame.iloc[missing].to_dict(orient="records"), strict=True):
                self._mentions[row] = row_mentions(record, row * ORDER_STEP)

    def candidates(self, mention: Mention, rules: MergeRules, taken: np.ndarray) -> list[int]:
        """Rows not yet taken that hold a mention of a type compatible with `mention` whose dates may be near."""
        kind = mention.record["event_type"]
        if kind in rules.unmergeable_types:
            return []
        compatible = self._compatible.get(kind)
        if compatible is None:  # per type once: the closure asks for the same few types again and again
            compatible = np.zeros(len(self.types), dtype=bool)
            for other, holders in self.with_type.items():
                if rules.types_compatible(kind, other):
                    compatible |= holders
            self._compatible[kind] = compatible
        near = np.ones(len(self.types), dtype=bool)
        if mention.dated:
            first, last = _day_number(mention.first, -math.inf), _day_number(mention.last, math.inf)
            near = self.undated | ((self.first <= last + rules.day_slack) & (self.last >= first - rules.day_slack))
        return np.flatnonzero(compatible & near & ~taken).tolist()


def _day_number(day: date, open_value: float) -> float:
    return open_value if day in (date.min, date.max) else float(day.toordinal())


def _span(start: object, end: object, open_start: object, open_end: object) -> tuple[float | None, float | None]:
    """First and last day number a mention may cover (open ends infinite), or (None, None) without a date."""
    first, last = _day(start), _day(end)
    if first is None and last is None:
        return None, None
    low = -math.inf if open_start or first is None else first
    high = math.inf if open_end or last is None else last
    return low, high


def _day(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, str):
        return float(date.fromisoformat(value).toordinal()) if value else None
    return float(pd.Timestamp(value).toordinal())  # type: ignore[arg-type]


def _component(rows: _Rows, first_new: Sequence[int], rules: MergeRules) -> list[int]:
    """The rows the mentions of rows `first_new` reach by links, those rows included."""
    taken = np.zeros(len(rows.types), dtype=bool)
    taken[list(first_new)] = True
    waiting = [mention for row in first_new for mention in rows.mentions(row)]
    while waiting:
        mention = waiting.pop()
        candidates = rows.candidates(mention, rules, taken)
        rows.build(candidates)
        for row in candidates:
            if any(is_linked(mention, other, rules) for other in rows.mentions(row)):
                taken[row] = True
                waiting.extend(rows.mentions(row))
    return np.flatnonzero(taken).tolist()


def merge_into(merged: pd.DataFrame, added: pd.DataFrame, *, rules: MergeRules | None = None) -> pd.DataFrame:
    """`merged` with the events of `added` merged in: rows `added` first, as `merge_events(pd.concat([added,
    merged]))` orders them. Only the rows linked to the added mentions are merged again."""
    rules = rules or MergeRules()
    both = pd.concat([added, merged], ignore_index=True)
    both = both if is_conformed(both) else conform(both)
    rows = _Rows(both)
    affected = _component(rows, range(len(added)), rules)
    # The affected rows merged again, as merge_events orders them: by the position of their first mention.
    mentions: list[Mention] = []
    rows.build(affected)
    mentions = [mention for row in affected for mention in rows.mentions(row)]
    events = merged_rows(_unique_keys(mentions), rules)
    remerged = pd.DataFrame([row for _, row in events],
                            columns=[*COLUMN_NAMES, *[c for c in both.columns if c not in COLUMN_NAMES]])
    remerged = conform(remerged) if len(remerged) else both.iloc[0:0]
    positions = [order // ORDER_STEP for order, _ in events]
    kept = both.drop(index=affected)
    ordered = pd.concat([remerged, kept], ignore_index=True)
    order = np.argsort(np.array(positions + kept.index.tolist()), kind="stable")
    return ordered.iloc[order].reset_index(drop=True)


def _unique_keys(mentions: list[Mention]) -> list[Mention]:
    """One mention per key, the first (the same article read twice is one source, as in `mentions_of`)."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for mention in sorted(mentions, key=lambda m: m.order):
        if mention.key not in seen:
            seen.add(mention.key)
            unique.append(mention)
    return unique
