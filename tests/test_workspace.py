"""Workspaces (events/workspace.py): articles, their events, the actor file and corrections kept in one file."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from events.corpus import load_sample
from events.model import Document
from events.workspace import (
    Workspace,
    WorkspaceError,
    create_workspace,
    delete_workspace,
    list_workspaces,
    open_workspace,
    slug,
)

TREATY_EN = ("On 6 December 2024 Vladimir Putin and Alexander Lukashenko signed a security treaty in Minsk. "
             "Protests against Lukashenko began in August 2020.")


@pytest.fixture(autouse=True)
def workspaces_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "workspaces"
    monkeypatch.setenv("CHRONIK_WORKSPACES", str(folder))
    return folder


def english(doc_id: str = "pact", text: str = TREATY_EN, dct: date | None = date(2024, 12, 7)) -> Document:
    return Document(text=text, doc_id=doc_id, lang="en", dct=dct, title="Pact signed", source_path=f"{doc_id}.txt")


def test_a_workspace_keeps_its_articles_and_events_across_openings(workspaces_in_tmp: Path) -> None:
    workspace = create_workspace("Belarus Treaty")
    assert workspace.slug == "belarus-treaty" and workspace.path.parent == workspaces_in_tmp
    result = workspace.add_documents([load_sample(), english()])
    assert sorted(result.added) == ["belarus-treaty-de", "pact"] and not result.failed
    again = open_workspace("belarus-treaty")  # another process, another day: only the file
    assert again.name == "Belarus Treaty"
    assert [document.doc_id for document in again.documents()] == ["belarus-treaty-de", "pact"]
    events = again.events()
    assert len(events) >= 10 and set(events["doc_id"]) <= {"belarus-treaty-de", "pact"}
    # The treaty is reported by both articles: one event with both sources, as extract_documents merges.
    treaty = events[events["event_type"] == "treaty"]
    assert len(treaty) == 1 and {s["doc_id"] for s in treaty.iloc[0]["sources"]} == {"belarus-treaty-de", "pact"}
    assert again.document("pact").dct == date(2024, 12, 7)


def test_reading_the_same_file_again_replaces_it_and_another_file_of_the_same_name_gets_its_own_id() -> None:
    workspace = create_workspace("w")
    workspace.add_documents([english()])
    again = workspace.add_documents([english(dct=date(2024, 12, 8))])
    assert again.replaced == ["pact"] and not again.added
    other = english()
    other = Document(text=TREATY_EN, doc_id="pact", lang="en", dct=None, source_path="other/pact.txt")
    result = workspace.add_documents([other])
    assert result.added == ["pact-2"]
    events = workspace.mentions()
    assert set(events["doc_id"]) == {"pact", "pact-2"}
    assert all(event_id.startswith(f"{doc_id}:") for event_id, doc_id in zip(events["event_id"], events["doc_id"],
                                                                             strict=True))


def test_a_new_publication_date_reads_the_document_again() -> None:
    workspace = create_workspace("w")
    workspace.add_documents([english(text="Yesterday protesters gathered in Minsk.", dct=None)])
    assert workspace.events()["start"].isna().all()  # "yesterday" without a publication date: unresolved
    workspace.reread_document("pact", dct=date(2024, 12, 7))
    events = workspace.events()
    assert events["start"].iloc[0] == events["end"].iloc[0] == pd.Timestamp("2024-12-06")


def test_removing_a_document_removes_its_events_and_keeps_corrections_aside() -> None:
    workspace = create_workspace("w")
    workspace.add_documents([english(), load_sample()])
    pact_events = workspace.events()
    store = workspace.corrections()
    only_pact = pact_events[pact_events["sources"].map(lambda sources: {s["doc_id"] for s in sources} == {"pact"})
                            ].iloc[0]
    store.set_title(only_pact, "Corrected title")
    assert workspace.remove_documents(["pact"]) == 1
    assert "pact" not in {s["doc_id"] for sources in workspace.events()["sources"] for s in sources}
    from events.corrections import apply_corrections

    applied = apply_corrections(workspace.events(), store)
    assert applied.attrs["unmatched_corrections"]  # kept, not applied to anything
    workspace.add_documents([english()])
    back = apply_corrections(workspace.events(), store)
    assert "Corrected title" in set(back["title"])  # the document is back, and so is its correction


def test_two_writers_at_once_lose_nothing() -> None:
    create_workspace("shared")
    errors: list[BaseException] = []

    def add(doc_id: str) -> None:
        try:
            open_workspace("shared").add_documents([english(doc_id)])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add, args=(f"tab-{number}",)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert {document.doc_id for document in open_workspace("shared").documents()} == {f"tab-{n}" for n in range(4)}


def test_names_rename_list_and_delete(workspaces_in_tmp: Path) -> None:
    assert slug("  Belarus: Treaty 2024 ") == "belarus-treaty-2024" and slug("Лукашенко") == "лукашенко"
    first = create_workspace("Belarus")
    first.add_documents([english()])
    with pytest.raises(WorkspaceError, match="already"):
        create_workspace("belarus")
    with pytest.raises(WorkspaceError, match="letter or digit"):
        create_workspace(" -- ")
    renamed = first.rename("Belarus treaty")
    assert renamed.slug == "belarus-treaty" and not first.path.exists()
    assert [document.doc_id for document in renamed.documents()] == ["pact"]
    create_workspace("Anna's notes")
    assert [(info.name, info.documents) for info in list_workspaces()] == [("Anna's notes", 0),
                                                                           ("Belarus treaty", 1)]
    delete_workspace("belarus-treaty")
    assert [info.slug for info in list_workspaces()] == ["anna-s-notes"]
    with pytest.raises(WorkspaceError, match="no workspace"):
        open_workspace("belarus-treaty")


def test_a_file_that_is_no_workspace_is_refused(workspaces_in_tmp: Path) -> None:
    workspaces_in_tmp.mkdir(parents=True)
    (workspaces_in_tmp / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(WorkspaceError, match="not a workspace"):
        Workspace(workspaces_in_tmp / "junk.sqlite")
    assert list_workspaces() == []


# --- the command line -------------------------------------------------------------------------------------------


def articles(folder: Path) -> Path:
    folder.mkdir()
    (folder / "minsk-2024-12-07.txt").write_text("Yesterday protesters gathered in Minsk.\n", encoding="utf-8")
    (folder / "20241210_brest.txt").write_text("Gestern protestierten Menschen in Brest gegen Lukaschenko.\n",
                                               encoding="utf-8")
    (folder / "undated.txt").write_text("Last week Lukashenko met Putin in Moscow.\n", encoding="utf-8")
    return folder


def test_chronik_add_keeps_articles_with_dates_from_their_names(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from events import cli

    folder = articles(tmp_path / "articles")
    assert cli.main(["add", "--workspace", "Belarus protests", str(folder), "--date-from-name"]) == 0
    err = capsys.readouterr().err
    assert "3 articles added to workspace 'Belarus protests'" in err
    assert "1 article without a publication date" in err and "chronik app --workspace belarus-protests" in err
    workspace = open_workspace("belarus-protests")
    dates = {document.source_name.rsplit("/", 1)[-1]: document.dct for document in workspace.documents()}
    assert dates == {"minsk-2024-12-07.txt": date(2024, 12, 7), "20241210_brest.txt": date(2024, 12, 10),
                     "undated.txt": None}
    events = workspace.events()
    assert pd.Timestamp("2024-12-06") in set(events["start"]) and pd.Timestamp("2024-12-09") in set(events["start"])
    # Added again from the same files: read again, not doubled.
    assert cli.main(["add", "--workspace", "belarus-protests", str(folder)]) == 0
    assert "(3 read again)" in capsys.readouterr().err and workspace.document_count() == 3
    assert cli.main(["workspaces"]) == 0
    assert "belarus-protests\tBelarus protests\t3 articles" in capsys.readouterr().out


def test_a_date_list_gives_each_file_its_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from events import cli

    folder = articles(tmp_path / "articles")
    listing = tmp_path / "dates.csv"
    listing.write_text("date,file\n2024-12-01,undated.txt\n2024-11-30,articles/minsk-2024-12-07.txt\n",
                       encoding="utf-8")
    code = cli.main(["extract", str(folder / "undated.txt"), str(folder / "minsk-2024-12-07.txt"), "--dates",
                     str(listing), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    import json

    starts = {event["doc_id"]: event["start"] for event in json.loads(captured.out)}
    assert starts["undated"] == "2024-11-18" and starts["minsk-2024-12-07"] == "2024-11-29"
    listing.write_text("2024-13-01,undated.txt\n", encoding="utf-8")
    assert cli.main(["extract", str(folder), "--dates", str(listing)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_file_facts_come_from_metadata_else_the_name() -> None:
    from events.filefacts import date_from_name, file_facts

    assert date_from_name("reuters_2024-12-06_minsk.txt") == date(2024, 12, 6)
    assert date_from_name("20241206.html") == date(2024, 12, 6)
    assert date_from_name("report-2024-02-30.txt") is None and date_from_name("id-120241206.txt") is None
    facts = file_facts("taz-2024-12-09.md", b"---\ndate: 2024-12-10\nlang: de\n---\nText ueber Minsk.\n")
    assert (facts.dct, facts.date_source, facts.lang) == (date(2024, 12, 10), "metadata", "de")
    facts = file_facts("taz-2024-12-09.txt", b"Die Proteste in Minsk gehen weiter, sagte sie.")
    assert (facts.dct, facts.date_source, facts.lang, facts.lang_source) == (date(2024, 12, 9), "file name", "de",
                                                                             "detected")
    assert file_facts("wire.jsonl", b"{}").collection
    assert file_facts("empty-2024-12-09.txt", b"").problem
