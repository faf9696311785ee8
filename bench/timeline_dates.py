"""Are the gold dates on the timeline, over the right days? `extract_events` on the gold corpora (issue 11).

    .venv/bin/python bench/timeline_dates.py                    # every corpus, the table on stdout
    .venv/bin/python bench/timeline_dates.py --corpus wikiwarsde --errors 20
    .venv/bin/python bench/timeline_dates.py --write-results    # also refresh the section in bench/RESULTS.md

Each document goes through `extract_events(text, lang=..., dct=...)` and nothing else, as a user would call it
(merged events, the default doc type). For every gold timex with a calendar value (YYYY, YYYY-MM, YYYY-MM-DD):
is a date expression behind an event on it (shown), and is that mention drawn over exactly the value's days (right
span, counted over the shown ones)? See bench/timexeval/timeline.py. Corpora are read from $CHRONIK_CORPORA or
<repo>/../shared/corpora; a missing corpus is skipped with a message.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `events` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timexeval.corpora import CORPORA, CorpusMissing, CorpusSpec, load_corpus
from bench.timexeval.report import git_revision, replace_section
from bench.timexeval.timeline import (
    NOT_SHOWN,
    WRONG_SPAN,
    TimelineCase,
    TimelineScore,
    cause_counts,
    score_document,
    shown_dates,
    wrong_span_cause,
)
from events import extract_events
from events.timex import DOC_TYPES

RESULTS_SECTION = "timeline-dates"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="corpus to score (repeatable)")
    parser.add_argument("--doc-type", choices=DOC_TYPES, default=None,
                        help="pass this doc type to extract_events (default: none, as a user would)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N sample dates not shown and N with a wrong span per corpus")
    parser.add_argument("--write-results", action="store_true", help="write the table to bench/RESULTS.md")
    return parser.parse_args(argv)  # fmt: skip


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def score_corpus(spec: CorpusSpec, doc_type: str | None) -> TimelineScore | None:
    try:
        documents = load_corpus(spec)
    except CorpusMissing as missing:
        progress(f"skipping {missing}")
        return None
    options = {} if doc_type is None else {"doc_type": doc_type}
    score = TimelineScore(spec.name, documents=len(documents))
    for document in documents:
        started = time.perf_counter()
        events = extract_events(document.text, lang=spec.lang, dct=document.dct, **options)
        score.seconds += time.perf_counter() - started
        score.cases += score_document(document, shown_dates(events["sources"]))
    progress(f"{spec.name}: {score.documents} docs, {score.gold} gold calendar dates, {score.seconds:.1f} s")
    return score


def _verdict(actual: float, wanted: float) -> str:
    return f"{actual:.3f} ({'met' if actual >= wanted else 'NOT met'}: >= {wanted:.2f})"


def table(scores: list[TimelineScore]) -> str:
    lines = [
        "| corpus | docs | gold calendar dates | of them with a mod | shown | right span (of shown) | exact span (of "
        "shown) | target shown | target right | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for score in scores:
        target = CORPORA[score.corpus].timeline_target
        cells = [
            CORPORA[score.corpus].title, str(score.documents), str(score.gold), str(score.mod_gold),
            f"{score.shown_share:.3f} ({score.shown})", f"{score.right_share:.3f} ({score.right})",
            f"{score.exact_share:.3f} ({score.exact})",
            _verdict(score.shown_share, target.shown) if target else "–",
            _verdict(score.right_share, target.right) if target else "–",
            f"{score.seconds:.1f}",
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cause_table(scores: list[TimelineScore]) -> str:
    counts = {score.corpus: cause_counts(score.cases) for score in scores}
    causes = sorted({cause for counted in counts.values() for cause in counted})
    if not causes:
        return ""
    lines = ["| wrong span: cause | " + " | ".join(CORPORA[s.corpus].title for s in scores) + " |",
             "|---|" + "---|" * len(scores)]  # fmt: skip
    for cause in causes:
        lines.append(f"| {cause} | " + " | ".join(str(counts[s.corpus][cause]) for s in scores) + " |")
    return "\n".join(lines)


def describe(case: TimelineCase) -> str:
    gold = case.gold
    shown = "; ".join(
        f"{s.date_text!r} {s.value} {s.first_day}..{s.last_day}" + (f" [{s.anchor}]" if s.anchor else "")
        for s in case.shown
    )
    mod = f" mod={gold.mod}" if gold.mod else ""
    cause = f" ({wrong_span_cause(case)})" if case.verdict == WRONG_SPAN else ""
    return (f"  - {case.document} (dct {case.dct}): gold {gold.text!r} {gold.value}{mod}{cause}"
            + (f"\n      shown: {shown}" if shown else "") + f"\n      {case.context}")  # fmt: skip


def samples(score: TimelineScore, per_kind: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = [f"#### {score.corpus}"]
    for verdict in (NOT_SHOWN, WRONG_SPAN):
        cases = [case for case in score.cases if case.verdict == verdict]
        chosen = sorted(rng.sample(cases, min(per_kind, len(cases))), key=lambda c: (c.document, c.gold.start))
        lines.append(f"\n{verdict}: {len(cases)} (showing {len(chosen)})")
        lines += [describe(case) for case in chosen]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scores = [s for name in args.corpus or list(CORPORA) if (s := score_corpus(CORPORA[name], args.doc_type))]
    if not scores:
        progress("no corpus found: nothing scored")
        return 1
    doc_type = "no doc type (the default)" if args.doc_type is None else f"`doc_type={args.doc_type!r}`"
    command = " ".join([".venv/bin/python bench/timeline_dates.py", *(sys.argv[1:] if argv is None else argv)])
    report = (
        f"## Dates on the timeline (issue 11)\n\nRun {date.today().isoformat()} at {git_revision()} with `{command}`: "
        f"every document through `extract_events(text, lang=..., dct=...)` with {doc_type}, merged as by default. "
        "For each gold timex with a calendar value (YYYY, YYYY-MM, YYYY-MM-DD, whatever its mod): *shown* = a "
        "mention behind an event (an entry of its `sources`) has a date expression overlapping it; *exact span* = "
        "among those, a mention is drawn (`start`..`end`) over exactly the value's days; *right span* = the same, "
        "except that a date bounding a longer span counts when the bar starts or ends on it as it should (\"since "
        "1990\" open from 1990-01-01, \"until Thursday\" ending that day, each end of \"from 1991 to 1997\") and a "
        "gold mod is read as the engine reads one (\"early 1990\": its first third). Both shares are of the shown "
        "dates; the targets are on *right span* (bench/timexeval/timeline.py says why). Seconds: `extract_events` "
        "only.\n\n"
        + table(scores) + "\n\n" + cause_table(scores) + "\n"
    )
    print(report)
    if args.errors:
        for score in scores:
            print(samples(score, args.errors))
    if args.write_results:
        replace_section(RESULTS_SECTION, report)
        progress(f"wrote the {RESULTS_SECTION} section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
