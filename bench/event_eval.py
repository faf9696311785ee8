"""Event-level evaluation (issue 13): Chronik's events against the hand-made gold of bench/event_gold/.

    .venv/bin/python bench/event_eval.py                     # the table on stdout
    .venv/bin/python bench/event_eval.py --errors 20         # also missed happenings, stray events, type errors
    .venv/bin/python bench/event_eval.py --write-results     # also refresh the section in bench/RESULTS.md

Extraction runs as a user would run it: `events.extract_documents` on the 40 articles at once, each with its
language and publication date (10kGNAD's estimated, see documents.jsonl), merged. The articles are read from
$CHRONIK_CORPORA or <repo>/../shared/corpora. What counts as a match and each score: bench/EVENT_ANNOTATION.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `events` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.eventeval.categories import plover_table
from bench.eventeval.corpus import CorpusMissing, load_article
from bench.eventeval.frame import events_from_frame
from bench.eventeval.gold import LANGUAGES, load_documents, load_happenings
from bench.eventeval.report import HEADER, RULE, error_listing, gold_profile, table_row, target_line
from bench.eventeval.scoring import alias_canonicalizer, score_language
from bench.timexeval.report import git_revision, replace_section
from events import Document, extract_documents
from events.actors import load_registry

RESULTS_SECTION = "event-eval"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N errors of each kind per language")
    parser.add_argument("--write-results", action="store_true", help="write the table to bench/RESULTS.md")
    return parser.parse_args(argv)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def actor_aliases() -> dict[str, str]:
    """Every name Chronik's built-in registries give an actor (any language) -> its canonical name, so a gold name
    and an extracted one meet whichever spelling either uses ("United States" = "USA")."""
    aliases: dict[str, str] = {}
    for lang in LANGUAGES:
        registry = load_registry(lang)
        aliases.update({name: name for name in registry.actors})
        aliases.update({form: surface.actor for form, surface in registry.surface_forms.items() if not surface.metonym})
    return aliases


def gold_documents() -> list[Document]:
    return [
        Document(text=load_article(document.doc).text, doc_id=document.doc, lang=document.lang, dct=document.date)
        for document in load_documents()
    ]


def command_line(argv: list[str] | None) -> str:
    return " ".join([".venv/bin/python bench/event_eval.py", *(sys.argv[1:] if argv is None else argv)])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        documents = gold_documents()
        table = plover_table()
    except (CorpusMissing, FileNotFoundError) as missing:
        progress(f"cannot run: {missing}")
        return 1
    progress(f"extracting {len(documents)} articles")
    started = time.perf_counter()
    frame = extract_documents(documents)
    seconds = time.perf_counter() - started
    events = events_from_frame(frame, table)
    canonical = alias_canonicalizer(actor_aliases())
    gold = [happening for lang in LANGUAGES for happening in load_happenings(lang)]
    doc_counts = {lang: sum(document.lang == lang for document in documents) for lang in LANGUAGES}
    scores = [score_language(lang, events, gold, canonical) for lang in LANGUAGES]
    lines = [
        "## Event evaluation (issue 13)",
        "",
        f"Run {date.today().isoformat()} at {git_revision()} with `{command_line(argv)}` "
        f"(extraction {seconds:.1f} s). Gold: bench/event_gold/, made by bench/EVENT_ANNOTATION.md before the "
        "extractor was run on these articles: 20 German articles of 10kGNAD (Inland, International) and 20 English "
        "reports of T17 Libya (1-3 March 2011), chosen by a written rule. An event matches a gold happening when "
        "their dates share a day and their actors overlap (or, when one side has no actors, a source sentence "
        "overlaps a gold quote); each event counts for its best match. Ratios show their counts; `missing` = the "
        "event table has no column for it.",
        "",
        HEADER,
        RULE,
        *(table_row(score, doc_counts[score.lang]) for score in scores),
        "",
        "Issue 13's targets:",
        *(target_line(score) for score in scores),
        "",
        "What the gold holds:",
        *(gold_profile(gold, lang) for lang in LANGUAGES),
    ]
    report = "\n".join(lines)
    print(report)
    for score in scores if args.errors else ():
        print(error_listing(score, gold, events, args.errors))
    if args.write_results:
        replace_section(RESULTS_SECTION, report)
        progress(f"wrote the {RESULTS_SECTION} section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
