"""Realistic synthetic event tables for the dashboard benchmark: schema-conformant, reproducible from a seed.

Real corpora have a long tail of actors (a few heads of state in every second event, hundreds named once), a mix
of date precisions dominated by days, some vague or open-ended dates, many documents with a few events each,
and sentences of news length. The generator imitates those shapes, vectorised so 100,000 rows take a second.
"""

from __future__ import annotations

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
_WORDS = (
    "government", "minister", "president", "talks", "border", "agreement", "troops", "capital", "opposition",
    "protest", "police", "court", "parliament", "election", "vote", "sanctions", "embassy", "statement", "meeting",
    "treaty", "crisis", "negotiations", "spokesman", "security", "officials", "report", "according", "said", "on",
    "in", "the", "of", "and", "with", "after", "before", "during", "against", "between",
)


def _actor_names(count: int) -> list[str]:
    return [f"Actor {index:03d}" for index in range(count)]


def _sentences(rng: np.random.Generator, count: int) -> list[str]:
    """Sentences of 12 to 45 words, as in news: a few hundred distinct ones, reused the way quotes repeat."""
    pool = [
        " ".join(rng.choice(_WORDS, size=rng.integers(12, 46))).capitalize() + "."
        for _ in range(min(count, 2000))
    ]
    return [pool[index] for index in rng.integers(0, len(pool), size=count)]


def _actor_lists(rng: np.random.Generator, count: int, actors: int) -> list[list[str]]:
    """One to three actors per event, a few with none; Zipf-like weights give the long tail."""
    names = _actor_names(actors)
    weights = 1.0 / np.arange(1, actors + 1) ** 1.1
    weights /= weights.sum()
    sizes = rng.choice([0, 1, 2, 3], size=count, p=[0.08, 0.45, 0.35, 0.12])
    picks = rng.choice(actors, size=int(sizes.sum()), p=weights)
    lists, at = [], 0
    for size in sizes:
        lists.append(list(dict.fromkeys(names[i] for i in picks[at : at + size])))
        at += size
    return lists


def _dates(rng: np.random.Generator, count: int) -> pd.DataFrame:
    precision = rng.choice(list(PRECISIONS), size=count, p=list(PRECISIONS.values()))
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
    open_end = (rng.random(count) < OPEN_END_SHARE) & ~is_unresolved
    open_start = (rng.random(count) < OPEN_START_SHARE) & ~is_unresolved & ~open_end
    end[open_end] = pd.NaT
    date_text = np.where(is_year, "im Jahr " + start.dt.strftime("%Y").fillna(""), "am " + start.dt.strftime(
        "%d.%m.%Y").fillna(""))
    date_text = np.where(is_unresolved, "gestern", date_text)
    return pd.DataFrame({
        "start": start, "end": end, "precision": precision, "date_vague": is_vague, "date_resolved": ~is_unresolved,
        "open_end": open_end, "open_start": open_start, "date_text": date_text,
        "date_inferred": rng.random(count) < INFERRED_SHARE,
    })


def synthetic_events(count: int, *, actors: int | None = None, seed: int = 5) -> pd.DataFrame:
    """`count` schema-conformant events; `actors` defaults to 20 for 1,000 events growing to 200 for 100,000."""
    rng = np.random.default_rng(seed)
    actors = actors or int(np.clip(20 * (count / 1000) ** 0.5, 20, 200))
    types = list(event_types())
    type_weights = rng.dirichlet(np.ones(len(types)) * 0.8)
    documents = max(1, count // EVENTS_PER_DOCUMENT)
    doc_index = np.sort(rng.integers(0, documents, size=count))
    frame = _dates(rng, count)
    frame["event_type"] = rng.choice(types, size=count, p=type_weights)
    frame["actors"] = _actor_lists(rng, count, actors)
    frame["doc_id"] = [f"doc-{index:06d}" for index in doc_index]
    frame["doc_title"] = [f"Report {index} on the situation in the region" for index in doc_index]
    frame["event_id"] = [f"{doc}:s{row}:d0" for row, doc in enumerate(frame["doc_id"])]
    frame["lang"] = rng.choice(["de", "en"], size=count)
    frame["sentence"] = _sentences(rng, count)
    frame["title"] = frame["event_type"].str.capitalize() + " " + frame["actors"].map(
        lambda names: " and ".join(names[:2]))
    frame["char_start"] = rng.integers(0, 5000, size=count)
    frame["char_end"] = frame["char_start"] + frame["sentence"].str.len()
    return conform(frame)
