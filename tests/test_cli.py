"""The `chronik` command: arguments, bad files, output formats, and starting the dashboard.

Most tests replace the extraction engine with a stand-in that makes one event per document, so they test the
command's own behaviour; one end-to-end test runs the real engine on the shared sample article.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from events import cli
from events.io import read_events
from events.model import Document
from events.schema import COLUMN_NAMES, conform

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED_SAMPLE = ROOT.parent / "shared" / "seed" / "belarus-treaty-de.txt"
# The sample article ships in the package; the copy in ../shared is used where it is (a test keeps them equal).
SAMPLE_ARTICLE = SHARED_SAMPLE if SHARED_SAMPLE.is_file() else ROOT / "events" / "corpus" / "belarus-treaty-de.txt"

OnError = Callable[[Document, Exception], None] | None


@dataclass
class FakeExtractor:
    """Stands in for `extract_documents`: one event per document, or a failure for documents it is told to fail."""

    fail_ids: set[str] = field(default_factory=set)
    seen: list[Document] = field(default_factory=list)

    def __call__(self, documents: Iterable[Document], *, on_error: OnError = None) -> pd.DataFrame:
        rows = []
        for document in documents:
            self.seen.append(document)
            if document.doc_id in self.fail_ids:
                assert on_error is not None
                on_error(document, RuntimeError("the tagger tripped"))
                continue
            rows.append(
                {
                    "event_id": f"{document.doc_id}:s0:d0",
                    "doc_id": document.doc_id,
                    "doc_title": document.title,
                    "lang": document.lang or "",
                    "start": document.dct,
                    "sentence": document.text.splitlines()[0],
                    "actors": ["Eastport", "Helen Marsh"],
                }
            )
        return conform(pd.DataFrame(rows, columns=["event_id", "doc_id", "doc_title", "lang", "start", "sentence",
                                                   "actors"]))


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch) -> FakeExtractor:
    fake = FakeExtractor()
    use_extractor(monkeypatch, fake)
    return fake


def use_extractor(monkeypatch: pytest.MonkeyPatch, extract: Callable[..., pd.DataFrame]) -> None:
    monkeypatch.setattr(cli, "load_extractor", lambda: extract)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- general ---------------------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("chronik ")


@pytest.mark.parametrize("argv", [["--help"], ["extract", "--help"], ["app", "--help"]])
def test_help_shows_an_example(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "example" in out
    assert "chronik " in out


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2
    assert out == ""
    assert "extract" in err and "app" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "a.txt", "--date", "2024-02-31"], "'2024-02-31' is not a real date"),
        (["extract", "a.txt", "--date", "gestern"], "is not a date with day, month and year"),
        (["extract", "a.txt", "--lang", "xx"], "invalid choice: 'xx'"),
        (["extract", "a.txt", "--format", "xml"], "invalid choice: 'xml'"),
        (["extract"], "the following arguments are required: PATH"),
        (["app", "--port", "99999"], "is not a port number"),
    ],
)
def test_wrong_arguments_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""
    assert extractor.seen == []


# --- chronik extract: inputs -----------------------------------------------------------------------------


def test_a_bad_file_is_named_and_the_others_still_go_through(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(
        capsys, "extract", str(DATA / "binary.txt"), str(DATA / "article-en.html"), str(empty),
        str(tmp_path / "missing.txt"), str(DATA / "broken.html"), "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert [document.doc_id for document in extractor.seen] == ["article-en"]
    assert [event["doc_id"] for event in json.loads(out)] == ["article-en"]
    for reason in ("binary.txt: is binary data", "empty.txt: is empty", "missing.txt: no such file",
                   "broken.html: no article text found"):
        assert reason in err
    assert "1 event from 1 article; 4 skipped" in err
    assert "Traceback" not in err


def test_nothing_readable_exits_1(capsys: pytest.CaptureFixture[str], extractor: FakeExtractor) -> None:
    code, out, err = run(capsys, "extract", str(DATA / "binary.txt"), str(DATA / "broken.html"))
    assert code == 1
    assert out == ""
    assert "nothing to extract: no article could be read" in err
    assert extractor.seen == []


def test_folders_are_searched_recursively_for_articles(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    (tmp_path / "2023" / "march").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("First report\nText one.\n", encoding="utf-8")
    (tmp_path / "2023" / "b.md").write_text("# Second\n\nText two.\n", encoding="utf-8")
    shutil.copy(DATA / "article-en.html", tmp_path / "2023" / "march" / "c.HTML")
    (tmp_path / "2023" / "notes.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / ".git" / "d.txt").write_text("not an article\n", encoding="utf-8")
    code, _, _ = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert [document.doc_id for document in extractor.seen] == ["b", "c", "a"]


def test_a_folder_without_articles_is_reported(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 1
    assert f"skipped {tmp_path}: a folder without articles (.txt, .md" in err


def test_bad_files_inside_a_folder_are_counted_as_skipped(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text("Headline\nText.\n", encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    shutil.copy(DATA / "broken.html", tmp_path / "broken.html")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert [document.doc_id for document in extractor.seen] == ["good"]
    assert "empty.md: is empty" in err and "broken.html: no article text" in err
    assert "1 event from 1 article; 2 skipped" in err


def test_documents_with_the_same_name_get_distinct_ids(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Report {folder}\nText.\n", encoding="utf-8")
    (tmp_path / "report-2.txt").write_text("Another report\nText.\n", encoding="utf-8")
    run(capsys, "extract", str(tmp_path))
    assert [document.doc_id for document in extractor.seen] == ["report-2", "report", "report-3"]


def test_lang_and_date_reach_every_document(capsys: pytest.CaptureFixture[str], extractor: FakeExtractor) -> None:
    code, out, _ = run(
        capsys, "extract", str(DATA / "cp1252-de.txt"), str(DATA / "article-en.html"), "--lang", "de",
        "--date", "15. Dezember 2024", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert {(d.lang, d.dct) for d in extractor.seen} == {("de", date(2024, 12, 15))}
    assert {event["start"] for event in json.loads(out)} == {"2024-12-15"}


def test_without_a_date_html_pages_keep_their_own_and_text_files_have_none(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    run(capsys, "extract", str(DATA / "cp1252-de.txt"), str(DATA / "article-en.html"))
    assert [(d.doc_id, d.dct) for d in extractor.seen] == [("cp1252-de", None), ("article-en", date(2023, 3, 4))]


def test_an_article_can_come_from_stdin(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("Kurzmeldung\nAm 3. März 2023 tagte der Rat.\n".encode("cp1252")))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "extract", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["doc_id"] == "stdin"
    assert extractor.seen[0].text.endswith("Am 3. März 2023 tagte der Rat.\n")


# --- chronik extract: extraction failures ----------------------------------------------------------------


def test_an_extraction_failure_is_named_and_the_rest_is_output(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    extractor.fail_ids = {"cp1252-de"}
    code, out, err = run(capsys, "extract", str(DATA / "cp1252-de.txt"), str(DATA / "utf16-en.txt"))
    assert code == 0
    assert f"{DATA / 'cp1252-de.txt'}: could not extract events (RuntimeError: the tagger tripped)" in err
    assert read_events(out.encode(), "csv")["doc_id"].tolist() == ["utf16-en"]


def test_extraction_failing_for_every_article_exits_1(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    extractor.fail_ids = {"cp1252-de"}
    code, out, err = run(capsys, "extract", str(DATA / "cp1252-de.txt"))
    assert code == 1
    assert out == ""
    assert "extraction failed for every article" in err


def test_an_unexpected_error_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(documents: Iterable[Document], *, on_error: OnError = None) -> pd.DataFrame:
        raise KeyError("precision")

    use_extractor(monkeypatch, broken)
    monkeypatch.delenv(cli.DEBUG_ENV_VAR, raising=False)
    code, _, err = run(capsys, "extract", str(DATA / "cp1252-de.txt"))
    assert code == 1
    assert "internal error: KeyError: 'precision'" in err
    assert "CHRONIK_DEBUG=1" in err
    assert "Traceback" not in err


def test_chronik_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(documents: Iterable[Document], *, on_error: OnError = None) -> pd.DataFrame:
        raise KeyError("precision")

    use_extractor(monkeypatch, broken)
    monkeypatch.setenv(cli.DEBUG_ENV_VAR, "1")
    with pytest.raises(KeyError):
        cli.main(["extract", str(DATA / "cp1252-de.txt")])


# --- chronik extract: output -----------------------------------------------------------------------------


def test_csv_is_the_default_and_reads_back(capsys: pytest.CaptureFixture[str], extractor: FakeExtractor) -> None:
    code, out, _ = run(capsys, "extract", str(DATA / "article-en.html"))
    assert code == 0
    assert out.startswith(",".join(COLUMN_NAMES))
    events_back = read_events(out.encode(), "csv")
    assert events_back.loc[0, "actors"] == ["Eastport", "Helen Marsh"]
    assert events_back.loc[0, "start"] == pd.Timestamp("2023-03-04")


def test_json_on_stdout_is_an_array_of_events(capsys: pytest.CaptureFixture[str], extractor: FakeExtractor) -> None:
    code, out, err = run(capsys, "extract", str(DATA / "article-en.html"), "--format", "json")
    assert code == 0
    records = json.loads(out)  # the summary went to stderr, so stdout is pure JSON
    assert list(records[0]) == list(COLUMN_NAMES)
    assert records[0]["doc_title"] == "Eastport council approves flood barrier"
    assert "1 event from 1 article" in err


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_output_files_round_trip(
    fmt: str, capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    target = tmp_path / f"events.{fmt}"
    code, out, err = run(capsys, "extract", str(DATA / "article-en.html"), str(DATA / "ferry-en.md"), "-o",
                         str(target))
    assert code == 0
    assert out == ""
    assert "2 events from 2 articles" in err
    events_back = read_events(target)
    assert events_back["doc_id"].tolist() == ["article-en", "ferry-en"]
    assert events_back["start"].tolist() == [pd.Timestamp("2023-03-04"), pd.Timestamp("2023-06-01")]


def test_format_wins_over_the_output_name(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    target = tmp_path / "events.out"
    run(capsys, "extract", str(DATA / "article-en.html"), "--format", "json", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))[0]["doc_id"] == "article-en"


def test_parquet_needs_an_output_file(capsys: pytest.CaptureFixture[str], extractor: FakeExtractor) -> None:
    code, out, err = run(capsys, "extract", str(DATA / "article-en.html"), "--format", "parquet")
    assert code == 2
    assert out == ""
    assert "give a file to write it to with -o FILE" in err
    assert extractor.seen == []


def test_an_unwritable_output_is_reported(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "events.csv"
    code, _, err = run(capsys, "extract", str(DATA / "article-en.html"), "-o", str(target))
    assert code == 1
    assert f"could not write {target}" in err
    assert "Traceback" not in err


def test_no_events_is_still_a_valid_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_extractor(monkeypatch, lambda documents, on_error=None: conform(pd.DataFrame({"start": [], "sentence": []})))
    code, out, err = run(capsys, "extract", str(DATA / "cp1252-de.txt"), "--format", "json")
    assert code == 0
    assert json.loads(out) == []
    assert "0 events from 1 article" in err


# --- chronik app -----------------------------------------------------------------------------------------


@dataclass
class FakeCall:
    commands: list[list[str]] = field(default_factory=list)
    envs: list[dict[str, str]] = field(default_factory=list)

    def __call__(self, command: list[str], env: dict[str, str]) -> int:
        self.commands.append(command)
        self.envs.append(env)
        return 0


@pytest.fixture
def fake_call(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeCall:
    fake = FakeCall()
    monkeypatch.setattr(cli, "run_streamlit", fake)
    app = tmp_path / "dashboard" / "app.py"
    app.parent.mkdir()
    app.write_text("# stand-in\n", encoding="utf-8")
    monkeypatch.setattr(cli, "dashboard_app_path", lambda: app)
    monkeypatch.delenv(cli.EVENTS_ENV_VAR, raising=False)
    return fake


def test_app_runs_streamlit_on_the_dashboard(capsys: pytest.CaptureFixture[str], fake_call: FakeCall) -> None:
    code, _, _ = run(capsys, "app", "--port", "8600")
    assert code == 0
    (command,) = fake_call.commands
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4].endswith("app.py")
    assert command[command.index("--server.port") + 1] == "8600"
    assert cli.EVENTS_ENV_VAR not in fake_call.envs[0]


def test_app_passes_the_events_file_in_chronik_events(
    capsys: pytest.CaptureFixture[str], fake_call: FakeCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events_file = tmp_path / "events.json"
    events_file.write_text('[{"start": "2020-08-13", "sentence": "Ab dem 13. August 2020 ..."}]', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "app", "--events", "events.json")
    assert code == 0
    assert fake_call.envs[0][cli.EVENTS_ENV_VAR] == str(events_file)  # absolute: streamlit may change folder


def test_app_refuses_an_unreadable_events_file(
    capsys: pytest.CaptureFixture[str], fake_call: FakeCall, tmp_path: Path
) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text("name,age\nAda,36\n", encoding="utf-8")
    code, _, err = run(capsys, "app", "--events", str(bad))
    assert code == 1
    assert "cannot show events:" in err and "events.csv: is not a Chronik events file" in err
    assert fake_call.commands == []


def test_streamlit_exit_status_is_passed_on() -> None:
    assert cli.run_streamlit([sys.executable, "-c", "raise SystemExit(3)"], env={}) == 3


def test_the_dashboard_is_found_next_to_the_installed_package() -> None:
    assert cli.dashboard_app_path() == ROOT / "dashboard" / "app.py"


# --- end to end ------------------------------------------------------------------------------------------


def _chronik_command() -> list[str]:
    """The installed console script when there is one (as after ./dev.sh), else the module."""
    script = shutil.which("chronik", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "events.cli"]


def test_extract_the_sample_end_to_end() -> None:
    result = subprocess.run(
        [*_chronik_command(), "extract", str(SAMPLE_ARTICLE), "--lang", "de", "--date", "2024-12-15",
         "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    for record in records:
        assert set(COLUMN_NAMES) <= set(record)
        assert record["doc_id"] == "belarus-treaty-de"
    assert read_events(result.stdout.encode(), "json").shape[0] == len(records)


# --- collections and actor files -------------------------------------------------------------------------

COLLECTIONS = DATA / "collections"
EXAMPLE_ACTORS = ROOT / "examples" / "my-actors.toml"


def test_a_jsonl_collection_gives_one_document_per_good_line_and_names_the_bad_ones(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    code, out, err = run(capsys, "extract", str(COLLECTIONS / "wire-de.jsonl"), "--date", "2025-01-01",
                         "--format", "json")
    assert code == 0
    assert [(d.doc_id, d.dct) for d in extractor.seen] == [
        ("dpa-0612-a", date(2024, 12, 6)), ("dpa-0612-b", date(2024, 12, 7)), ("wire-de-6", date(2025, 1, 1)),
    ]  # a record's own date wins; --date fills in
    assert [event["doc_id"] for event in json.loads(out)] == ["dpa-0612-a", "dpa-0612-b", "wire-de-6"]
    for reason in ("wire-de.jsonl, line 3: has no 'text' field", "wire-de.jsonl, line 4: date '2024-12-32'",
                   "wire-de.jsonl, line 5: is not valid JSON", "wire-de.jsonl, line 8: its 'text' is empty"):
        assert reason in err
    assert "3 events from 3 articles; 4 skipped" in err


def test_a_csv_without_a_text_column_is_named_and_the_other_files_go_through(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor
) -> None:
    code, _, err = run(capsys, "extract", str(COLLECTIONS / "no-text-column.csv"),
                       str(COLLECTIONS / "tagesspiegel-export.csv"), str(DATA / "article-en.html"))
    assert code == 0
    assert [d.doc_id for d in extractor.seen] == ["tsp-1", "tsp-2", "article-en"]
    assert "no-text-column.csv: has no text column (a column named text or content or body); its columns are " \
           "'headline', 'body_text', 'published'" in err
    assert "3 events from 3 articles; 3 skipped" in err


def test_folders_are_searched_for_collections_too(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path
) -> None:
    (tmp_path / "feeds").mkdir()
    shutil.copy(COLLECTIONS / "reuters.json", tmp_path / "feeds" / "reuters.json")
    (tmp_path / "a.txt").write_text("First report\nText one.\n", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert [d.doc_id for d in extractor.seen] == ["a", "rtr-1", "reuters-4"]
    assert "reuters.json, record 2: its 'text' is a number, not text" in err


@dataclass
class ActorsExtractor(FakeExtractor):
    """A stand-in that also takes the user's actors, as `extract_documents` does."""

    actors: list[object] = field(default_factory=list)

    def __call__(self, documents: Iterable[Document], *, on_error: OnError = None, **options: object) -> pd.DataFrame:
        self.actors.append(options.get("actors"))
        return super().__call__(documents, on_error=on_error)


