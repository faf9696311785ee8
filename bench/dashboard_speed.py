"""How the dashboard scales from 1,000 to 100,000 events (issue 5).

    .venv/bin/python bench/dashboard_speed.py                   # 1k, 10k and 100k events (about two minutes)
    .venv/bin/python bench/dashboard_speed.py --quick           # 1k and 10k, fewer runs
    .venv/bin/python bench/dashboard_speed.py --write-results   # also refresh the section in bench/RESULTS.md

For each size a synthetic events table (bench/synthetic_events.py, fixed seed) is filtered the way an analyst
does (an actor, three actors, two event types, one year, a word), with the filter index the app builds once
per data load, and the filtered result drawn with lanes by actor and by event type. Times are medians of several
runs in this one process; the figure size is the length of `fig.to_json()`, which is what Streamlit sends to the
browser; the table size is the Arrow bytes of the rows the app sends; the other views (counts over time, actor
co-occurrence) are sized and timed unfiltered. Reading the Parquet file (`read_events`, what the app's first load
costs before caching) is timed on its own. End to end, the app runs under Streamlit's AppTest on that file named by
CHRONIK_EVENTS (with an empty corrections file of its own): its first run, a second session on the same file (another
browser tab), then reruns after changing the Actors multiselect.

With corrections: the same table with 50 corrections of every kind an analyst makes (dates, titles, actors, event
types, hidden events, one merge of three events, a split of one of them off again, one event added by hand),
stored in a corrections file of the run's own. Timed: `apply_corrections` alone, the app's first run and another
tab's on that file, saving one more correction from the detail panel (the rerun that follows applies the log
again), the other tab's next rerun, and reruns after a filter change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: make `bench`, `dashboard` and `events` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

from bench.synthetic_events import synthetic_events
from bench.timexeval.report import command_line, git_revision, publish
from bench.timing import median_seconds
from dashboard.data import events_table, table_events
from dashboard.figures import timeline_figure
from dashboard.filters import FilterState, actor_options, event_type_options, filter_events, filter_index
from dashboard.views import cooccurrence_figure, counts_over_time_figure
from events.corrections import CorrectionStore, apply_corrections
from events.eventtypes import event_types

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest
from events.io import read_events, write_events

RESULTS_SECTION = "dashboard-speed"
APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
FIGURE_LIMIT_BYTES = 5_000_000
CORRECTIONS = 50
TARGET_SLOWDOWN = 5.0  # "a few times slower" at 100k than at 1k


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    runs: int
    app_reruns: int


FULL = Settings(sizes=(1_000, 10_000, 100_000), runs=5, app_reruns=5)
QUICK = Settings(sizes=(1_000, 10_000), runs=3, app_reruns=3)


@dataclass(frozen=True)
class SizeResult:
    events: int
    filter_s: dict[str, float]  # per filter change
    figure_s: dict[str, float]  # per filter change, both lane kinds
    figure_bytes: dict[str, int]  # per filter change, the larger of both lane kinds
    app_first_s: float
    app_second_session_s: float  # another tab on the same file: the loaded events are cached
    app_rerun_s: float
    load_s: float  # read_events of the Parquet file
    index_s: float  # filter_index, once per data load
    table_bytes: int  # Arrow bytes of the table the app sends, unfiltered
    table_rows: int
    view_bytes: dict[str, int]  # the other views, unfiltered
    view_s: dict[str, float]  # and the time to build them
    corrected: CorrectedTimes
    unnamed_share: float  # rows naming no actor

    @property
    def filter_median(self) -> float:
        return statistics.median(self.filter_s.values())

    @property
    def figure_median(self) -> float:
        return statistics.median(self.figure_s.values())

    @property
    def largest_figure(self) -> int:
        return max(self.figure_bytes.values())


def filter_changes(events: pd.DataFrame) -> dict[str, FilterState]:
    """Typical views: the whole table, the busiest actor, three actors, two types, one year, a word."""
    actors, types = actor_options(events), event_type_options(events)
    return {
        "no filter": FilterState(),
        "one actor": FilterState(actors=(actors[0],)),
        "three actors": FilterState(actors=tuple(actors[1:4])),
        "two types": FilterState(event_types=tuple(types[:2])),
        "one year": FilterState(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)),
        "text": FilterState(text="treaty"),
    }


def measure_functions(events: pd.DataFrame, runs: int) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    filter_s: dict[str, float] = {}
    figure_s: dict[str, float] = {}
    figure_bytes: dict[str, int] = {}
    index = filter_index(events)
    for name, state in filter_changes(events).items():
        filter_s[name] = median_seconds(lambda state=state: filter_events(events, state, index), runs)
        shown = filter_events(events, state, index)
        sizes = []
        for lanes in ("actor", "event_type"):
            draw = partial(timeline_figure, shown, lanes=lanes)
            figure_s[f"{name}, {lanes}"] = median_seconds(draw, runs)
            sizes.append(len(draw().to_json()))
        figure_bytes[name] = max(sizes)
    return filter_s, figure_s, figure_bytes


def table_size(events: pd.DataFrame) -> tuple[int, int]:
    """Arrow bytes and rows of the table the app sends for `events` (capped, as the app does)."""
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes

    table = events_table(table_events(events))
    return len(convert_pandas_df_to_arrow_bytes(table)), len(table)


VIEWS = {"counts over time": counts_over_time_figure, "co-occurrence": cooccurrence_figure}


def measure_views(events: pd.DataFrame, runs: int) -> tuple[dict[str, int], dict[str, float]]:
    """Bytes sent and seconds to build each of the other views, unfiltered."""
    sizes = {name: len(build(events).to_json()) for name, build in VIEWS.items()}
    times = {name: median_seconds(partial(build, events), runs) for name, build in VIEWS.items()}
    return sizes, times


@dataclass(frozen=True)
class AppTimes:
    load_s: float
    first_s: float
    second_session_s: float
    rerun_s: float


def measure_app(events: pd.DataFrame, reruns: int) -> AppTimes:
    """Reading the Parquet file, the app's first run on it, a second session's first run, and the median rerun
    after choosing other actors."""

    actors = actor_options(events)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.parquet"
        write_events(events, path)
        load = median_seconds(partial(read_events, path), 1)
        os.environ["CHRONIK_EVENTS"] = str(path)
        # The user's own corrections would be applied to the synthetic events and time that instead.
        os.environ["CHRONIK_CORRECTIONS"] = str(Path(folder) / "corrections.sqlite")
        app, first = timed_first_run()
        second = timed_first_run()[1]
        return AppTimes(load, first, second, median_filter_rerun(app, actors, reruns))


def timed_first_run() -> tuple[AppTest, float]:
    """A new session of the app on $CHRONIK_EVENTS, and the seconds its first run took."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=300)
    began = time.perf_counter()
    app.run()
    seconds = time.perf_counter() - began
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception}")
    return app, seconds


