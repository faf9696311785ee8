"""What a bar of the counts-over-time view and a cell of the actor co-occurrence view stand for: the counts they
draw, the short key each mark sends to the browser, and the events behind a key when a selection comes back.

A mark once carried the ids of all its events, which made the figures grow with the data (3.8 MB at 100,000
events). A key names the mark by what it counts instead (a bar: its group and period; a cell: its two actors), so
looking it up in the events the chart was drawn from gives exactly the events it counted, however many. Counting
and looking up are vectorised: both run on every rerun or selection at 100,000 events. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.counts import PERIODS, Period, all_period_starts, period_starts

CountBy = Literal["event_type", "precision"]
COUNT_BY: tuple[CountBy, ...] = ("event_type", "precision")
_PERIOD_BY_NAME: dict[str, Period] = {period.name: period for period in PERIODS}

# A bar's key: (group, first day of its period as YYYY-MM-DD, period name), e.g. ("protest", "2020-08-01", "month").
BarKey = tuple[str, str, str]
# A cell's key: its row actor and its column actor; the same actor twice is that actor's own events.
CellKey = tuple[str, str]


def _ordered_unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


# --- counts over time ---------------------------------------------------------------------------------------------


def _groups(dated: pd.DataFrame, by: CountBy) -> np.ndarray:
    """The value each event is stacked by, as text ("" for none)."""
    return dated[by].astype(object).where(dated[by].notna(), "").to_numpy(dtype=object)


@dataclass(frozen=True)
class CountGrid:
    """Dated events counted per group (event type or precision) and period: the bars of the counts view."""

    period: Period
    starts: np.ndarray  # the first day (datetime64[D]) of every period from the first event's to the last's
    groups: list[str]  # most events first; ties in order of first appearance
    counts: np.ndarray  # events per group and period (groups × periods)
    event_cells: np.ndarray  # per dated event, its bar as group * periods + period
    event_ids: np.ndarray  # per dated event, its id

    def bar_key(self, group: int, period: int) -> list[str]:
        # numpy writes any year (a century's bar may start in year 0), where strftime knows only years 1 to 9999
        return [self.groups[group], str(np.datetime_as_string(self.starts[period], unit="D")), self.period.name]

    def cells_holding(self, selected: Iterable[str]) -> set[int]:
        """The bars (group * periods + period) that count at least one of the `selected` events."""
        wanted = pd.Index(list(selected), dtype=object)
        if wanted.empty:
            return set()
        return set(np.unique(self.event_cells[pd.Index(self.event_ids).isin(wanted)]).tolist())


def count_grid(dated: pd.DataFrame, period: Period, by: CountBy = "event_type") -> CountGrid:
    """Count `dated` (events with a start date, and the columns event_id, start and `by`) per group and period."""
    values = _groups(dated, by)
    codes, uniques = pd.factorize(values)  # first appearance order, as Counter.most_common breaks ties
    totals = np.bincount(codes, minlength=len(uniques))
    order = np.argsort(-totals, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    starts = period_starts(dated["start"].to_numpy(), period)
    first, last = dated["start"].min(), dated["start"].max()
    columns = all_period_starts(first.to_datetime64(), last.to_datetime64(), period)
    cells = rank[codes] * len(columns) + np.searchsorted(columns, starts)
    counts = np.bincount(cells, minlength=len(uniques) * len(columns)).reshape(len(uniques), len(columns))
    return CountGrid(period, columns, [str(uniques[index]) for index in order], counts, cells,
                     dated["event_id"].to_numpy(dtype=object))


def _bar_keys(keys: Iterable[Sequence[object]]) -> list[tuple[str, np.datetime64, Period]]:
    """The keys that name a bar (group, day, known period); anything else a browser might send is left out."""
    parsed = []
    for key in keys:
        if len(key) != 3 or not all(isinstance(part, str) for part in key) or key[2] not in _PERIOD_BY_NAME:
            continue
        try:
            day = np.datetime64(key[1], "D")
        except ValueError:
            continue
        parsed.append((str(key[0]), day, _PERIOD_BY_NAME[str(key[2])]))
    return parsed


def bar_events(events: pd.DataFrame, keys: Iterable[Sequence[object]], by: CountBy = "event_type") -> list[str]:
    """The ids of the events that the bars named by `keys` count in a counts view of `events` (by start date),
    bar by bar in the order of `keys`, each id once."""
    wanted = _bar_keys(keys)
    dated = events.loc[events["start"].notna(), ["event_id", "start", by]]
    if not wanted or dated.empty:
        return []
    groups = _groups(dated, by)
    ids = dated["event_id"].to_numpy(dtype=object)
    found: list[str] = []
    for period in dict.fromkeys(period for _, _, period in wanted):  # one chart has one period; cheap otherwise
        rows = pd.DataFrame({"group": groups, "day": period_starts(dated["start"].to_numpy(), period),
                             "row": np.arange(len(dated))})
        bars = pd.DataFrame({"group": [group for group, _, p in wanted if p is period],
                             "day": np.array([day for _, day, p in wanted if p is period], dtype="datetime64[D]"),
                             "bar": [index for index, (_, _, p) in enumerate(wanted) if p is period]})
        hits = rows.merge(bars, on=["group", "day"]).sort_values(["bar", "row"], kind="stable")
        found.extend(ids[hits["row"].to_numpy()])
    return _ordered_unique(found)


# --- actor co-occurrence ------------------------------------------------------------------------------------------


def actor_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row (position of the event in `events`, actor) per event and actor, an actor named twice once."""
    lengths = events["actors"].map(len).to_numpy(dtype=np.int64)
    rows = np.repeat(np.arange(len(events)), lengths)
    names = [actor for actors in events["actors"] for actor in actors]
    return pd.DataFrame({"row": rows, "actor": pd.Series(names, dtype=object)}).drop_duplicates(ignore_index=True)


