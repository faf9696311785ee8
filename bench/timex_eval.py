"""Timex extraction and normalization scores on the gold corpora (issue 3), chronik next to dateparser and HeidelTime.

    .venv/bin/python bench/timex_eval.py                      # all corpora, all systems, tables on stdout
    .venv/bin/python bench/timex_eval.py --corpus krauts --systems chronik --errors 10 --patterns 30
    .venv/bin/python bench/timex_eval.py --write-results      # also refresh the section in bench/RESULTS.md
    .venv/bin/python bench/timex_eval.py --corpus wikiwarsde --doc-type narrative   # chronik told the genre
    .venv/bin/python bench/timex_eval.py --systems chronik heideltime-news   # live HeidelTime: setup_heideltime.sh

Corpora are read from $CHRONIK_CORPORA or <repo>/../shared/corpora; a missing corpus is skipped with a message.
Scores follow TempEval-3 (see bench/timexeval/scoring.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `events` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timexeval.corpora import CORPORA, CorpusMissing, CorpusSpec, GoldDocument, load_corpus, load_heideltime
from bench.timexeval.evaluation import Evaluation, evaluate
from bench.timexeval.heideltime_live import (
    LIVE_SYSTEMS,
    HeidelTimeUnavailable,
    SpeedComparison,
    agreement_line,
    corpus_table,
    live_run,
    results_header,
    shared_heideltime,
)
from bench.timexeval.heideltime_live import RESULTS_SECTION as HEIDELTIME_SECTION
from bench.timexeval.report import corpus_section, error_samples, git_revision, pattern_report, replace_section
from bench.timexeval.systems import SystemRun, chronik_tagger, heideltime_run, run_dateparser, run_tagger
from events.timex import DOC_TYPES

SYSTEMS = ("chronik", "dateparser", "heideltime", *LIVE_SYSTEMS)  # heideltime: its output shipped with the corpus
RESULTS_SECTION = "timex-eval"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="corpus to score (repeatable)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS), help="systems to score")
    parser.add_argument(
        "--dateparser-docs",
        type=int,
        default=None,
        metavar="N",
        help="score dateparser on the first N documents of each corpus only (it is slow)",
    )
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print N sample errors of each kind per corpus for chronik"
    )
    parser.add_argument(
        "--patterns",
        type=int,
        default=0,
        metavar="N",
        help="print the N most frequent error patterns of each kind per corpus for chronik",
    )
    parser.add_argument(
        "--doc-type",
        choices=DOC_TYPES,
        default=None,
        help="pass this doc type to chronik's tagger (default: pass none, as a user would; the targets are so)",
    )
    parser.add_argument("--write-results", action="store_true", help="write the tables to bench/RESULTS.md")
    return parser.parse_args(argv)  # fmt: skip


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def system_runs(
    spec: CorpusSpec, documents: list[GoldDocument], args: argparse.Namespace
) -> tuple[list[SystemRun], list[SpeedComparison]]:
    runs, speeds = [], []
    if "chronik" in args.systems:
        runs.append(run_tagger("chronik", chronik_tagger(spec, args.doc_type), documents))
        progress(f"  chronik: {runs[-1].seconds:.1f} s")
    if "dateparser" in args.systems:
        subset = documents[: args.dateparser_docs] if args.dateparser_docs is not None else documents
        runs.append(run_dateparser(spec, subset))
        progress(f"  dateparser: {runs[-1].seconds:.1f} s on {len(subset)} docs")
    if "heideltime" in args.systems:
        baseline = load_heideltime(spec, documents)
        if baseline is not None:
            runs.append(heideltime_run(baseline))
    for system in (name for name in args.systems if name in LIVE_SYSTEMS):
        run, speed = live_run(system, spec, documents, ("chronik", chronik_tagger(spec, args.doc_type)))
        runs.append(run)
        speeds.append(speed)
        progress(f"  {system}: {run.seconds:.1f} s")
    return runs, speeds


def drop_unusable_heideltime(args: argparse.Namespace) -> None:
    """Start the JVM once up front; when HeidelTime cannot run, say why once and score the other systems."""
    wanted = [name for name in args.systems if name in LIVE_SYSTEMS]
    if not wanted:
        return
    try:
        shared_heideltime()
    except HeidelTimeUnavailable as missing:
        progress(f"skipping {' and '.join(wanted)}: {missing}")
        args.systems = [name for name in args.systems if name not in LIVE_SYSTEMS]


def heideltime_part(
    spec: CorpusSpec, runs: list[SystemRun], speeds: list[SpeedComparison], evaluations: list[Evaluation]
) -> str:
    """Live HeidelTime beside chronik on one corpus (accuracy and speed), and how it compares with its output
    shipped with the corpus; empty when it did not run."""
    if not speeds:
        return ""
    by_system = {run.system: run for run in runs}
    shipped, live_news = by_system.get("heideltime"), by_system.get("heideltime-news")
    agreement = [agreement_line(shipped, live_news)] if shipped is not None and live_news is not None else []
    return "\n".join([corpus_table(spec.title, evaluations, speeds), *agreement]) + "\n"


def evaluate_corpus(spec: CorpusSpec, args: argparse.Namespace) -> tuple[list[Evaluation], str] | None:
    progress(f"{spec.name}: reading")
    try:
        documents = load_corpus(spec)
    except CorpusMissing as missing:
        progress(f"skipping {missing}")
        return None
    progress(f"{spec.name}: {len(documents)} docs, {sum(len(d.timexes) for d in documents)} gold timexes")
    runs, speeds = system_runs(spec, documents, args)
    evaluations = [evaluate(spec, documents, run) for run in runs]
    return evaluations, heideltime_part(spec, runs, speeds, evaluations)


def doc_type_note(doc_type: str | None) -> str:
    return " with no doc type (its default)" if doc_type is None else f" with `doc_type={doc_type!r}`"


def command_line(argv: list[str] | None) -> str:
    return " ".join([".venv/bin/python bench/timex_eval.py", *(sys.argv[1:] if argv is None else argv)])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    drop_unusable_heideltime(args)
    sections, heideltime_parts = [], []
    for name in args.corpus or list(CORPORA):
        spec = CORPORA[name]
        evaluated = evaluate_corpus(spec, args)
        if evaluated is None:
            continue
        evaluations, heideltime = evaluated
        section = corpus_section(spec, evaluations)
        sections.append(section)
        print(section)
        if heideltime:
            heideltime_parts.append(heideltime)
            print(heideltime)
        for evaluation in (e for e in evaluations if e.system == "chronik"):
            if args.errors:
                print(error_samples(evaluation, args.errors))
            if args.patterns:
                print(pattern_report(evaluation, args.patterns))
    if not sections:
        progress("no corpus found: nothing scored")
        return 1
    # Stamped before anything is written: the section written first would make the tree look edited ("-dirty").
    stamp = f"Run {date.today().isoformat()} at {git_revision()} with `{command_line(argv)}`."
    if args.write_results:
        header = (
            f"## Timex evaluation (issue 3)\n\nRun {date.today().isoformat()} at {git_revision()} with "
            f"`{command_line(argv)}`. TempEval-3 definitions: strict = same span, relaxed = overlapping span "
            "(one-to-one), value P/R/F1 over relaxed matches, type accuracy over relaxed matches. Values are compared "
            "after trimming whitespace and normalizing gold format slips (T20.30, W6, WXX-01, 2014_07, PRESNT_REF) and "
            "durations in decades or centuries to years (P1DE = P10Y, as TIMEX2 and HeidelTime write them), and "
            "decades and centuries written with X to reduced precision (199X = 199, 19XX = 19: TBAQ writes \"the "
            "1990s\" both ways); see scoring.py. Every system is scored alike. chronik is called as a user calls "
            f"it, `tag_timexes(text, lang=..., dct=...)`{doc_type_note(args.doc_type)}; HeidelTime's shipped output "
            "was made with the corpus' genre as its document type.\n"
        )
        replace_section(RESULTS_SECTION, header + "\n" + "\n".join(sections))
        progress(f"wrote the {RESULTS_SECTION} section of bench/RESULTS.md")
    if args.write_results and heideltime_parts:
        replace_section(HEIDELTIME_SECTION, "\n".join([results_header(stamp), *heideltime_parts]))
        progress(f"wrote the {HEIDELTIME_SECTION} section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    progress(f"done in {time.perf_counter() - started:.1f} s")
    sys.exit(status)