def median_filter_rerun(app: AppTest, actors: list[str], reruns: int) -> float:
    """The median rerun after choosing other actors. Views alternate, so no rerun repeats the one before
    (Streamlit would still run it all)."""
    times = []
    for index in range(reruns):
        app.multiselect(key="actors").set_value([actors[index % 3]] if index % 2 == 0 else [])
        began = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


@dataclass(frozen=True)
class CorrectedTimes:
    """The app on the same events with CORRECTIONS corrections stored."""

    apply_s: float  # apply_corrections alone
    first_beyond_read_s: float  # the first tab's first run, less reading the file
    second_session_s: float  # another tab on the same file and corrections
    save_s: float  # hide one more event from the detail panel: the write and the rerun after it
    other_tab_after_save_s: float  # the other tab's next rerun, on the new revision
    rerun_s: float  # median rerun after a filter change


def store_mixed_corrections(events: pd.DataFrame, store: CorrectionStore, count: int = CORRECTIONS) -> None:
    """`count` corrections spread over the table, as an analyst makes them: three events merged and one of them
    split off again, one event added by hand, the rest field changes (date, title, actors, type, hide) in turn."""
    rows = events.sample(count + 2, random_state=5).to_dict(orient="records")
    members, rows = rows[:3], rows[3:]
    store.merge(members, author="bench")
    merged = apply_corrections(events[events["event_id"].isin([m["event_id"] for m in members])], store)
    store.split(merged.iloc[0], members[1]["event_id"], author="bench")
    store.add({"title": "Talks added by hand", "start": "2021-03-04", "actors": ["Actor 001"]}, author="bench")
    kinds = event_types()
    for index, row in enumerate(rows[: count - 3]):
        change = index % 5
        if change == 0:
            store.set_date(row, f"2019-{index % 12 + 1:02d}-{index % 28 + 1:02d}", author="bench")
        elif change == 1:
            store.set_title(row, f"Corrected title {index}", author="bench")
        elif change == 2:
            store.set_actors(row, [*row["actors"][:1], "Actor 002"], author="bench")
        elif change == 3:
            store.set_event_type(row, kinds[index % len(kinds)], author="bench")
        else:
            store.hide(row, author="bench")


