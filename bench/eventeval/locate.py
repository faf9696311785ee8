"""Make a quote locator while annotating: the sentence of an article that begins with the given words.

    .venv/bin/python -m bench.eventeval.locate 10kgnad:28 "Die Regierung hat"
    .venv/bin/python -m bench.eventeval.locate t17-libya:cnn/2011-03-01/108 --list    # every sentence, numbered

Prints a JSON quote (`doc`, `start`, `end`, `words`) to paste into the gold. A sentence ends at the end of a line
or after `.`, `!` or `?` (with closing quotes) followed by a space and an upper-case letter, digit or quote.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from bench.eventeval.corpus import load_article

LOCATOR_WORDS = 8
_SENTENCE_END = re.compile(r"\n|[.!?][\"'“”‘’)]*(?=\s+[\"'“”„‚‘(]?[A-ZÄÖÜ0-9])")


def sentence_end(text: str, start: int) -> int:
    """Where the sentence that begins at `start` ends (exclusive)."""
    match = _SENTENCE_END.search(text, start + 1)
    if match is None:
        return len(text.rstrip())
    return match.start() if match.group() == "\n" else match.end()


def first_words(text: str, start: int, end: int, count: int = LOCATOR_WORDS) -> str:
    """The first `count` whitespace-separated words of text[start:end], joined by single spaces."""
    return " ".join(text[start:end].split()[:count])


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while start < len(text):
        while start < len(text) and text[start].isspace():
            start += 1
        if start >= len(text):
            break
        end = sentence_end(text, start)
        spans.append((start, end))
        start = end
    return spans


def locator(doc_id: str, text: str, words: str) -> dict[str, object]:
    matches = [m.start() for m in re.finditer(re.escape(words), text)]
    if len(matches) != 1:
        raise ValueError(f"{words!r} occurs {len(matches)} times in {doc_id}; give more words")
    start = matches[0]
    end = sentence_end(text, start)
    return {"doc": doc_id, "start": start, "end": end, "words": first_words(text, start, end)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("doc")
    parser.add_argument("words", nargs="?")
    parser.add_argument("--list", action="store_true", help="print every sentence with its offsets")
    args = parser.parse_args(argv)
    text = load_article(args.doc).text
    if args.list:
        for number, (start, end) in enumerate(sentences(text)):
            print(f"[{number}] {start}-{end}: {text[start:end]}")
        return 0
    if not args.words:
        parser.error("give the first words of the sentence, or --list")
    print(json.dumps(locator(args.doc, text, args.words), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
