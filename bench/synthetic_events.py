"""Realistic synthetic event tables for the dashboard benchmark: schema-conformant, reproducible from a seed.

Real corpora have a long tail of actors (a few heads of state in every second event, hundreds named once), a mix
of date precisions dominated by days, some vague or open-ended dates, many documents with a few events each,
and sentences of news length. The generator imitates those shapes.

The table is what `chronik extract` writes: one row per happening, merged already. Each row has a sentence of its
own, and no two rows are what events/merge.py would join as one happening (the same event type, an actor in common
and dates that agree; the same exact day with no actors to tell them apart; two actors in common and days next to
each other or no date), so merging the table changes nothing and an article uploaded onto it joins only what it
reports. Candidates are drawn from the distributions above and turned down when they would be such a twin of a
row drawn before; precise dates are drawn first, so where the table is dense (the busiest actors at 100,000
events) the vaguely dated rows give way, as merging real reports folds vague mentions into precise ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from itertools import count as count_from

import numpy as np
import pandas as pd

from events.eventtypes import event_types
from events.schema import conform

# Share of each precision among dated events, roughly as extraction gives them on news.
PRECISIONS: dict[str, float] = {"day": 0.55, "month": 0.2, "year": 0.12, "approximate": 0.08, "unresolved": 0.05}
OPEN_END_SHARE = 0.04
OPEN_START_SHARE = 0.02
INFERRED_SHARE = 0.1
EVENTS_PER_DOCUMENT = 6
FIRST_DAY = pd.Timestamp("1990-01-01")
LAST_DAY = pd.Timestamp("2024-12-31")
# Words every report uses; the rest of a sentence are words of its own happening (names, places, numbers), drawn
# from a lexicon large enough that two reports of different happenings share few of them, as in real news.
_WORDS = (
    "government", "minister", "president", "talks", "border", "agreement", "troops", "capital", "opposition",
    "protest", "police", "court", "parliament", "election", "vote", "sanctions", "embassy", "statement", "meeting",
    "treaty", "crisis", "negotiations", "spokesman", "security", "officials", "report", "according", "said", "on",
    "in", "the", "of", "and", "with", "after", "before", "during", "against", "between",
)
COMMON_WORD_SHARE = 0.3
LEXICON_SIZE = 8000
_SYLLABLES = ("ka", "lo", "mi", "nu", "ser", "tav", "bre", "dov", "gi", "zan", "pol", "rek", "stu", "vi", "ma",
              "hel", "or", "ti", "bor", "sa", "nek", "dra", "ul", "fen", "ko", "lis", "gar", "te", "mon", "pra")
# Kinds of date, drawn in this order: the precise ones first, the ones that cover most last.
_DRAW_ORDER = ("day", "month", "approximate", "year", "open", "unresolved")
_ROUNDS = 8  # batches of candidates per kind of date before the rest are drawn without actors (who never clash)
_OPEN = 10**7  # an open start or end, in days: before or after any date drawn


def _actor_names(count: int) -> list[str]:
    return [f"Actor {index:03d}" for index in range(count)]


def _lexicon(rng: np.random.Generator) -> np.ndarray:
    syllables = np.array(_SYLLABLES)
    words: dict[str, None] = {}
    while len(words) < LEXICON_SIZE:
        parts = rng.integers(0, len(syllables), size=(LEXICON_SIZE, 3))
        lengths = rng.integers(2, 4, size=LEXICON_SIZE)
        words.update(dict.fromkeys("".join(syllables[row[:size]]) for row, size in zip(parts, lengths, strict=True)))
    return np.array(list(words)[:LEXICON_SIZE], dtype=object)


def _sentences(rng: np.random.Generator, count: int) -> list[str]:
    """Sentences of 12 to 45 words, as in news: common words and words of their own happening, each its own."""
    vocabulary = np.concatenate([np.array(_WORDS, dtype=object), _lexicon(rng)])
    lengths = rng.integers(12, 46, size=count)
    common = rng.integers(0, len(_WORDS), size=(count, 45))
    own = rng.integers(len(_WORDS), len(vocabulary), size=(count, 45))
    words = vocabulary[np.where(rng.random((count, 45)) < COMMON_WORD_SHARE, common, own)]
    return [" ".join(row[:length]).capitalize() + "." for row, length in zip(words, lengths, strict=True)]


@dataclass(frozen=True)
class _Pools:
    """What candidates are drawn from: actors with Zipf-like weights, event types with skewed weights."""

    actors: list[str]
    actor_weights: np.ndarray
    types: list[str]
    type_weights: np.ndarray


def _actor_lists(rng: np.random.Generator, count: int, names: list[str], weights: np.ndarray) -> list[list[str]]:
    """One to three actors per event, a few with none; Zipf-like weights give the long tail."""
    sizes = rng.choice([0, 1, 2, 3], size=count, p=[0.08, 0.45, 0.35, 0.12])
    picks = np.array(names, dtype=object)[rng.choice(len(names), size=int(sizes.sum()), p=weights)].tolist()
    ends = np.cumsum(sizes).tolist()
    return [list(dict.fromkeys(picks[end - size : end])) for size, end in zip(sizes.tolist(), ends, strict=True)]


def _kinds(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """The precision and open ends of each event to be drawn."""
    precision = rng.choice(list(PRECISIONS), size=count, p=list(PRECISIONS.values()))
    unresolved = precision == "unresolved"
    open_end = (rng.random(count) < OPEN_END_SHARE) & ~unresolved
    open_start = (rng.random(count) < OPEN_START_SHARE) & ~unresolved & ~open_end
    return pd.DataFrame({"precision": precision, "open_start": open_start, "open_end": open_end})


def _dates(rng: np.random.Generator, kinds: pd.DataFrame) -> pd.DataFrame:
    """Dates of these kinds: days skewed to recent years, months and years around them, vague windows."""
    count = len(kinds)
    precision = kinds["precision"].to_numpy()
    days = (LAST_DAY - FIRST_DAY).days
    # Recent years are reported more: a skewed draw over the period.
    offsets = (days * rng.beta(3.0, 1.2, size=count)).astype(int)
    day = FIRST_DAY + pd.to_timedelta(offsets, unit="D")
    month_start = day.to_period("M").to_timestamp()
    year_start = day.to_period("Y").to_timestamp()
    start = pd.Series(day)
    end = pd.Series(day)
    is_month, is_year = precision == "month", precision == "year"
    is_vague, is_unresolved = precision == "approximate", precision == "unresolved"
    start[is_month] = month_start[is_month]
    end[is_month] = (month_start + pd.offsets.MonthEnd(0))[is_month]
    start[is_year] = year_start[is_year]
    end[is_year] = (year_start + pd.offsets.YearEnd(0))[is_year]
    # "recently", "early 2022": a window of a few weeks to a few months around the day.
    window = pd.to_timedelta(rng.integers(14, 120, size=count), unit="D")
    end[is_vague] = (day + window)[is_vague]
    start[is_unresolved] = pd.NaT
    end[is_unresolved] = pd.NaT
    open_end = kinds["open_end"].to_numpy()
    end[open_end] = pd.NaT
    date_text = np.where(is_year, "im Jahr " + start.dt.strftime("%Y").fillna(""), "am " + start.dt.strftime(
        "%d.%m.%Y").fillna(""))
    date_text = np.where(is_unresolved, "gestern", date_text)
    return pd.DataFrame({
        "start": start, "end": end, "precision": precision, "date_vague": is_vague, "date_resolved": ~is_unresolved,
        "open_end": open_end, "open_start": kinds["open_start"].to_numpy(), "date_text": date_text,
        "date_inferred": rng.random(count) < INFERRED_SHARE,
    })


def _candidates(rng: np.random.Generator, kinds: pd.DataFrame, pools: _Pools, actors: str) -> pd.DataFrame:
    """Candidate rows of these kinds of date; `actors`: "weighted" (the long tail), "even" (any actor as likely:
    the busy ones have no room left) or "none"."""
    frame = _dates(rng, kinds)
    frame["event_type"] = rng.choice(pools.types, size=len(frame), p=pools.type_weights)
    if actors == "none":
        frame["actors"] = [[] for _ in range(len(frame))]
    else:
        even = np.full(len(pools.actors), 1 / len(pools.actors))
        frame["actors"] = _actor_lists(rng, len(frame), pools.actors, pools.actor_weights if actors == "weighted"
                                       else even)
    return frame


@dataclass
class _Happenings:
    """The rows drawn so far, indexed the way events/merge.py links two mentions of one happening (see its RULES):
    of the same event type, with an actor in common and dates that agree (`shared_actors`); on the same exact day
    with no actors on one side (`same_day`); two actors in common on days next to each other (`near_dates`) or with
    one undated (`undated`). Dates are day numbers, an open start or end lies beyond every date drawn."""

    spans: dict[tuple[str, str], tuple[list[int], list[int]]] = field(default_factory=dict)  # firsts, lasts
    pairs: defaultdict[str, set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))
    undated_pairs: defaultdict[str, set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))
    exact_days: set[tuple[str, int, int]] = field(default_factory=set)  # (type, first, last), stated exactly
    unnamed_exact_days: set[tuple[str, int, int]] = field(default_factory=set)
    pair_firsts: set[tuple[str, tuple[str, ...], int]] = field(default_factory=set)  # stated exactly
    pair_lasts: set[tuple[str, tuple[str, ...], int]] = field(default_factory=set)

    def take(self, kind: str, actors: Sequence[str], first: int | None, last: int | None, exact: bool) -> bool:
        """Add the row unless the merge would join it to a row drawn before (first and last None: undated)."""
        if kind == "other":  # never merged
            return True
        pairs = list(combinations(sorted(actors), 2)) if len(actors) > 1 else []
        if first is None or last is None:
            if any(pair in self.pairs[kind] for pair in pairs):
                return False
            self.pairs[kind].update(pairs)
            self.undated_pairs[kind].update(pairs)
            return True
        if pairs and any(pair in self.undated_pairs[kind] for pair in pairs):
            return False
        for actor in actors:
            firsts, lasts = self.spans.get((kind, actor), ((), ()))
            before = bisect_right(firsts, last)  # spans of one (type, actor) never overlap: check the last one
            if before and lasts[before - 1] >= first:
                return False
        if exact:
            if (kind, first, last) in (self.unnamed_exact_days if actors else self.exact_days):
                return False
            if any((kind, pair, last + 1) in self.pair_firsts or (kind, pair, first - 1) in self.pair_lasts
                   for pair in pairs):
                return False
        self._add(kind, actors, pairs, first, last, exact)
        return True

    def _add(self, kind: str, actors: Sequence[str], pairs: list[tuple[str, ...]], first: int, last: int,
             exact: bool) -> None:
        self.pairs[kind].update(pairs)
        for actor in actors:
            firsts, lasts = self.spans.setdefault((kind, actor), ([], []))
            at = bisect_right(firsts, first)
            firsts.insert(at, first)
            lasts.insert(at, last)
        if exact:
            self.exact_days.add((kind, first, last))
            if not actors:
                self.unnamed_exact_days.add((kind, first, last))
            self.pair_firsts.update((kind, pair, first) for pair in pairs)
            self.pair_lasts.update((kind, pair, last) for pair in pairs)


def _day_numbers(values: pd.Series, open_side: pd.Series, beyond: int) -> list[int]:
    days = values.to_numpy(dtype="datetime64[D]").astype("int64")
    return [beyond if is_open else int(day) for day, is_open in zip(days, open_side.to_numpy(), strict=True)]


def _accept(candidates: pd.DataFrame, happenings: _Happenings, wanted: int) -> list[int]:
    """Positions of up to `wanted` candidates that are no twin of a row drawn before (or of each other)."""
    dated = (candidates["start"].notna() | candidates["end"].notna()).tolist()
    # As events/merge.py reads a mention's span: a missing or open side reaches past every date.
    firsts = _day_numbers(candidates["start"], candidates["open_start"] | candidates["start"].isna(), -_OPEN)
    lasts = _day_numbers(candidates["end"], candidates["open_end"] | candidates["end"].isna(), _OPEN)
    # As events/merge.py reads a mention: its first day stated exactly.
    exact = ((candidates["precision"] == "day") & ~candidates["open_start"] & ~candidates["date_vague"]
             & ~candidates["date_inferred"] & candidates["start"].notna()).tolist()
    taken: list[int] = []
    rows = zip(candidates["event_type"].tolist(), candidates["actors"].tolist(), dated, firsts, lasts, exact,
               strict=True)
    for position, (kind, actors, is_dated, first, last, is_exact) in enumerate(rows):
        if happenings.take(kind, actors, first if is_dated else None, last if is_dated else None, is_exact):
            taken.append(position)
            if len(taken) == wanted:
                break
    return taken


def _kind_of_date(kinds: pd.DataFrame) -> pd.Series:
    opened = kinds["open_start"] | kinds["open_end"]
    return kinds["precision"].where(~opened, "open")


def _happenings(rng: np.random.Generator, count: int, pools: _Pools) -> pd.DataFrame:
    """`count` rows, no two of them one happening; the precise kinds of date drawn first."""
    kinds = _kinds(rng, count)
    kind_of_date = _kind_of_date(kinds)
    happenings = _Happenings()
    drawn: list[pd.DataFrame] = []
    for kind in _DRAW_ORDER:
        wanted = kinds[kind_of_date == kind].reset_index(drop=True)
        for attempt in count_from(0):
            if wanted.empty:
                break
            # Where candidates keep being twins (a busy actor's vague dates), the rest name any actor as likely,
            # and the last ones none, which cannot clash but on an exact day.
            actors = "weighted" if attempt < _ROUNDS // 2 else "even" if attempt < _ROUNDS else "none"
            batch = wanted.sample(n=int(len(wanted) * 1.2) + 16, replace=True, random_state=rng, ignore_index=True)
            candidates = _candidates(rng, batch, pools, actors)
            taken = _accept(candidates, happenings, len(wanted))
            drawn.append(candidates.iloc[taken])
            wanted = wanted.iloc[len(taken):].reset_index(drop=True)
    frame = pd.concat(drawn, ignore_index=True)
    return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)


def synthetic_events(count: int, *, actors: int | None = None, seed: int = 5) -> pd.DataFrame:
    """`count` schema-conformant events, one happening each; `actors` defaults to 20 for 1,000 events growing to
    200 for 100,000."""
    rng = np.random.default_rng(seed)
    actors = actors or int(np.clip(20 * (count / 1000) ** 0.5, 20, 200))
    weights = 1.0 / np.arange(1, actors + 1) ** 1.1
    types = list(event_types())
    pools = _Pools(_actor_names(actors), weights / weights.sum(), types, rng.dirichlet(np.ones(len(types)) * 0.8))
    frame = _happenings(rng, count, pools)
    documents = max(1, count // EVENTS_PER_DOCUMENT)
    doc_index = np.sort(rng.integers(0, documents, size=len(frame)))
    frame["doc_id"] = [f"doc-{index:06d}" for index in doc_index]
    frame["doc_title"] = [f"Report {index} on the situation in the region" for index in doc_index]
    frame["event_id"] = [f"{doc}:s{row}:d0" for row, doc in enumerate(frame["doc_id"])]
    frame["lang"] = rng.choice(["de", "en"], size=len(frame))
    frame["sentence"] = _sentences(rng, len(frame))
    frame["title"] = frame["event_type"].str.capitalize() + " " + frame["actors"].map(
        lambda names: " and ".join(names[:2]))
    frame["char_start"] = rng.integers(0, 5000, size=len(frame))
    frame["char_end"] = frame["char_start"] + frame["sentence"].str.len()
    return conform(frame)