def measure_corrected_app(events: pd.DataFrame, runs: int, reruns: int) -> CorrectedTimes:
    """apply_corrections alone, then the app's runs on the events file with a corrections file of its own."""

    from dashboard.correction_form import SELECTED

    actors = actor_options(events)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.parquet"
        write_events(events, path)
        store = CorrectionStore(Path(folder) / "corrections.sqlite")
        store_mixed_corrections(events, store)
        apply_s = median_seconds(partial(apply_corrections, events, store, keep_hidden=True), runs)
        load = median_seconds(partial(read_events, path), 1)
        os.environ["CHRONIK_EVENTS"] = str(path)
        os.environ["CHRONIK_CORRECTIONS"] = str(store.path)
        first, first_s = timed_first_run()
        second, second_s = timed_first_run()
        # Save one more: select an event that is not hidden, then hide it from the detail panel.
        first.session_state[SELECTED] = [str(first.session_state["table_event_ids"][0])]
        first.run()
        revision = store.revision()
        save_s = median_seconds(first.button(key="hide_event").click().run, 1)
        if store.revision() == revision or first.exception:
            raise RuntimeError(f"the correction was not saved: {first.exception}")
        other_tab_s = median_seconds(second.run, 1)
        first.session_state[SELECTED] = []  # filter reruns as without corrections: no selection to draw
        rerun_s = median_filter_rerun(first, actors, reruns)
        return CorrectedTimes(apply_s, first_s - load, second_s, save_s, other_tab_s, rerun_s)


def measure(size: int, settings: Settings) -> SizeResult:
    events = synthetic_events(size)
    progress(f"{size:,} events: filter and figure")
    filter_s, figure_s, figure_bytes = measure_functions(events, settings.runs)
    index_s = median_seconds(partial(filter_index, events), 1)
    table_bytes, table_rows = table_size(events)
    view_bytes, view_s = measure_views(events, settings.runs)
    progress(f"{size:,} events: the app under AppTest")
    app = measure_app(events, settings.app_reruns)
    progress(f"{size:,} events: with {CORRECTIONS} corrections")
    corrected = measure_corrected_app(events, settings.runs, settings.app_reruns)
    unnamed = float((events["actors"].map(len) == 0).mean())
    return SizeResult(size, filter_s, figure_s, figure_bytes, app.first_s, app.second_session_s, app.rerun_s,
                      app.load_s, index_s, table_bytes, table_rows, view_bytes, view_s, corrected, unnamed)


