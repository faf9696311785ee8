"""Sentence splitting with exact character offsets.

A rule-based scanner, fast enough for bulk text (no tokeniser model): every line of the text is a paragraph
(headline, teaser and body paragraphs of a news article each sit on their own line), and inside a line a
sentence ends at `.`, `?`, `!` or `…` (plus any closing quotes or brackets) followed by whitespace and a
character that can start a sentence. Whether a period ends a sentence depends on the word before it, which is
where the language comes in: abbreviations, whether numbers take an ordinal period ("am 13. August") and
which words typically start a sentence are data in `events/resources/<lang>/language.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from events.model import Sentence
from events.resources import load_resource

# Terminal punctuation, then closing quotes/brackets, then whitespace: a candidate sentence end. Matched only from
# the start of a run of punctuation and without backtracking, so a line of 100,000 dots is one scan, not one per dot.
_CANDIDATE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'“”»«’)\]]*+(?=\s)")
_LINE = re.compile(r"[^\n]+")
_OPENING_CHARS = "\"'„“‚‘«»([¿¡"
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # U.S, e.g, z.B (the final period is the candidate)
_NEXT_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SplitRules:
    """A language's sentence-splitting knowledge, read from its `language.toml`."""

    abbreviations: frozenset[str]
    ordinal_max_digits: int
    sentence_starters: frozenset[str]


@cache
def split_rules(lang: str) -> SplitRules:
    section = load_resource("language", lang).get("sentences", {})
    return SplitRules(
        abbreviations=frozenset(section.get("abbreviations", ())),
        ordinal_max_digits=int(section.get("ordinal_max_digits", 0)),
        sentence_starters=frozenset(section.get("sentence_starters", ())),
    )


def split_sentences(text: str, lang: str) -> list[Sentence]:
    """Split `text` into sentences; `text[s.start:s.end] == s.text` and each text is stripped of whitespace.

    `paragraph` counts the non-blank lines: a newline (or a blank line) starts a new paragraph.
    """
    rules = split_rules(lang)
    sentences: list[Sentence] = []
    paragraph = 0
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        start = line.start()
        for end in _sentence_ends(line.group(), rules):
            _append_stripped(sentences, text, start, line.start() + end, paragraph)
            start = line.start() + end
        _append_stripped(sentences, text, start, line.end(), paragraph)
        paragraph += 1
    return sentences


def _append_stripped(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start=start, end=end, text=text[start:end], paragraph=paragraph))


def _sentence_ends(line: str, rules: SplitRules) -> list[int]:
    """Offsets (within `line`) just past each sentence-ending punctuation run."""
    ends = []
    for match in _CANDIDATE_END.finditer(line):
        next_start = match.end()
        while next_start < len(line) and line[next_start].isspace():
            next_start += 1
        if next_start >= len(line):
            continue  # the line's end closes the sentence anyway
        if _is_boundary(line, match.start(), match.group(), next_start, rules):
            ends.append(match.end())
    return ends


def _is_boundary(line: str, punct_start: int, punct: str, next_start: int, rules: SplitRules) -> bool:
    next_char = line[next_start]
    if next_char.islower():
        return False  # "ca. zehn", "e.g. in Minsk", "?“, fragte er" – the sentence goes on
    if any(mark in punct for mark in "?!…"):
        return True
    word = _word_before(line, punct_start)
    next_word = _next_word(line, next_start)
    starts_sentence = next_word in rules.sentence_starters
    if not word:
        return True
    if word in rules.abbreviations:
        return False
    if len(word) == 1 and word.isalpha():
        if word.islower() or _follows_single_letter(line, punct_start - 1):
            return False  # "z. B.", "u. a." – parts of a multi-part abbreviation
        return starts_sentence  # an initial ("J. Smith") unless a sentence clearly starts
    if _INITIALISM.match(word):
        return starts_sentence  # "U.S. capital" vs "into the U.S. The president"
    if word.isdigit() and len(word) <= rules.ordinal_max_digits:
        return starts_sentence  # ordinal: "am 13. August", but "hier 300. Die Zahl"
    return True


def _word_before(line: str, punct_start: int) -> str:
    begin = punct_start
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    return line[begin:punct_start].lstrip(_OPENING_CHARS)


def _next_word(line: str, next_start: int) -> str:
    while next_start < len(line) and line[next_start] in _OPENING_CHARS:
        next_start += 1
    match = _NEXT_WORD.match(line, next_start)
    return match.group() if match else ""


def _follows_single_letter(line: str, letter_pos: int) -> bool:
    """True when the letter at `letter_pos` follows another single letter with a period ("z. B", "u. a")."""
    before = line[max(0, letter_pos - 4) : letter_pos]
    return re.search(r"(?:^|[\s(])[^\W\d_]\.\s?$", before) is not None
