"""Timex extraction and normalization scores on the gold corpora (issue 3), chronik next to dateparser and HeidelTime.

    .venv/bin/python bench/timex_eval.py                      # all corpora, all systems, tables on stdout
    .venv/bin/python bench/timex_eval.py --corpus krauts --systems chronik --errors 10 --patterns 30
    .venv/bin/python bench/timex_eval.py --write-results      # also refresh the section in bench/RESULTS.md
    .venv/bin/python bench/timex_eval.py --corpus wikiwarsde --doc-type narrative   # chronik told the genre

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
from bench.timexeval.report import corpus_section, error_samples, git_revision, pattern_report, replace_section
from bench.timexeval.systems import SystemRun, chronik_tagger, heideltime_run, run_dateparser, run_tagger
from events.timex import DOC_TYPES

SYSTEMS = ("chronik", "dateparser", "heideltime")
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


def system_runs(spec: CorpusSpec, documents: list[GoldDocument], args: argparse.Namespace) -> list[SystemRun]:
    runs = []
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
    return runs


def evaluate_corpus(spec: CorpusSpec, args: argparse.Namespace) -> list[Evaluation] | None:
    progress(f"{spec.name}: reading")
    try:
        documents = load_corpus(spec)
    except CorpusMissing as missing:
        progress(f"skipping {missing}")
        return None
    progress(f"{spec.name}: {len(documents)} docs, {sum(len(d.timexes) for d in documents)} gold timexes")
    return [evaluate(spec, documents, run) for run in system_runs(spec, documents, args)]


def doc_type_note(doc_type: str | None) -> str:
    return " with no doc type (its default)" if doc_type is None else f" with `doc_type={doc_type!r}`"


def command_line(argv: list[str] | None) -> str:
    return " ".join([".venv/bin/python bench/timex_eval.py", *(sys.argv[1:] if argv is None else argv)])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sections = []
    for name in args.corpus or list(CORPORA):
        spec = CORPORA[name]
        evaluations = evaluate_corpus(spec, args)
        if evaluations is None:
            continue
        section = corpus_section(spec, evaluations)
        sections.append(section)
        print(section)
        for evaluation in (e for e in evaluations if e.system == "chronik"):
            if args.errors:
                print(error_samples(evaluation, args.errors))
            if args.patterns:
                print(pattern_report(evaluation, args.patterns))
    if not sections:
        progress("no corpus found: nothing scored")
        return 1
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
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    progress(f"done in {time.perf_counter() - started:.1f} s")
    sys.exit(status)