def test_actors_file_reaches_the_extractor(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ActorsExtractor()
    use_extractor(monkeypatch, fake)
    code, _, _ = run(capsys, "extract", str(DATA / "belarus-treaty-en.txt"), "--actors", str(EXAMPLE_ACTORS))
    assert code == 0
    (actors,) = fake.actors
    assert isinstance(actors, dict) and actors["actor"][0]["name"] == "Maria Kalesnikava"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        ('[[actor]]\nname = "X"\nkind = "planet"\n', "kind must be one of"),
        ('[de.aliases]\n"Nobody Known" = ["Niemand"]\n', "[de.aliases]: unknown actor 'Nobody Known'"),
    ],
)
def test_a_bad_actors_file_stops_before_any_article_is_read(
    capsys: pytest.CaptureFixture[str], extractor: FakeExtractor, tmp_path: Path, content: str | None, reason: str
) -> None:
    path = tmp_path / "mine.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "extract", str(DATA / "belarus-treaty-en.txt"), "--actors", str(path))
    assert code == 2 and out == "" and extractor.seen == []
    assert f"cannot use the actors file: {path}: " in err and reason in err


def test_a_user_actor_is_found_by_the_real_extractor(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "urteil.jsonl"
    article.write_text(json.dumps({
        "id": "urteil", "lang": "de", "date": "2021-09-06",
        "text": "Am Montag wurde Maria Kolesnikowa in Minsk zu elf Jahren Haft verurteilt. Der Politologe Artyom "
                "Schraibman sprach von einem Signal.",
    }) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(article), "--actors", str(EXAMPLE_ACTORS), "--format", "json")
    assert code == 0, err
    events = json.loads(out)
    assert any("Maria Kalesnikava" in event["actors"] for event in events)
    code, out, _ = run(capsys, "extract", str(article), "--format", "json")
    events = json.loads(out)
    assert not any("Maria Kalesnikava" in event["actors"] for event in events)
    assert any("Maria Kolesnikowa" in event["unregistered_actors"] for event in events)


# --- chronik export --------------------------------------------------------------------------------------


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    from dashboard_fixtures import events_frame

    from events.io import write_events

    return write_events(events_frame(), tmp_path / "belarus.json")


@pytest.mark.parametrize(
    ("fmt", "name", "magic"),
    [
        ("csv", "belarus.csv", b"event_id,"),
        ("xlsx", "belarus.xlsx", b"PK"),
        ("json", "belarus-export.json", b"["),  # never over the events file itself
        ("parquet", "belarus.parquet", b"PAR1"),
        ("timelinejs", "belarus.timeline.json", b"{"),
        ("ics", "belarus.ics", b"BEGIN:VCALENDAR"),
        ("html", "belarus.html", b"<!doctype html"),
    ],
)
def test_export_writes_each_data_format_with_the_filters(
    fmt: str, name: str, magic: bytes, events_file: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(events_file.parent)
    code, _, err = run(capsys, "export", str(events_file), "--to", fmt, "--actors", "Belarus",
                       "--from", "2020-01-01", "--to", "2021-12-31")
    assert code == 0, err
    data = (events_file.parent / name).read_bytes()
    assert data.lstrip().startswith(magic)
    assert f"4 events of 9 exported as {fmt} to {name}" in err
    if fmt in ("csv", "json", "parquet"):
        assert len(read_events(events_file.parent / name)) == 4


def test_export_filters_match_the_dashboard(events_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from events.export_command import select_events

    events = read_events(events_file)
    both = select_events(events, actors=["Belarus", "Alexander Lukashenko"], match="all")
    assert len(both) == 1
    code, out, _ = run(capsys, "export", str(events_file), "--to", "json", "-o", "-", "--actors", "Belarus",
                       "Alexander Lukashenko", "--match", "all")
    assert code == 0 and len(json.loads(out)) == 1


def test_export_format_follows_the_output_name(events_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = events_file.parent / "cal.ics"
    code, _, err = run(capsys, "export", str(events_file), "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "1 without a date that could be placed left out" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "png", "--to", "pdf", "-o", "chart.png"], "leave out -o"),
        (["--to", "2024"], "neither a format"),
        ([], "say which format"),
        (["--to", "csv", "--from", "2021-01-01", "--to", "2020-01-01"], "the date range is empty"),
    ],
)
def test_export_argument_mistakes_exit_2(
    argv: list[str], message: str, events_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", str(events_file), *argv)
    assert code == 2 and message in err


def test_export_of_a_broken_events_file_fails_with_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, _, err = run(capsys, "export", str(broken), "--to", "csv")
    assert code == 1 and "broken.json" in err


def test_image_export_without_a_browser_says_what_to_install(
    events_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    code, _, err = run(capsys, "export", str(events_file), "--to", "png", "-o", str(events_file.parent / "t.png"))
    assert code == 1 and "apt-get install chromium" in err
    assert not (events_file.parent / "t.png").exists()


@pytest.mark.browser
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")])
def test_export_draws_the_chart_in_each_image_format(
    fmt: str, magic: bytes, events_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.export import find_browser

    if find_browser() is None:
        pytest.skip("image export needs Chromium or Chrome (apt-get install chromium); none found")
    target = events_file.parent / f"timeline.{fmt}"
    code, _, err = run(capsys, "export", str(events_file), "--to", fmt, "-o", str(target), "--lanes", "event_type")
    assert code == 0, err
    assert magic in target.read_bytes()[:200]


def test_export_colours_each_type_as_the_dashboard_does_whatever_else_is_exported(
    events_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.palette import type_colour

    pages = []
    for actor in ("Belarus", "Alexander Lukashenko"):
        target = events_file.parent / f"{actor}.html"
        code, _, err = run(capsys, "export", str(events_file), "--to", "html", "-o", str(target), "--actors", actor)
        assert code == 0, err
        pages.append(target.read_text(encoding="utf-8"))
    # Protests are in both exports, beside other types each time: one colour, the one the dashboard uses.
    assert all(f'"color":"{type_colour("protest")}"' in page for page in pages)
    assert f'"color":"{type_colour("treaty")}"' in pages[1] and f'"color":"{type_colour("treaty")}"' not in pages[0]


@pytest.mark.parametrize(("name", "meant"), [("Lukashenko", "Alexander Lukashenko"), ("lukashenko", "Alexander "
                                             "Lukashenko"), ("Lukaschenko", "Alexander Lukashenko"),
                                             ("belarus", "Belarus")])
def test_export_reads_an_actor_as_people_write_it(
    name: str, meant: str, events_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(events_file), "--to", "json", "-o", "-", "--actors", name)
    assert code == 0, err
    exported = json.loads(out)
    assert exported and all(meant in event["actors"] for event in exported)
    if name != meant:
        assert f"read as {meant!r}" in err


def test_export_says_which_actors_an_ambiguous_name_could_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard_fixtures import events_frame

    from events.io import write_events

    events = events_frame()
    events.at[0, "actors"] = ["Jane Smith", "John Smith"]
    path = write_events(events, tmp_path / "two.json")
    code, _, err = run(capsys, "export", str(path), "--to", "json", "-o", "-", "--actors", "smith")
    assert code == 2 and "Jane Smith, John Smith" in err


def test_a_browser_that_fails_twice_is_one_line_and_no_file(
    events_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import export, renderer

    monkeypatch.setattr(export, "find_browser", lambda: "/usr/bin/chromium")
    attempts: list[int] = []

    class BrokenSession:
        def __init__(self, browser_path: str | None) -> None:
            attempts.append(1)

        def render(self, figure: object, options: object) -> bytes:
            raise RuntimeError("JavascriptError: kaleido_scopes is not defined\n  at line 1")

        def close(self) -> None:
            pass

    monkeypatch.setattr(renderer, "_Session", BrokenSession)
    monkeypatch.setattr(export, "RENDERER", renderer.ImageRenderer())
    target = events_file.parent / "chart.png"
    code, _, err = run(capsys, "export", str(events_file), "--to", "png", "-o", str(target))
    assert code == 1 and not target.exists()
    assert len(attempts) == 2  # a fresh browser for the second try
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "could not draw the PNG" in err and "kaleido_scopes is not defined" in err
