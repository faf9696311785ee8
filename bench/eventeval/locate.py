"""Make a quote locator while annotating: the sentence of an article that begins with the given words.

    .venv/bin/python -m bench.eventeval.locate 10kgnad:28 "Die Regierung hat"
    .venv/bin/python -m bench.eventeval.locate t17-libya:cnn/2011-03-01/108 --list    # every sentence, numbered

Prints a JSON quote (`doc`, `start`, `end`, `words`) to paste into the gold. In T17 (one sentence a line) a
sentence is a line; in 10kGNAD (one line an article) it ends after `.`, `!` or `?` (with closing quotes) followed by
a space and an upper-case letter, digit or quote, except after a day number before a month ("am 21. August").
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from bench.eventeval.corpus import T17_LIBYA_PREFIX, load_article

LOCATOR_WORDS = 8
_SENTENCE_END = re.compile(r"\n|[.!?][\"'“”‘’)]*(?=\s+[\"'“”„‚‘(]?[A-ZÄÖÜ0-9])")
_LINE_END = re.compile(r"\n")
_DAY_BEFORE_MONTH = re.compile(
    r"(?<=\d)\.\s+(Jänner|Januar|Feber|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
)


def sentence_end(text: str, start: int, lines_only: bool = False) -> int:
    """Where the sentence that begins at `start` ends (exclusive); `lines_only` for one-sentence-a-line texts."""
    position = start + 1
    while True:
        match = _LINE_END.search(text, position) if lines_only else _SENTENCE_END.search(text, position)
        if match is None:
            return len(text.rstrip())
        if match.group() == "\n":
            return match.start()
        if not _DAY_BEFORE_MONTH.match(text, match.start()):
            return match.end()
        position = match.end()


def first_words(text: str, start: int, end: int, count: int = LOCATOR_WORDS) -> str:
    """The first `count` whitespace-separated words of text[start:end], joined by single spaces."""
    return " ".join(text[start:end].split()[:count])


def one_sentence_a_line(doc_id: str) -> bool:
    return doc_id.startswith(T17_LIBYA_PREFIX)


def sentences(text: str, lines_only: bool = False) -> list[tuple[int, int]]:
    """Every sentence of `text` as (start, end) offsets, blanks between them left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        while start < len(text) and text[start].isspace():
            start += 1
        if start >= len(text):
            break
        end = sentence_end(text, start, lines_only)
        spans.append((start, end))
        start = end
    return spans


def locator(doc_id: str, text: str, words: str) -> dict[str, object]:
    """The quote of the sentence that contains `words` (which must occur once in the text)."""
    matches = [m.start() for m in re.finditer(re.escape(words), text)]
    if len(matches) != 1:
        raise ValueError(f"{words!r} occurs {len(matches)} times in {doc_id}; give more words")
    for start, end in sentences(text, one_sentence_a_line(doc_id)):
        if start <= matches[0] < end:
            return {"doc": doc_id, "start": start, "end": end, "words": first_words(text, start, end)}
    raise ValueError(f"{words!r} is not inside a sentence of {doc_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("doc")
    parser.add_argument("words", nargs="?")
    parser.add_argument("--list", action="store_true", help="print every sentence with its offsets")
    args = parser.parse_args(argv)
    text = load_article(args.doc).text
    if args.list:
        for number, (start, end) in enumerate(sentences(text, one_sentence_a_line(args.doc))):
            print(f"[{number}] {start}-{end}: {text[start:end]}")
        return 0
    if not args.words:
        parser.error("give the first words of the sentence, or --list")
    print(json.dumps(locator(args.doc, text, args.words), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
