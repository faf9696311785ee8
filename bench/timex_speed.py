"""Throughput of `events.tag_timexes` against dateparser's `search_dates`, linear cost and flat memory (issue 3).

    .venv/bin/python bench/timex_speed.py                   # full run (several minutes: 10 M characters are tagged)
    .venv/bin/python bench/timex_speed.py --quick           # small run, well under a minute
    .venv/bin/python bench/timex_speed.py --write-results   # also refresh the section in bench/RESULTS.md

German: the text column of 10kGNAD test.csv (no dates in it: a fixed DCT is supplied). English: TE3-Silver TimeML
documents with tags stripped, each with its own DCT. Both systems run in this one process, on one thread, and are
timed in process CPU seconds ("on one core"). Speeds are characters per second, so the ratio holds although
dateparser tags a smaller subset (it is slow).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `events` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timexeval.corpora import CORPORA_ENV_VAR, corpora_root, read_timeml_text
from bench.timexeval.report import git_revision, replace_section

RESULTS_SECTION = "timex-speed"
# 10kGNAD articles are from DER STANDARD around 2015-2016 and carry no date; a fixed DCT keeps relative
# expressions resolving (as they would in real use) without pretending to know the true date.
GERMAN_DCT = date(2016, 6, 1)
WARM_UP = {"de": "Am 3. März 2015, gestern und nächste Woche.", "en": "On March 3, 2015, yesterday and next week."}
TARGET_RATIO = 20.0
TARGET_BYTES_PER_SECOND = 1_000_000


@dataclass(frozen=True)
class Settings:
    docs: int  # per language, chronik
    dateparser_docs: int  # per language, a prefix of the chronik sample
    runs: int
    sizes: tuple[int, int]  # characters of concatenated text for the linearity and memory checks


FULL = Settings(docs=200, dateparser_docs=40, runs=5, sizes=(1_000_000, 10_000_000))
QUICK = Settings(docs=20, dateparser_docs=5, runs=3, sizes=(100_000, 1_000_000))


@dataclass(frozen=True)
class Sample:
    lang: str
    source: str
    texts: tuple[str, ...]
    dcts: tuple[date | None, ...]

    @property
    def characters(self) -> int:
        return sum(len(text) for text in self.texts)

    def head(self, n: int) -> Sample:
        return Sample(self.lang, self.source, self.texts[:n], self.dcts[:n])


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- samples ---------------------------------------------------------------------------------------------------------


def german_sample(limit: int | None) -> Sample | None:
    path = corpora_root() / "10kgnad" / "test.csv"
    if not path.is_file():
        progress(f"skipping German: {path} not found (set {CORPORA_ENV_VAR})")
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        texts = tuple(row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) == 2)
    texts = texts[:limit]
    return Sample("de", "10kGNAD test.csv", texts, (GERMAN_DCT,) * len(texts))


def english_sample(limit: int | None) -> Sample | None:
    folder = corpora_root() / "tempeval3" / "TE3-Silver"
    paths = sorted(folder.glob("*.tml"))[:limit]
    if not paths:
        progress(f"skipping English: no .tml files in {folder} (set {CORPORA_ENV_VAR})")
        return None
    documents = [read_timeml_text(path) for path in paths]
    return Sample("en", "TE3-Silver", tuple(t for t, _ in documents), tuple(d for _, d in documents))


# --- systems and timing ------------------------------------------------------------------------------------------


def chronik_pass(sample: Sample) -> Callable[[], None]:
    from events import tag_timexes

    def tag_all() -> None:
        for text, dct in zip(sample.texts, sample.dcts, strict=True):
            tag_timexes(text, lang=sample.lang, dct=dct)

    return tag_all


def dateparser_pass(sample: Sample) -> Callable[[], None]:
    from dateparser.search import search_dates

    def tag_all() -> None:
        for text, dct in zip(sample.texts, sample.dcts, strict=True):
            base = datetime.combine(dct or GERMAN_DCT, datetime.min.time())
            search_dates(text, languages=[sample.lang], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})

    return tag_all


PassMaker = Callable[[Sample], Callable[[], None]]
SYSTEMS: dict[str, PassMaker] = {"chronik": chronik_pass, "dateparser": dateparser_pass}


@dataclass(frozen=True)
class Timing:
    cpu: float  # process CPU seconds: what "one core" means, and steady when other jobs share the machine
    wall: float


def timed(action: Callable[[], object]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


@dataclass(frozen=True)
class Throughput:
    system: str
    lang: str
    docs: int
    characters: int
    utf8_bytes: int
    timings: tuple[Timing, ...]  # one per run, in run order

    @property
    def median(self) -> float:
        return statistics.median(t.cpu for t in self.timings)

    @property
    def median_wall(self) -> float:
        return statistics.median(t.wall for t in self.timings)

    @property
    def chars_per_second(self) -> float:
        return self.characters / self.median

    @property
    def first_run_chars_per_second(self) -> float:
        return self.characters / self.timings[0].cpu

    @property
    def bytes_per_second(self) -> float:
        return self.utf8_bytes / self.median


def measure_side_by_side(samples: dict[str, Sample], runs: int) -> list[Throughput]:
    """Runs alternate between the systems (chronik, dateparser, chronik, ...), so load from other jobs on the
    machine drifts over both alike instead of biasing the ratio."""
    lang = next(iter(samples.values())).lang
    for system in samples:
        # Warm up on a sentence outside the sample: grammar and locale loading are not timed, and no sample text
        # is seen before the first timed run (dateparser gets faster on texts it has seen).
        SYSTEMS[system](Sample(lang, "warm-up", (WARM_UP[lang],), (GERMAN_DCT,)))()
    passes = {system: SYSTEMS[system](sample) for system, sample in samples.items()}
    timings: dict[str, list[Timing]] = {system: [] for system in samples}
    for _ in range(runs):
        for system, tag_all in passes.items():
            timings[system].append(timed(tag_all))
    results = []
    for system, sample in samples.items():
        utf8_bytes = sum(len(text.encode("utf-8")) for text in sample.texts)
        result = Throughput(system, lang, len(sample.texts), sample.characters, utf8_bytes, tuple(timings[system]))
        progress(f"  {system} {lang}: {result.chars_per_second:,.0f} chars/s")
        results.append(result)
    return results


# --- linearity and memory --------------------------------------------------------------------------------------------


def concatenated(texts: Sequence[str], size: int) -> str:
    """Articles joined by blank lines, repeated as needed and cut to exactly `size` characters."""
    block = "\n\n".join(texts)
    repeats = size // len(block) + 1
    return ("\n\n".join([block] * repeats))[:size]


@dataclass(frozen=True)
class SizeRun:
    characters: int
    timing: Timing
    timexes: int
    peak_bytes: int  # tracemalloc peak during the call
    result_bytes: int  # still allocated after the call: the returned timexes (and any caches filled)

    @property
    def working_bytes(self) -> int:
        """Peak above what the call returns: the tagger's own working memory."""
        return self.peak_bytes - self.result_bytes


