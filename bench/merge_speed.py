"""How merging scales: adding an article to a table of 1,000 to 100,000 events, and merging a batch of mentions.

    .venv/bin/python bench/merge_speed.py                   # 1k to 100k events (a few minutes)
    .venv/bin/python bench/merge_speed.py --quick           # 1k and 5k only
    .venv/bin/python bench/merge_speed.py --write-results   # also refresh the section in bench/RESULTS.md

Adding: the sample article's events (what an analyst uploads) are added with `dashboard.data.add_events` to a
synthetic events table (bench/synthetic_events.py, fixed seed: one row per happening, as `chronik extract`
writes), which merges into the table only the events the new mentions reach (events/incremental.py). Baselines,
in the same process: merging the whole table again (`merge_events`, pairs looked up by evidence as in
events/pairing.py), and the same with every pair of mentions compared, as merging did before (up to 5,000
events: beyond that it takes minutes). Times are medians of several runs (one run from 30,000 events on).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench`, `dashboard` and `events` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

import pandas as pd

from bench.synthetic_events import synthetic_events
from bench.timexeval.report import command_line, git_revision, publish
from bench.timing import median_seconds
from dashboard.data import add_events
from events import merge
from events.corpus import load_sample
from events.extract import extract_documents

RESULTS_SECTION = "merge-speed"
FULL_SIZES = (1_000, 5_000, 10_000, 30_000, 100_000)
QUICK_SIZES = (1_000, 5_000)
BASELINE_UP_TO = 5_000


def every_pair(mentions: Sequence[merge.Mention], rules: merge.MergeRules) -> Iterator[tuple[int, int]]:
    return itertools.combinations(range(len(mentions)), 2)


def adding_an_article(size: int, article: pd.DataFrame) -> tuple[float, float, float | None]:
    existing = synthetic_events(size)
    runs = 3 if size < 30_000 else 1
    seconds = median_seconds(lambda: add_events(existing, article), runs)
    both = pd.concat([article, existing], ignore_index=True)
    again = median_seconds(lambda: merge.merge_events(both), runs)
    baseline = None
    if size <= BASELINE_UP_TO:
        original = merge.candidate_pairs
        merge.candidate_pairs = every_pair  # type: ignore[assignment]
        try:
            baseline = median_seconds(lambda: merge.merge_events(both), runs)
        finally:
            merge.candidate_pairs = original
    return seconds, again, baseline


def report(rows: Sequence[tuple[int, float, float, float | None]], article_events: int, command: str) -> str:
    lines = [
        "## Merge speed",
        "",
        f"Run at {git_revision()} with `{command}`: adding the sample article ({article_events} events) to a "
        "synthetic table with `add_events`, which merges into the table only the events the new mentions reach "
        "(events/incremental.py); against merging the whole table again, with pairs looked up by evidence "
        "(events/pairing.py) and with every pair of mentions compared, as merging did before.",
        "",
        "| events in the table | adding the article (s) | merging everything again (s) | ... every pair compared (s) |",
        "|---|---|---|---|",
    ]
    for size, seconds, again, baseline in rows:
        shown = f"{baseline:.2f}" if baseline is not None else "–"
        lines.append(f"| {size:,} | {seconds:.2f} | {again:.2f} | {shown} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 5k events only")
    parser.add_argument("--write-results", action="store_true", help="write the section in bench/RESULTS.md")
    args = parser.parse_args(argv)
    article = extract_documents([load_sample()])
    rows = []
    for size in QUICK_SIZES if args.quick else FULL_SIZES:
        seconds, again, baseline = adding_an_article(size, article)
        print(f"{size:,} events: {seconds:.2f} s, merging everything again {again:.2f} s"
              + (f", every pair {baseline:.2f} s" if baseline else ""), file=sys.stderr, flush=True)
        rows.append((size, seconds, again, baseline))
    command = command_line("merge_speed.py", {"--quick": args.quick, "--write-results": args.write_results})
    text = report(rows, len(article), command)
    publish(RESULTS_SECTION, text, args.write_results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
