"""Language detection among the languages Chronik has resources for.

Evidence is data in each `events/resources/<lang>/language.toml` (`[detection]`): frequent function words
(`stopwords`) and typical character sequences (`ngrams`). A word or sequence that several candidate languages
list is shared evidence and counts for each of them only in part, so "in" or "war" barely matters and "und"
or "the" decide. Function words carry most of the weight: a paragraph has dozens of them, a headline a few;
the character sequences ("ä", "sch", "th", "ing") decide headlines without function words.

With no evidence at all (empty text, only names or numbers) the answer is deterministic: the candidate
whose `fallback_rank` is lowest (English ships with rank 0), ties broken alphabetically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from events.resources import ResourceError, available_languages, load_resource

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A character sequence is weaker evidence than a whole function word.
NGRAM_WEIGHT = 0.2


@dataclass(frozen=True)
class DetectionProfile:
    """A language's detection evidence, read from its `language.toml`."""

    lang: str
    stopwords: frozenset[str]
    ngrams: tuple[str, ...]
    fallback_rank: int


@cache
def detection_profile(lang: str) -> DetectionProfile:
    section = load_resource("language", lang).get("detection", {})
    return DetectionProfile(
        lang=lang,
        stopwords=frozenset(word.casefold() for word in section.get("stopwords", ())),
        ngrams=tuple(dict.fromkeys(gram.casefold() for gram in section.get("ngrams", ()))),
        fallback_rank=int(section.get("fallback_rank", 100)),
    )


def _candidate_languages(candidates: Iterable[str] | None) -> tuple[str, ...]:
    available = available_languages()
    chosen = available if candidates is None else tuple(c for c in dict.fromkeys(candidates) if c in available)
    if not chosen:
        raise ResourceError(f"no resources for any of {candidates!r}; available: {', '.join(available)}")
    return tuple(sorted(chosen, key=lambda lang: (detection_profile(lang).fallback_rank, lang)))


def detect_language_scores(text: str, candidates: Iterable[str] | None = None) -> dict[str, float]:
    """Evidence per candidate language (higher is more likely), in fallback order. All zero: no evidence."""
    languages = _candidate_languages(candidates)
    profiles = [detection_profile(lang) for lang in languages]
    lowered = text.casefold()
    words = Counter(_WORD.findall(lowered))
    padded = f" {lowered} "
    stopword_sharing = Counter(word for profile in profiles for word in profile.stopwords)
    ngram_sharing = Counter(gram for profile in profiles for gram in profile.ngrams)
    scores: dict[str, float] = {}
    for profile in profiles:
        score = sum(count / stopword_sharing[word] for word, count in words.items() if word in profile.stopwords)
        score += NGRAM_WEIGHT * sum(
            padded.count(gram) / ngram_sharing[gram] for gram in profile.ngrams if ngram_sharing[gram] == 1
        )
        scores[profile.lang] = round(score, 6)
    return scores


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str:
    """The most likely language of `text` among `candidates` (default: every language with resources).

    Always returns a language: with no evidence, the candidate with the lowest `fallback_rank`.
    """
    scores = detect_language_scores(text, candidates)
    best = max(scores.values())
    # `scores` is in fallback order, so the first language with the best score wins ties and the empty case.
    return next(lang for lang, score in scores.items() if score == best)


def language_names() -> Mapping[str, str]:
    """Display names of the languages with resources ("de" -> "Deutsch")."""
    return {
        lang: str(load_resource("language", lang).get("language", {}).get("name", lang))
        for lang in available_languages()
    }