@dataclass(frozen=True)
class ActorGrid:
    """How many events each two of the busiest actors share: the cells of the co-occurrence view."""

    actors: list[str]  # the actors shown, most events first (ties by name)
    counts: np.ndarray  # events shared, actors × actors; the diagonal: each actor's own events
    pairs: pd.DataFrame  # one row (event position, row actor, column actor) per event and cell it is counted in
    event_ids: np.ndarray  # per event position, its id
    shared_events: int  # events in at least one cell off the diagonal

    def cells_holding(self, selected: Iterable[str]) -> set[tuple[int, int]]:
        """The cells (row actor, column actor) that count at least one of the `selected` events."""
        wanted = pd.Index(list(selected), dtype=object)
        if wanted.empty:
            return set()
        hits = self.pairs[pd.Index(self.event_ids[self.pairs["row"].to_numpy()]).isin(wanted)]
        return set(zip(hits["a"].tolist(), hits["b"].tolist(), strict=True))


def actor_grid(events: pd.DataFrame, top: int = 25) -> ActorGrid:
    """The `top` actors with most events and, per two of them (both orders, and each with itself), the number of
    events naming both."""
    named = actor_rows(events)
    totals = named["actor"].value_counts()
    actors = sorted(totals.index, key=lambda actor: (-totals[actor], actor))[:max(top, 0)]
    position = pd.Series(np.arange(len(actors)), index=pd.Index(actors, dtype=object))
    kept = named[named["actor"].isin(position.index)]
    kept = pd.DataFrame({"row": kept["row"].to_numpy(), "pos": kept["actor"].map(position).to_numpy(dtype=np.int64)})
    pairs = kept.merge(kept, on="row", suffixes=("_a", "_b")).rename(columns={"pos_a": "a", "pos_b": "b"})
    size = len(actors)
    counts = np.bincount(pairs["a"].to_numpy() * size + pairs["b"].to_numpy(), minlength=size * size)
    off_diagonal = pairs.loc[pairs["a"] != pairs["b"], "row"]
    return ActorGrid(actors, counts.reshape(size, size), pairs, events["event_id"].to_numpy(dtype=object),
                     int(off_diagonal.nunique()))


def _cell_keys(keys: Iterable[Sequence[object]]) -> list[CellKey]:
    return [(key[0], key[1]) for key in keys
            if len(key) == 2 and isinstance(key[0], str) and isinstance(key[1], str)]


def cell_events(events: pd.DataFrame, keys: Iterable[Sequence[object]]) -> list[str]:
    """The ids of the events that the co-occurrence cells named by `keys` count in a view of `events`: those
    naming both actors (one actor twice: those naming it), cell by cell in the order of `keys`, each id once."""
    wanted = _cell_keys(keys)
    if not wanted:
        return []
    named = actor_rows(events)
    named = named[named["actor"].isin({actor for key in wanted for actor in key})]
    rows_of = {actor: np.sort(group.to_numpy()) for actor, group in named.groupby("actor")["row"]}
    none = np.array([], dtype=np.int64)
    ids = events["event_id"].to_numpy(dtype=object)
    found: list[str] = []
    for first, second in wanted:
        rows = np.intersect1d(rows_of.get(first, none), rows_of.get(second, none), assume_unique=True)
        found.extend(ids[rows])
    return _ordered_unique(found)