def progress(message: str) -> None:
    print(f"[dashboard-speed] {message}", file=sys.stderr, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def summary_table(results: Sequence[SizeResult]) -> list[str]:
    base = results[0]
    lines = [
        "| events | filter ms (median / max) | filter vs 1k | figure ms (median / max) | largest figure MB "
        "| file read s | filter index s | app first run s | first run beyond the read s | another tab s "
        "| app rerun after a filter change s | rerun vs 1k |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.events:,} | {_ms(result.filter_median)} / {_ms(max(result.filter_s.values()))} "
            f"| {result.filter_median / base.filter_median:.1f}x "
            f"| {_ms(result.figure_median)} / {_ms(max(result.figure_s.values()))} "
            f"| {result.largest_figure / 1e6:.2f} | {result.load_s:.2f} | {result.index_s:.2f} "
            f"| {result.app_first_s:.2f} | {result.app_first_s - result.load_s:.2f} "
            f"| {result.app_second_session_s:.2f} "
            f"| {result.app_rerun_s:.2f} | {result.app_rerun_s / base.app_rerun_s:.1f}x |"
        )
    return lines


def payload_table(results: Sequence[SizeResult]) -> list[str]:
    """What else goes to the browser without a filter: the table and the other views (and their build times)."""
    views = list(results[0].view_bytes)
    lines = ["| events | table rows sent | table MB | " + " | ".join(f"{view} MB / ms" for view in views) + " |",
             "|---|---|---|" + "---|" * len(views)]
    for result in results:
        lines.append(f"| {result.events:,} | {result.table_rows:,} | {result.table_bytes / 1e6:.2f} | "
                     + " | ".join(f"{result.view_bytes[view] / 1e6:.3f} / {_ms(result.view_s[view])}"
                                  for view in views) + " |")
    return lines


def corrections_table(results: Sequence[SizeResult]) -> list[str]:
    lines = ["| events | apply s | app first run beyond the read s | another tab s | save a correction and rerun s "
             "| the other tab after the save s | rerun after a filter change s | rerun vs without corrections |",
             "|---|---|---|---|---|---|---|---|"]
    for result in results:
        c = result.corrected
        lines.append(f"| {result.events:,} | {c.apply_s:.2f} | {c.first_beyond_read_s:.2f} | {c.second_session_s:.2f} "
                     f"| {c.save_s:.2f} | {c.other_tab_after_save_s:.2f} | {c.rerun_s:.2f} "
                     f"| {c.rerun_s / result.app_rerun_s:.1f}x |")
    return lines


def detail_table(results: Sequence[SizeResult]) -> list[str]:
    changes = list(results[0].filter_s)
    header = "| filter change | " + " | ".join(f"{r.events:,}: filter ms / figure ms / MB" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    for change in changes:
        cells = []
        for result in results:
            figure = max(result.figure_s[f"{change}, actor"], result.figure_s[f"{change}, event_type"])
            cells.append(f"{_ms(result.filter_s[change])} / {_ms(figure)} / {result.figure_bytes[change] / 1e6:.2f}")
        lines.append(f"| {change} | " + " | ".join(cells) + " |")
    return lines


def ratio_lines(results: Sequence[SizeResult]) -> list[str]:
    smallest, largest = results[0], results[-1]
    if smallest is largest:
        return []
    label = f"{largest.events // 1000}k vs {smallest.events // 1000}k"
    rerun_ratio = largest.app_rerun_s / smallest.app_rerun_s
    size_ok = max(largest.largest_figure, *largest.view_bytes.values()) < FIGURE_LIMIT_BYTES
    return [
        f"- Ratios {label}: filter {largest.filter_median / smallest.filter_median:.1f}x, "
        f"figure {largest.figure_median / smallest.figure_median:.1f}x, "
        f"app rerun after a filter change {rerun_ratio:.1f}x "
        f"(target <= {TARGET_SLOWDOWN:.0f}x: {'met' if rerun_ratio <= TARGET_SLOWDOWN else 'NOT met'}).",
        f"- Largest figure at {largest.events:,} events: timeline {largest.largest_figure / 1e6:.2f} MB, other views "
        f"up to {max(largest.view_bytes.values()) / 1e6:.2f} MB "
        f"(target < {FIGURE_LIMIT_BYTES / 1e6:.0f} MB: {'met' if size_ok else 'NOT met'}).",
        f"- App first run at {largest.events:,} events: {largest.app_first_s:.2f} s, of which reading the file "
        f"{largest.load_s:.2f} s ({largest.app_first_s - largest.load_s:.2f} s beyond it); another tab on the same "
        f"file {largest.app_second_session_s:.2f} s.",
    ]


def unnamed_shares(results: Sequence[SizeResult]) -> str:
    return ", ".join(f"{result.unnamed_share:.0%} at {result.events // 1000}k" for result in results)


def report(settings: Settings, results: Sequence[SizeResult], command: str) -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return "\n".join([
        "## Dashboard speed (issue 5)",
        "",
        f"Run {date.today().isoformat()} at {git_revision()} with `{command}`.",
        "",
        "Synthetic events (bench/synthetic_events.py, seed 5): one row per happening, as `chronik extract` writes "
        "them (no two rows the merge would join, each sentence its own); 55% day, 20% month, 12% year, 8% vague and "
        "5% unresolved dates, 4% open ends; 20 actors at 1k growing to 200 at 100k with a long tail (rows naming no "
        f"actor: {unnamed_shares(results)}, as a busy actor's vaguely dated rows, which would be one happening "
        "with another, are drawn again naming others or none); every event type; six events per document. "
        "Filter changes: none, the busiest actor, three actors, two event types, "
        "one year, the word 'treaty'; each filtered result is drawn with lanes by actor and by event type. "
        f"Times are medians of {settings.runs} runs (app reruns: {settings.app_reruns}) in one process; the figure "
        f"size is `len(fig.to_json())`. Machine: {os.cpu_count()} CPUs, load average {load} at the end.",
        "",
        *summary_table(results),
        "",
        *ratio_lines(results),
        "",
        "Sent to the browser besides the timeline, unfiltered (the table at most 1,000 rows; the views as "
        "`len(fig.to_json())`):",
        "",
        *payload_table(results),
        "",
        f"With {CORRECTIONS} corrections stored (dates, titles, actors, types, hidden events, a merge of three, a "
        "split, an event added by hand); the first run beyond the read as above, the save is hiding one more event "
        "from the detail panel, which reruns the app on the new revision:",
        "",
        *corrections_table(results),
        "",
        "Per filter change (figure ms: the slower of both lane kinds; MB: the larger):",
        "",
        *detail_table(results),
    ])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 10k events only, fewer runs")
    parser.add_argument("--write-results", action="store_true", help="write the section in bench/RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = QUICK if args.quick else FULL
    results = [measure(size, settings) for size in settings.sizes]
    command = command_line("dashboard_speed.py", {"--quick": args.quick, "--write-results": args.write_results})
    text = report(settings, results, command)
    publish(RESULTS_SECTION, text, args.write_results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