def tag_large(sample: Sample, size: int) -> SizeRun:
    """One timed call on `size` characters, then a second call under tracemalloc (which slows code down, so the
    two are kept apart)."""
    from events import tag_timexes

    text = concatenated(sample.texts, size)
    dct = sample.dcts[0]
    timing = timed(lambda: tag_timexes(text, lang=sample.lang, dct=dct))
    tracemalloc.start()
    found = tag_timexes(text, lang=sample.lang, dct=dct)
    result_bytes, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    progress(f"  {size:,} chars: {timing.cpu:.1f} s CPU, peak {peak_bytes / 1e6:.1f} MB")
    return SizeRun(size, timing, len(found), peak_bytes, result_bytes)


# --- report ----------------------------------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def throughput_table(results: Sequence[Throughput]) -> list[str]:
    lines = [
        "| lang | system | docs | characters | runs | median CPU s | median wall s | chars/s (median) "
        "| chars/s (first run) | MB/s UTF-8 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.lang} | {r.system} | {r.docs} | {r.characters:,} | {len(r.timings)} | {r.median:.2f} "
            f"| {r.median_wall:.2f} | {r.chars_per_second:,.0f} | {r.first_run_chars_per_second:,.0f} "
            f"| {r.bytes_per_second / 1e6:.2f} |"
        )
    return lines


