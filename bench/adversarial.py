"""Hostile input grows, time must grow no faster: every pathological pattern from 10 KB to the size limit.

    .venv/bin/python bench/adversarial.py                   # every pattern up to its size limit (5 MB articles)
    .venv/bin/python bench/adversarial.py --quick           # up to 640 KB
    .venv/bin/python bench/adversarial.py --only md-brackets txt-dots
    .venv/bin/python bench/adversarial.py --reading-only    # reading alone, without extraction
    .venv/bin/python bench/adversarial.py --write-results   # also refresh the section in bench/RESULTS.md

Each pattern is an input an attacker or a careless user could hand over (a Markdown file of `[`, a text of dots, a
CSV that trips Python's dialect sniffer, one sentence full of dates). It is made at 10 KB and doubled up to the
limit Chronik accepts for its kind of file, and each size goes through what `chronik extract` and a dashboard
upload do: reading (`documents_in_upload`) and extraction with merging (`extract_documents`). Printed per
doubling: the ratio of the time at twice the size to the time before (medians of several runs while a run is
short; the ratios are within one process). Linear cost gives ratios near 2; the target is every ratio <= 2.3 and
the largest size under 10 s.

Each pattern runs in a worker process of its own with a time budget per size, so a pattern that is still
quadratic is stopped and reported (">budget") instead of holding up the others. A reading error is part of the
result (the pattern's note says which); what must hold is that it costs only that file.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench`, `dashboard` and `events` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timexeval.report import command_line, git_revision, publish

RESULTS_SECTION = "adversarial"
KB = 1024
FIRST_SIZE = 10 * KB
QUICK_LIMIT = 640 * KB
MAX_RATIO = 2.3
MAX_WORST_SECONDS = 10.0
BUDGET_SECONDS = 60.0
# Short runs are repeated until this much time has passed (at most MAX_RUNS), and their median taken.
REPEAT_UNTIL_SECONDS = 2.0
MIN_RUNS = 5  # while a run takes under REPEAT_UNTIL_SECONDS: a median of five at least, as the machine is shared
MAX_RUNS = 31
EXPONENT_FROM = 80 * KB


def repeated(unit: str, size: int) -> bytes:
    raw = unit.encode("utf-8")
    return (raw * (size // len(raw) + 1))[:size]


def wrapped(head: str, unit: str, tail: str, size: int) -> bytes:
    body = size - len(head.encode()) - len(tail.encode())
    return head.encode() + repeated(unit, max(body, 0)) + tail.encode()


def _prose(size: int) -> bytes:
    from events.corpus import load_sample

    return repeated(load_sample().text + "\n", size)


def _jsonl_big_numbers(size: int) -> bytes:
    line = '{"text": "Am 3. März 2023 trafen sich Putin und Lukaschenko in Minsk.", "id": %s}\n'
    digits = max(size // 20 - len(line), 1)
    record = (line % ("7" * digits)).encode()
    return repeated(record.decode(), size)


@dataclass(frozen=True)
class Pattern:
    name: str
    suffix: str
    make: Callable[[int], bytes]
    what: str
    stage: str = "reading"  # whose code the pattern aims at: "reading" (files, Markdown, sentences) or "extraction"
    limit: int = 5 * KB * KB  # MAX_DOCUMENT_BYTES: the text of one article


MB = KB * KB
PATTERNS: tuple[Pattern, ...] = (
    Pattern("md-brackets", ".md", lambda n: repeated("[", n), "Markdown: a run of '['"),
    Pattern("md-star-a", ".md", lambda n: repeated("*a ", n), "Markdown: '*a ' repeated (emphasis never closed)"),
    Pattern("md-underscore-a", ".md", lambda n: repeated("_a ", n), "Markdown: '_a ' repeated"),
    Pattern("md-image-open", ".md", lambda n: repeated("![", n), "Markdown: '![' repeated"),
    Pattern("md-link-open", ".md", lambda n: repeated("[a](", n), "Markdown: '[a](' repeated (link never closed)"),
    Pattern("md-reflink-open", ".md", lambda n: repeated("[a][", n), "Markdown: '[a][' repeated"),
    Pattern("md-tag-open", ".md", lambda n: repeated("<a", n), "Markdown: '<a' repeated (inline tag never closed)"),
    Pattern("md-code-open", ".md", lambda n: repeated("`a", n - 1) + b"`", "Markdown: '`a' repeated"),
    Pattern("md-heading-hashes", ".md", lambda n: wrapped("# ", "# ", "x", n), "Markdown: a heading '# # # ... x'"),
    Pattern("md-heading-spaces", ".md", lambda n: wrapped("# a", " ", "x", n), "Markdown: a heading of spaces"),
    Pattern("md-definition-lines", ".md", lambda n: repeated("[\n", n), "Markdown: lines that open a link definition"),
    Pattern("md-rule-spaces", ".md", lambda n: wrapped("-", " -  ", "x", n), "Markdown: '- -  -  ... x' (no rule)"),
    Pattern("md-emphasis-spaces", ".md", lambda n: wrapped("**", "a  ", "", n), "Markdown: '**' then words"),
    Pattern("md-fences", ".md", lambda n: repeated("```a\n~~~\n", n), "Markdown: fences of both kinds"),
    Pattern("txt-dots", ".txt", lambda n: repeated(".", n), "sentence splitter: a run of '.'"),
    Pattern("txt-bangs", ".txt", lambda n: repeated("!", n), "sentence splitter: a run of '!'"),
    Pattern("txt-ellipses", ".txt", lambda n: repeated("…", n), "sentence splitter: a run of '…'"),
    Pattern("txt-quote-closers", ".txt", lambda n: wrapped(".", "\"", "x", n), "sentence splitter: '.' and quotes"),
    Pattern("txt-dot-space", ".txt", lambda n: repeated(". ", n), "sentence splitter: '. ' repeated"),
    Pattern("txt-initials", ".txt", lambda n: repeated("A. ", n), "sentence splitter: initials 'A. A. A.'"),
    Pattern("txt-one-line", ".txt", lambda n: repeated("wort ", n), "one sentence of words, no line break"),
    Pattern("txt-empty-lines", ".txt", lambda n: repeated("a\n\n", n), "many one-word paragraphs"),
    Pattern("txt-control-mix", ".txt", lambda n: repeated("a\x0b\x0cb ", n), "vertical tabs and form feeds"),
    Pattern("html-no-lang", ".html", lambda n: wrapped("<p>", "<html ", "</p>", n),
            "<html lang> search on a page of '<html ' without lang", limit=20 * MB),
    Pattern("html-nested", ".html", lambda n: wrapped("<html><body>", "<div>", "text</body></html>", n),
            "HTML nested ever deeper", limit=20 * MB),
    Pattern("html-paragraphs", ".html", lambda n: wrapped("<html lang='de'><body><article>",
                                                          "<p>Am 3. März 2023 trafen sich Putin und Lukaschenko.</p>",
                                                          "</article></body></html>", n),
            "HTML: an article of many paragraphs", limit=20 * MB),
    Pattern("csv-sniff-comma-quote", ".csv", lambda n: wrapped("text\n", ',"', "", n), "CSV: ',\"' repeated"),
    Pattern("csv-sniff-newline-quote", ".csv", lambda n: wrapped("text\n", '\n"', "", n), "CSV: '\\n\"' repeated"),
    Pattern("csv-long-field", ".csv", lambda n: wrapped('text\n"', "a", '"\n', n), "CSV: one long quoted field"),
    Pattern("json-deep", ".json", lambda n: repeated("[", n), "JSON nested ever deeper"),
    Pattern("jsonl-deep", ".jsonl", lambda n: wrapped('{"text": "a", "x": ', "[", "\n", n),
            "JSONL: a record nested ever deeper"),
    Pattern("jsonl-big-numbers", ".jsonl", _jsonl_big_numbers, "JSONL: ids of thousands of digits"),
    # Extraction (events/extract.py and the stages it calls): issue 12's refactor.
    Pattern("article-prose", ".txt", _prose, "the sample article repeated: a real article's shape",
            stage="extraction"),
    Pattern("sentence-of-dates-de", ".txt", lambda n: wrapped("Putin traf", " am 1. Januar 2020, am 2. März 2021 und",
                                                              " Lukaschenko.", n),
            "one sentence full of German dates", stage="extraction"),
    Pattern("sentence-of-dates-en", ".txt", lambda n: wrapped("Putin met", " on January 1, 2020 and on May 2, 2021,",
                                                              " Lukashenko.", n),
            "one sentence full of English dates", stage="extraction"),
    Pattern("sentence-of-actors", ".txt", lambda n: wrapped("Am 1. Januar 2020 trafen", " Putin, Lukaschenko und",
                                                            " Merkel.", n),
            "one dated sentence full of actors", stage="extraction"),
    Pattern("numbers", ".txt", lambda n: repeated("1991 2020 13 ", n), "numbers that could be years and days",
            stage="extraction"),
    Pattern("dated-lines", ".txt", lambda n: repeated("Am 3. März 2023 Vertrag.\n", n),
            "many short dated paragraphs with a trigger", stage="extraction"),
)


def sizes_up_to(limit: int) -> list[int]:
    sizes = [FIRST_SIZE]
    while sizes[-1] * 2 <= limit:
        sizes.append(sizes[-1] * 2)
    return sizes


def run_once(pattern: Pattern, data: bytes, extract: bool = True) -> tuple[float, float, str]:
    """Read and extract one input; the seconds of each and a note on what went wrong, if anything did."""
    from events.collections import documents_in_upload
    from events.documents import DocumentError
    from events.extract import extract_documents

    note = ""
    started = time.perf_counter()
    try:
        items = list(documents_in_upload(data, name=f"hostile{pattern.suffix}", lang="de"))
    except Exception as error:  # the defect this benchmark also shows: one file's error escaping its reader
        items = []
        note = f"reading raised {type(error).__name__}"
    read = time.perf_counter() - started
    documents = [item for item in items if not isinstance(item, DocumentError)]
    refused = [item for item in items if isinstance(item, DocumentError)]
    if refused and not note:
        note = f"refused: {str(refused[0])[:60]}"
    if not extract:
        return read, 0.0, note
    failures: list[str] = []
    started = time.perf_counter()
    extract_documents(documents, on_error=lambda document, error: failures.append(type(error).__name__))
    extracted = time.perf_counter() - started
    if failures:
        note = f"extraction raised {failures[0]}"
    return read, extracted, note


def worker(pattern: Pattern, sizes: Sequence[int], connection: Connection, extract: bool) -> None:
    run_once(pattern, pattern.make(FIRST_SIZE), extract)  # warm up: imports, resources, caches
    for size in sizes:
        data = pattern.make(size)
        reads, extracts, totals = [], [], []
        spent, note = 0.0, ""
        while not totals or (spent < REPEAT_UNTIL_SECONDS and len(totals) < MAX_RUNS) or (
                len(totals) < MIN_RUNS and spent < REPEAT_UNTIL_SECONDS):
            read, extracted, note = run_once(pattern, data, extract)
            reads.append(read)
            extracts.append(extracted)
            totals.append(read + extracted)
            spent += read + extracted
        connection.send((size, statistics.median(reads), statistics.median(extracts), statistics.median(totals),
                         note))
    connection.send(None)


@dataclass
class Result:
    pattern: Pattern
    sizes: list[int]
    times: list[float]  # total seconds per size measured
    reads: list[float]
    extracts: list[float]
    notes: list[str]
    stopped_at: int | None = None  # the size that went over the budget

    @property
    def ratios(self) -> list[float]:
        return [later / earlier if earlier > 0 else float("inf") for earlier, later in
                zip(self.times, self.times[1:], strict=False)]

    @property
    def exponent(self) -> float | None:
        """How time grows with size over the sizes from 80 KB on: the slope of log time against log size (1.0 is
        linear, 2.0 quadratic). Less noisy than one doubling on a shared machine."""
        points = [(math.log(size), math.log(seconds)) for size, seconds in zip(self.sizes, self.times, strict=True)
                  if size >= EXPONENT_FROM and seconds > 0]
        if len(points) < 3:
            return None
        mean_x = sum(x for x, _ in points) / len(points)
        mean_y = sum(y for _, y in points) / len(points)
        return (sum((x - mean_x) * (y - mean_y) for x, y in points)
                / sum((x - mean_x) ** 2 for x, _ in points))

    @property
    def holds(self) -> bool:
        return (self.stopped_at is None and all(ratio <= MAX_RATIO for ratio in self.ratios)
                and bool(self.times) and self.times[-1] < MAX_WORST_SECONDS)


def measure(pattern: Pattern, sizes: Sequence[int], budget: float, extract: bool = True) -> Result:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=worker, args=(pattern, sizes, sender, extract), daemon=True)
    process.start()
    sender.close()
    result = Result(pattern, [], [], [], [], [])
    for size in sizes:
        if not receiver.poll(budget * MAX_RUNS if size == sizes[0] else budget):
            result.stopped_at = size
            break
        try:
            message = receiver.recv()
        except EOFError:  # the worker died (out of memory, a crash in a C library)
            result.stopped_at = size
            result.notes.append("worker died")
            break
        if message is None:
            break
        measured, read, extract, total, note = message
        result.sizes.append(measured)
        result.reads.append(read)
        result.extracts.append(extract)
        result.times.append(total)
        result.notes.append(note)
    if process.is_alive():
        process.kill()
    process.join()
    return result


def size_label(size: int) -> str:
    return f"{size // MB} MB" if size >= MB and size % MB == 0 else f"{size // KB} KB"


def progress_line(result: Result, budget: float) -> str:
    ratios = " ".join(f"{ratio:.2f}" for ratio in result.ratios)
    if result.exponent is not None:
        ratios += f" | exponent {result.exponent:.2f}"
    last = f"{result.times[-1]:.2f} s at {size_label(result.sizes[-1])}" if result.times else "no size finished"
    over = f"; over {budget:.0f} s at {size_label(result.stopped_at)}" if result.stopped_at else ""
    return f"{result.pattern.name:26} {'ok ' if result.holds else 'NO '} ratios {ratios} | {last}{over}"


def report(results: Sequence[Result], command: str, budget: float, extract: bool = True) -> str:
    held = sum(result.holds for result in results)
    what = ("read (`documents_in_upload`) and extracted with merging (`extract_documents`), as `chronik extract` "
            "and a dashboard upload do" if extract else "read (`documents_in_upload`) only, without extraction")
    lines = [
        f"## Hostile input: time per doubling of the input{'' if extract else ', reading alone'} (issue 16)",
        "",
        f"Run at {git_revision()} with `{command}`. Each pattern is made at 10 KB and doubled up to the limit for "
        f"its kind of file (5 MB of article text, 20 MB for a web page); each size is {what}. "
        "Times are medians of 5 to 31 runs while a run is short, in one worker process per pattern; a size over "
        f"{budget:.0f} s stops the pattern. Target: every ratio <= {MAX_RATIO}, the largest size under "
        f"{MAX_WORST_SECONDS:.0f} s. {held} of {len(results)} patterns hold.",
        "",
        "| pattern | stage | what | ratios per doubling | growth exponent | largest size | read (s) | extract (s) | "
        "total (s) | holds | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        ratios = ", ".join(f"{ratio:.2f}" for ratio in result.ratios) or "–"
        if result.times:
            last = (size_label(result.sizes[-1]), f"{result.reads[-1]:.2f}", f"{result.extracts[-1]:.2f}",
                    f"{result.times[-1]:.2f}")
        else:
            last = ("–", "–", "–", "–")
        note = next((note for note in reversed(result.notes) if note), "")
        if result.stopped_at:
            note = f"over {budget:.0f} s at {size_label(result.stopped_at)}" + (f"; {note}" if note else "")
        exponent = f"{result.exponent:.2f}" if result.exponent is not None else "–"
        lines.append(f"| {result.pattern.name} | {result.pattern.stage} | {result.pattern.what} | {ratios} | "
                     f"{exponent} | {' | '.join(last)} | {'yes' if result.holds else '**no**'} | "
                     f"{note.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"stop at {size_label(QUICK_LIMIT)}")
    parser.add_argument("--only", nargs="+", metavar="PATTERN", help="run these patterns only")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds one size may take")
    parser.add_argument("--reading-only", action="store_true", help="measure reading alone, not extraction")
    parser.add_argument("--write-results", action="store_true", help="write the section in bench/RESULTS.md")
    args = parser.parse_args(argv)
    known = {pattern.name: pattern for pattern in PATTERNS}
    unknown = [name for name in args.only or () if name not in known]
    if unknown:
        parser.error(f"unknown pattern(s): {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = [known[name] for name in args.only] if args.only else list(PATTERNS)
    results = []
    for pattern in chosen:
        limit = min(pattern.limit, QUICK_LIMIT) if args.quick else pattern.limit
        result = measure(pattern, sizes_up_to(limit), args.budget, extract=not args.reading_only)
        print(progress_line(result, args.budget), file=sys.stderr, flush=True)
        results.append(result)
    command = command_line("adversarial.py", {"--quick": args.quick, "--reading-only": args.reading_only,
                                              "--write-results": args.write_results})
    if args.budget != BUDGET_SECONDS:
        command += f" --budget {args.budget:g}"
    if args.only:
        command += " --only " + " ".join(args.only)
    section = RESULTS_SECTION + ("-reading" if args.reading_only else "")
    publish(section, report(results, command, args.budget, extract=not args.reading_only),
            args.write_results and not args.only)
    return 0 if all(result.holds for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
