"""Readers for the gold timex corpora in ../shared/corpora (TimeML TIMEX3 and ACE inline TIMEX2).

Each reader returns `GoldDocument`s whose `text` is exactly the text the gold offsets refer to: the content of
`<TEXT>` with every tag stripped. Offsets are computed while walking the ElementTree (text/tail), so entities are
unescaped the way an XML parser does it and nothing is counted twice.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPORA_ENV_VAR = "CHRONIK_CORPORA"


@dataclass(frozen=True)
class TimexSpan:
    """One timex, gold or predicted: character offsets into the document text plus its TIMEX3-style attributes."""

    start: int
    end: int
    type: str
    value: str
    mod: str = ""
    text: str = ""
    rule: str = ""  # which tagger rule fired (predictions only), shown in error samples


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    dct: date | None
    timexes: tuple[TimexSpan, ...] = field(default=())


def corpora_root() -> Path:
    """`$CHRONIK_CORPORA`, else `<repo>/../shared/corpora` (the corpora are never copied into the repo: licences)."""
    override = os.environ.get(CORPORA_ENV_VAR)
    return Path(override) if override else REPO_ROOT.parent / "shared" / "corpora"


def parse_dct(value: str | None) -> date | None:
    """The date part of a DCT value (`1998-01-08`, `2011-02-16T17:00:00`); None when it is not a calendar date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def timex2_type(value: str) -> str:
    """TIMEX2 has no type attribute; derive one so TIMEX2 gold looks like TIMEX3 (type accuracy is not scored)."""
    if value.startswith("P"):
        return "DURATION"
    if re.search(r"T\d", value):
        return "TIME"
    return "DATE"


# --- flattening inline annotation ---------------------------------------------------------------------------------


