"""Markdown output: score tables, targets, error samples and the marked sections of bench/RESULTS.md."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Sequence
from pathlib import Path

from bench.timexeval.causes import cause_table
from bench.timexeval.corpora import REPO_ROOT, CorpusSpec, TimexSpan
from bench.timexeval.evaluation import ERROR_KINDS, WRONG_VALUE, Evaluation, frequent_patterns

RESULTS_FILE = REPO_ROOT / "bench" / "RESULTS.md"
RESULTS_HEADER = (
    "# Benchmark results\n\n"
    "Each section below is written by the script named in it, between its own markers; "
    "rerun the script to refresh it, and do not edit inside the markers by hand.\n"
)

_HEADER = (
    "| system | docs | gold | predicted | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
    "| value P | value R | value F1 | type acc | seconds |"
)
_RULE = "|" + "---|" * (_HEADER.count("|") - 1)


def _number(value: float) -> str:
    return f"{value:.3f}"


def table_row(evaluation: Evaluation, scores_type: bool) -> str:
    counts, scores = evaluation.counts, evaluation.scores
    cells = [
        evaluation.system, str(evaluation.documents), str(counts.gold), str(counts.predicted),
        *(_number(x) for x in (scores.strict.precision, scores.strict.recall, scores.strict.f1)),
        *(_number(x) for x in (scores.relaxed.precision, scores.relaxed.recall, scores.relaxed.f1)),
        *(_number(x) for x in (scores.value.precision, scores.value.recall, scores.value.f1)),
        _number(scores.type_accuracy) if scores_type else "n/a",
        "–" if evaluation.seconds is None else f"{evaluation.seconds:.1f}",
    ]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def target_line(spec: CorpusSpec, evaluation: Evaluation) -> str:
    scores, target = evaluation.scores, spec.target

    def verdict(actual: float, wanted: float) -> str:
        return f"{actual:.3f} (target >= {wanted:.2f}: {'met' if actual >= wanted else 'NOT met'})"

    return (
        f"Targets for {evaluation.system}: relaxed F1 {verdict(scores.relaxed.f1, target.relaxed_f1)}; "
        f"value F1 {verdict(scores.value.f1, target.value_f1)}"
    )


def corpus_section(spec: CorpusSpec, evaluations: Sequence[Evaluation]) -> str:
    lines = [f"### {spec.title}", "", _HEADER, _RULE]
    lines += [table_row(evaluation, spec.scores_type) for evaluation in evaluations]
    lines.append("")
    lines += [f"- {target_line(spec, e)}" for e in evaluations if e.system == "chronik"]
    lines += [
        f"- {e.system}: value F1 {e.scores.value_compatible.f1:.3f} counting values that say no less than the gold "
        "and nothing against it (diagnostic, not a TE3 score; the targets are on exact values)"
        for e in evaluations
    ]
    lines += [f"- note: {note}" for e in evaluations for note in e.notes]
    for evaluation in (e for e in evaluations if e.system == "chronik" and e.errors_of(WRONG_VALUE)):
        lines += ["", f"Wrong values of {evaluation.system} by cause (bench/timexeval/causes.py):", ""]
        lines.append(cause_table(evaluation.errors))
    if not spec.scores_type:
        lines.append("- TIMEX2 gold has no type: type accuracy is not scored (types derived from values only).")
    return "\n".join(lines) + "\n"


def describe(label: str, span: TimexSpan) -> str:
    mod = f" mod={span.mod}" if span.mod else ""
    rule = f" rule={span.rule}" if span.rule else ""
    return f"{label} {span.text!r} {span.type} {span.value}{mod}{rule}"


def error_samples(evaluation: Evaluation, per_kind: int, seed: int = 0) -> str:
    """Up to `per_kind` random (but reproducible) errors of each kind, with gold/predicted values and context."""
    lines = [f"#### {evaluation.system} errors on {evaluation.corpus}"]
    rng = random.Random(seed)
    for kind in ERROR_KINDS:
        cases = evaluation.errors_of(kind)
        if not cases:
            continue
        lines.append(f"\n{kind}: {len(cases)} (showing {min(per_kind, len(cases))})")
        for case in sorted(rng.sample(cases, min(per_kind, len(cases))), key=lambda c: (c.document, c.context)):
            labelled = (("gold", case.gold), ("pred", case.predicted))
            shown = "  |  ".join(describe(label, span) for label, span in labelled if span)
            lines.append(f"  - {case.document} (dct {case.dct}): {shown}\n      {case.context}")
    return "\n".join(lines) + "\n"


def pattern_report(evaluation: Evaluation, top: int) -> str:
    lines = [f"#### {evaluation.system} error patterns on {evaluation.corpus} (top {top} per kind)"]
    for kind in ERROR_KINDS:
        cases = evaluation.errors_of(kind)
        if not cases:
            continue
        lines.append(f"\n{kind} ({len(cases)}):")
        for pattern in frequent_patterns(cases, top):
            lines.append(f"  {pattern.count:4d}  {pattern.pattern}    e.g. {'; '.join(pattern.examples)}")
    return "\n".join(lines) + "\n"


# --- bench/RESULTS.md ------------------------------------------------------------------------------------------------


def git_revision() -> str:
    """Short commit id, marked `-dirty` when the working tree has changes (others may be editing the tagger)."""
    try:
        result = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


def replace_section(name: str, body: str, path: Path = RESULTS_FILE) -> None:
    """Put `body` between `<!-- name:start -->` and `<!-- name:end -->`, keeping everything outside the markers.

    Other benchmarks own other sections of the same file, so the file is created with a header if missing and the
    section is appended if it is not there yet.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    if start in current and end in current and current.index(start) < current.index(end):
        before = current[: current.index(start)]
        after = current[current.index(end) + len(end) :]
        updated = before + block + after
    else:
        updated = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")


def command_line(script: str, flags: dict[str, bool]) -> str:
    """How a benchmark was run, for its section: `.venv/bin/python bench/<script> --flag ...` (flags that are on)."""
    return " ".join([".venv/bin/python", f"bench/{script}", *(flag for flag, on in flags.items() if on)])


def publish(section: str, text: str, write: bool) -> None:
    """Print a benchmark's report and, if asked, put it into its section of bench/RESULTS.md."""
    print(text)
    if write:
        replace_section(section, text)

