"""What did not happen: parts of a sentence that speak of a possibility, a condition, an intention or a negation,
and sentences that are no report at all (photo captions, credit lines, bylines, questions).

An event is something that happened. "Sollte es wie zuletzt 2020 zu Unruhen kommen, wäre der Einmarsch ...
abgesegnet" reports neither unrest nor an invasion; "did not sign the treaty" reports no signing; "Russia wants
to deploy missiles" no deployment. Extraction asks this module which triggers and dates stand in such a context
and makes no event from them.

The cues are language data (`events/resources/<lang>/extraction.toml`, table `[factuality]`); this module knows
no language. Scopes are clauses: a sentence is cut at commas, semicolons, colons, dashes and brackets, which in
German mark every subordinate clause and in English most.
- a modal of possibility ("könnte", "would") makes its whole clause unreal (German puts it after the verb);
- a conditional ("falls", "if", clause-initial "Sollte") makes its clause and the clause after it unreal, the
  consequence ("If X, then Y"), unless the conditional clause ends the sentence ("Y, if X");
- an intention ("will ... stationieren", "plans to") makes the rest of its clause unreal;
- a negation makes a trigger unreal when it stands a few words before it ("did not sign", "kein Abkommen") or, where
  the language puts it there, at the end of the trigger's clause ("unterzeichnete das Abkommen nicht"); the whole
  clause then reports nothing ("did not sign the treaty" is no treaty either).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from events.model import Sentence
from events.resources import load_resource

# Where clauses end: punctuation that German always and English usually puts between clauses.
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]]|\s[–—-]{1,2}\s)\s*")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
# A question: the sentence's last mark, before closing quotes and brackets, is a question mark.
_QUESTION = re.compile(r"\?[\s\"'“”„«»‹›)\]]*$")


@dataclass(frozen=True)
class FactualityCues:
    """One language's cues, compiled."""

    modal: re.Pattern[str]
    conditional: re.Pattern[str]
    conditional_clause_initial: re.Pattern[str]
    intention: re.Pattern[str]
    negation: re.Pattern[str]
    negation_exceptions: re.Pattern[str]
    negation_window_words: int
    negation_at_clause_end: bool
    objects_before_verb: bool  # objects may stand before their verb ("hat den Vertrag ratifiziert")
    caption: re.Pattern[str]
    credit_line: re.Pattern[str]
    dateline: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) if ordered else "(?!)"


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE)


def _regex_pattern(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else "(?!)", flags)


@cache
def factuality_cues(lang: str) -> FactualityCues:
    data = load_resource("extraction", lang).get("factuality", {})
    initial = data.get("conditional_clause_initial", [])
    return FactualityCues(
        modal=_words_pattern(data.get("modal", [])),
        conditional=_words_pattern(data.get("conditional", [])),
        # A verb that opens its clause makes it a condition ("Sollte es ... kommen, ..."); after a quote mark too.
        conditional_clause_initial=re.compile(rf"^[\s\"'“”„«»‹›]*(?:{_alternation(initial)})(?!\w)", re.IGNORECASE)
        if initial else re.compile("(?!)"),
        intention=_words_pattern(data.get("intention", [])),
        negation=_words_pattern(data.get("negation", [])),
        negation_exceptions=_words_pattern(data.get("negation_exceptions", [])),
        negation_window_words=int(data.get("negation_window_words", 3)),
        negation_at_clause_end=bool(data.get("negation_at_clause_end", False)),
        objects_before_verb=bool(data.get("objects_before_verb", False)),
        caption=_regex_pattern(data.get("caption", [])),
        credit_line=_regex_pattern(data.get("credit_line", [])),
        dateline=_regex_pattern(data.get("dateline", [])),
    )


def clauses(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    """The sentence's clauses as (start, end) offsets into `text`."""
    spans: list[tuple[int, int]] = []
    position = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < sentence.end:
        spans.append((position, sentence.end))
    return spans


def clause_of(text: str, sentence: Sentence, position: int) -> tuple[int, int]:
    """The clause of the sentence that holds `position`."""
    return next(((s, e) for s, e in clauses(text, sentence) if s <= position < e), (sentence.start, sentence.end))


def unreal_spans(text: str, sentence: Sentence, cues: FactualityCues) -> list[tuple[int, int]]:
    """The parts of the sentence that speak of what may, would or is meant to happen, not of what happened."""
    parts = clauses(text, sentence)
    unreal: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(parts):
        if cues.modal.search(text, start, end):
            unreal.append((start, end))
        clause = text[start:end]
        opens = cues.conditional_clause_initial.match(clause) or _opens_with(cues.conditional, clause)
        if opens or cues.conditional.search(clause):
            unreal.append((start, end))
            # A clause that opens with the condition is followed by its consequence: "If X, Y", "Sollte X,
            # dann Y". In "Y, if X" and "Y unless X" the consequence came first and is unreal by its own modal.
            if opens and index + 1 < len(parts):
                unreal.append(parts[index + 1])
        intention = cues.intention.search(text, start, end)
        if intention:
            unreal.append((intention.start(), end))
    return unreal


def _opens_with(pattern: re.Pattern[str], clause: str) -> bool:
    match = pattern.search(clause)
    return match is not None and not _WORD.search(clause, 0, match.start())


def is_negated(text: str, sentence: Sentence, start: int, end: int, cues: FactualityCues) -> bool:
    """Whether the trigger at start..end is negated: a negation a few words before it in its clause ("did not
    sign", "kein Abkommen"), or where the language does so, at the end of its clause ("unterzeichnete ... nicht")."""
    clause_start, clause_end = clause_of(text, sentence, start)
    window = " ".join(_WORD.findall(text[clause_start:start])[-cues.negation_window_words :]) \
        if cues.negation_window_words else ""
    if cues.negation.search(window) and not cues.negation_exceptions.search(text, clause_start, end):
        return True
    if cues.negation_at_clause_end:
        after = _WORD.findall(text[end:clause_end])
        if after and cues.negation.fullmatch(after[-1]) and not cues.negation_exceptions.search(text, end, clause_end):
            return True
    return False


def is_unreal(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def is_no_report(sentence: Sentence, cues: FactualityCues, following: Sentence | None = None) -> bool:
    """A sentence that reports nothing: a photo caption, a credit line or byline, or a question. A sentence
    right before a credit line ("Foto: APA/AFP", "(AP Photo/...)") is that photo's caption."""
    if cues.caption.search(sentence.text) or _QUESTION.search(sentence.text):
        return True
    # The credit may stand on a line of its own right under the caption.
    return (following is not None and following.paragraph - sentence.paragraph <= 1
            and cues.credit_line.match(following.text) is not None)


def dateline_end(text: str, sentence: Sentence, cues: FactualityCues) -> int:
    """Where a wire dateline at the sentence's start ends ("TRIPOLI | Wed Mar 2, 2011 12:27 am IST TRIPOLI
    (Reuters) -"), so that the date in it, the time of filing, makes no event; the sentence start if it has none."""
    match = cues.dateline.search(text, sentence.start, sentence.end)
    return match.end() if match else sentence.start
