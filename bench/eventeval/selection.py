"""The rule that chose the gold's articles, written down before they were read closely (bench/EVENT_ANNOTATION.md).

    .venv/bin/python -m bench.eventeval.selection     # prints the chosen document ids, German then English
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from bench.eventeval.corpus import T17_LIBYA_PREFIX, TENKGNAD_PREFIX, t17_libya_articles, tenkgnad_rows
from bench.timexeval.corpora import corpora_root

GERMAN_LABELS = ("Inland", "International")
GERMAN_PER_LABEL = 10
GERMAN_CHARS = (800, 4000)
ENGLISH_SOURCES = ("cnn", "reuters")
ENGLISH_PER_SOURCE = 10
ENGLISH_CHARS = (1000, 6000)
ENGLISH_WINDOW_DAYS = 3


def german_selection(root: Path) -> list[str]:
    """The first GERMAN_PER_LABEL rows of each politics label, in file order, of a length an annotator reads whole."""
    low, high = GERMAN_CHARS
    chosen: dict[str, list[str]] = {label: [] for label in GERMAN_LABELS}
    for row, (label, text) in enumerate(tenkgnad_rows(root)):
        if label in chosen and low <= len(text) <= high and len(chosen[label]) < GERMAN_PER_LABEL:
            chosen[label].append(f"{TENKGNAD_PREFIX}{row}")
    return [doc for label in GERMAN_LABELS for doc in chosen[label]]


def busiest_window(days: Counter[str], width: int) -> list[str]:
    """The `width` consecutive calendar days with the most articles (the earliest such window on a tie)."""

    def window(first: str) -> list[str]:
        start = date.fromisoformat(first)
        return [(start + timedelta(days=offset)).isoformat() for offset in range(width)]

    best = max(sorted(days), key=lambda first: sum(days.get(day, 0) for day in window(first)))
    return window(best)


def english_selection(root: Path) -> list[str]:
    """From the busiest publication window, the first ENGLISH_PER_SOURCE articles of each source, in file order."""
    articles = t17_libya_articles(root)
    window = set(busiest_window(Counter(record["date"] for record in articles.values()), ENGLISH_WINDOW_DAYS))
    low, high = ENGLISH_CHARS
    chosen: dict[str, list[str]] = {source: [] for source in ENGLISH_SOURCES}
    for doc_id, record in articles.items():
        source = record["source"]
        fits = record["date"] in window and low <= len(record["text"]) <= high
        if fits and source in chosen and len(chosen[source]) < ENGLISH_PER_SOURCE:
            chosen[source].append(f"{T17_LIBYA_PREFIX}{doc_id}")
    return [doc for source in ENGLISH_SOURCES for doc in chosen[source]]


def main() -> int:
    root = corpora_root()
    for doc in german_selection(root) + english_selection(root):
        print(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