def ratio_lines(results: Sequence[Throughput]) -> list[str]:
    lines = []
    by_key = {(r.system, r.lang): r for r in results}
    for lang in dict.fromkeys(r.lang for r in results):
        chronik, dateparser = by_key[("chronik", lang)], by_key[("dateparser", lang)]
        ratio = chronik.chars_per_second / dateparser.chars_per_second
        first = chronik.first_run_chars_per_second / dateparser.first_run_chars_per_second
        fast_enough = chronik.bytes_per_second >= TARGET_BYTES_PER_SECOND
        lines += [
            f"- {lang}: chronik {chronik.bytes_per_second / 1e6:.2f} MB/s (target >= 1 MB/s on one core: "
            f"{_verdict(fast_enough)})",
            f"- {lang}: chronik / dateparser = {ratio:.1f}x per character, medians (first runs: {first:.1f}x; "
            f"target >= {TARGET_RATIO:.0f}x: {_verdict(ratio >= TARGET_RATIO)})",
        ]
    return lines


def scaling_lines(small: SizeRun, large: SizeRun, lang: str) -> list[str]:
    size_factor = large.characters / small.characters
    time_factor = large.timing.cpu / small.timing.cpu
    working_factor = large.working_bytes / small.working_bytes if small.working_bytes else float("nan")
    rows = (
        f"| {run.characters:,} | {run.timing.cpu:.2f} | {run.timing.wall:.2f} | {run.characters / run.timing.cpu:,.0f} "
        f"| {run.timexes:,} | {run.peak_bytes / 1e6:.1f} | {run.result_bytes / 1e6:.1f} "
        f"| {run.working_bytes / 1e6:.1f} |"
        for run in (small, large)
    )
    return [
        f"One `tag_timexes` call on {lang} articles concatenated (repeated as needed):",
        "",
        "| characters | CPU s | wall s | chars/s | timexes | tracemalloc peak MB | held after call MB "
        "| peak - held MB |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"- CPU time ratio for {size_factor:.0f}x the text: {time_factor:.1f}x "
        f"(target about {size_factor:.0f}x: linear cost)",
        f"- working memory (peak minus what the call returns) ratio: {working_factor:.1f}x (flat would be about 1x); "
        "the returned timexes necessarily grow with the text",
    ]


def machine_note() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return f"{os.cpu_count()} CPUs, load average {load} at start"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples and sizes (100 k / 1 M characters)")
    parser.add_argument("--write-results", action="store_true", help="write the section in bench/RESULTS.md")
    return parser.parse_args(argv)


def report(settings: Settings, samples: Sequence[Sample], results: Sequence[Throughput], scaling: list[str]) -> str:
    described = ", ".join(f"{s.lang} = first {len(s.texts)} docs of {s.source}" for s in samples)
    return "\n".join(
        [
            f"Samples: {described}; dateparser on the first {settings.dateparser_docs} of them (speeds are per "
            f"character, so the ratio is comparable). Median of {settings.runs} runs after a warm-up, systems "
            f"alternating; CPU time of this one process. Machine: {machine_note()}. dateparser gets faster on "
            "repeated runs over the same texts, so the median ratio is the cautious one.",
            "",
            *throughput_table(results),
            "",
            *ratio_lines(results),
            "",
            *scaling,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = QUICK if args.quick else FULL
    samples = [s for s in (german_sample(settings.docs), english_sample(settings.docs)) if s is not None]
    large_source = german_sample(None) or english_sample(None)
    if not samples or large_source is None:
        progress("no corpus found: nothing measured")
        return 1
    results: list[Throughput] = []
    for sample in samples:
        progress(f"{sample.lang}: {len(sample.texts)} docs, {sample.characters:,} chars from {sample.source}")
        per_system = {"chronik": sample, "dateparser": sample.head(settings.dateparser_docs)}
        results += measure_side_by_side(per_system, settings.runs)
    progress("linearity and memory")
    small, large = (tag_large(large_source, size) for size in settings.sizes)
    body = report(settings, samples, results, scaling_lines(small, large, large_source.lang))
    print(body)
    if args.write_results:
        command = " ".join([".venv/bin/python bench/timex_speed.py", *(sys.argv[1:] if argv is None else argv)])
        stamp = f"Run {date.today().isoformat()} at {git_revision()} with `{command}`."
        replace_section(RESULTS_SECTION, f"## Timex tagging speed (issue 3)\n\n{stamp}\n\n{body}")
        progress(f"wrote the {RESULTS_SECTION} section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