@dataclass
class _Flattener:
    """Concatenates the text of an element tree and records where the elements named `timex_tag` start and end."""

    timex_tag: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    found: list[tuple[int, int, ET.Element]] = field(default_factory=list)

    def add_text(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def walk(self, element: ET.Element, inside_timex: bool = False) -> None:
        self.add_text(element.text)
        for child in element:
            start = self.length
            is_timex = child.tag == self.timex_tag
            self.walk(child, inside_timex or is_timex)
            # ACE allows nested TIMEX2 (e.g. a date inside a longer expression): only the outermost one counts,
            # as in the TERN and TempEval scorers, so an inner timex never becomes a second gold item.
            if is_timex and not inside_timex:
                self.found.append((start, self.length, child))
            self.add_text(child.tail)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def flatten(text_element: ET.Element, timex_tag: str) -> tuple[str, list[tuple[int, int, ET.Element]]]:
    """The tag-free text of `text_element` and (start, end, element) for each outermost `timex_tag` inside it."""
    flattener = _Flattener(timex_tag)
    flattener.walk(text_element)
    return flattener.text, flattener.found


def _consuming(text: str, spans: list[tuple[int, int, ET.Element]]) -> Iterator[tuple[int, int, ET.Element, str]]:
    """(start, end, element, element text) for timexes that cover text, with edge whitespace trimmed.

    Empty (non-consuming) timexes cannot be found by an extractor, so they are not gold. Whitespace at the edges
    ("Ende des Jahres ") is an annotation slip; the TE3 scorer works on tokens, where it cannot matter either.
    The element text comes from the element itself, not from the offsets, so tests can check one against the other.
    """
    for start, end, element in spans:
        covered = text[start:end]
        if not covered.strip():
            continue
        trimmed_start = start + len(covered) - len(covered.lstrip())
        trimmed_end = end - (len(covered) - len(covered.rstrip()))
        yield trimmed_start, trimmed_end, element, "".join(element.itertext()).strip()


# --- TimeML (TIMEX3) ------------------------------------------------------------------------------------------------


def read_timeml(path: Path) -> GoldDocument:
    """A TimeML file: text of `<TEXT>`, the CREATION_TIME DCT, and every text-consuming TIMEX3 inside `<TEXT>`."""
    root = ET.parse(path).getroot()
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{path}: no <TEXT> element")
    text, spans = flatten(text_element, "TIMEX3")
    timexes = tuple(
        TimexSpan(start, end, element.get("type", ""), element.get("value", ""), element.get("mod", ""), covered)
        for start, end, element, covered in _consuming(text, spans)
    )
    return GoldDocument(path.name, text, _timeml_dct(root), timexes)


def _timeml_dct(root: ET.Element) -> date | None:
    for timex in root.iterfind("DCT/TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return parse_dct(timex.get("value"))
    return None


def read_timeml_text(path: Path) -> tuple[str, date | None]:
    """Only the plain text and DCT of a TimeML file (for throughput runs on unannotated or silver data)."""
    document = read_timeml(path)
    return document.text, document.dct


# --- ACE inline TIMEX2 (WikiWarsDE keyinline) -------------------------------------------------------------------------

# The keyinline files are SGML, not XML: "Baltimore & Ohio" has a bare ampersand. Escape only ampersands that do
# not already start an entity, so the parsed text keeps the "&" and nothing else changes.
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")


def read_ace_inline(path: Path) -> GoldDocument:
    """An ACE/TERN inline file: text of `<TEXT>`, DCT from `<DATETIME>`, outermost TIMEX2 inside `<TEXT>`."""
    source = _BARE_AMPERSAND.sub("&amp;", path.read_text(encoding="utf-8"))
    root = ET.fromstring(source)
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{path}: no <TEXT> element")
    text, spans = flatten(text_element, "TIMEX2")
    timexes = []
    for start, end, element, covered in _consuming(text, spans):
        value = element.get("val", "")
        timexes.append(TimexSpan(start, end, timex2_type(value), value, element.get("mod", ""), covered))
    return GoldDocument(path.name, text, _ace_dct(root), tuple(timexes))


def _ace_dct(root: ET.Element) -> date | None:
    timex = root.find("DATETIME/TIMEX2")
    if timex is not None:
        return parse_dct(timex.get("val"))
    datetime_element = root.find("DATETIME")
    return parse_dct(datetime_element.text if datetime_element is not None else None)


# --- corpora ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    relaxed_f1: float
    value_f1: float


@dataclass(frozen=True)
class TimelineTarget:
    """bench/timeline_dates.py: the share of gold dates shown, and of those the share drawn over the right days."""

    shown: float
    right: float


@dataclass(frozen=True)
class CorpusSpec:
    """Where a gold corpus lives (relative to the corpora root) and how to read it.

    `genre` is what the corpus is ("news" or "narrative"): HeidelTime is told it (its document type), chronik is
    not, since choosing the reference time is its own job (it is run with its default, `doc_type="auto"`, unless
    the harness is asked for another).
    """

    name: str
    title: str
    lang: str
    genre: str
    gold_globs: tuple[str, ...]
    reader_name: str  # "timeml" or "ace"
    target: Target
    scores_type: bool = True  # TIMEX2 has no type, so type accuracy means nothing there
    heideltime_dir: str = ""  # HeidelTime output for the same docs, shipped with the corpus (a baseline)
    timeline_target: TimelineTarget | None = None

    def gold_paths(self, root: Path) -> list[Path]:
        return sorted(path for pattern in self.gold_globs for path in root.glob(pattern))

    def read(self, path: Path) -> GoldDocument:
        return read_timeml(path) if self.reader_name == "timeml" else read_ace_inline(path)


CORPORA: dict[str, CorpusSpec] = {
    spec.name: spec
    for spec in (
        # Targets: issue 11's table (development data, no doc type passed).
        CorpusSpec("tbaq", "TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT), en", "en", "news",
                   ("tempeval3/TimeBank/*.tml", "tempeval3/AQUAINT/*.tml"), "timeml", Target(0.94, 0.82),
                   timeline_target=TimelineTarget(0.90, 0.92)),
        CorpusSpec("krauts", "KRAUTS Dolomiten-100, de", "de", "news", ("krauts/KRAUTS_Dolomiten-100/*.tml",),
                   "timeml", Target(0.91, 0.80), heideltime_dir="krauts/KRAUTS_Dolomiten-100_Heideltime",
                   timeline_target=TimelineTarget(0.90, 0.90)),
        # Die Zeit, a weekly (essays, interviews, reports): news of another paper, with its own conventions.
        CorpusSpec("diezeit", "KRAUTS DieZeit-25, de", "de", "news", ("krauts/KRAUTS_DieZeit-25/*.tml",),
                   "timeml", Target(0.86, 0.75), heideltime_dir="krauts/KRAUTS_DieZeit-25_Heideltime",
                   timeline_target=TimelineTarget(0.90, 0.85)),
        CorpusSpec("wikiwarsde", "WikiWarsDE 01-11 (TIMEX2), de", "de", "narrative",
                   ("wikiwarsde/WikiWarsDE_20110412/keyinline/*.key.xml",), "ace", Target(0.94, 0.88),
                   scores_type=False, timeline_target=TimelineTarget(0.90, 0.92)),
    )
}  # fmt: skip


class CorpusMissing(Exception):
    """The corpus files are not where they should be; callers skip the corpus and say why."""


def load_corpus(spec: CorpusSpec, root: Path | None = None) -> list[GoldDocument]:
    root = root or corpora_root()
    paths = spec.gold_paths(root)
    if not paths:
        raise CorpusMissing(f"{spec.name}: no files for {', '.join(spec.gold_globs)} under {root} "
                            f"(set {CORPORA_ENV_VAR} to the corpora folder)")  # fmt: skip
    return [spec.read(path) for path in paths]


@dataclass(frozen=True)
class Baseline:
    """Another system's shipped output on the same documents, aligned by file name."""

    predictions: dict[str, tuple[TimexSpan, ...]]
    text_mismatches: tuple[str, ...]  # docs whose baseline text differs from the gold text (not scored)
    missing: tuple[str, ...]  # gold docs with no baseline file


def load_heideltime(spec: CorpusSpec, gold: list[GoldDocument], root: Path | None = None) -> Baseline | None:
    """HeidelTime's TimeML output read with the gold reader; only docs whose text equals the gold text are usable."""
    if not spec.heideltime_dir:
        return None
    folder = (root or corpora_root()) / spec.heideltime_dir
    if not folder.is_dir():
        return None
    predictions: dict[str, tuple[TimexSpan, ...]] = {}
    mismatches, missing = [], []
    for document in gold:
        path = folder / document.name
        if not path.is_file():
            missing.append(document.name)
            continue
        output = read_timeml(path)
        if output.text != document.text:
            mismatches.append(document.name)
            continue
        predictions[document.name] = output.timexes
    return Baseline(predictions, tuple(mismatches), tuple(missing))
