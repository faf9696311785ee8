"""Uploads are read in a process of their own (dashboard/uploads.py): the session's thread only waits, so a slow
upload holds up no other session; a child that runs over its time is stopped and costs its upload only. The
workspace's uploads too: checking the chosen files, reading them into the workspace, reading one again."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path
from typing import NoReturn

import pandas as pd
import pytest

from dashboard import data, uploads
from events import extract, filefacts
from events.workspace import Workspace

ARTICLE = ("Lukaschenko trifft Putin in Moskau\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir "
           "Putin in Moskau. Sie sprachen über einen Vertrag.").encode()


def test_an_upload_is_read_in_another_process_with_the_same_result() -> None:
    files = [("moskau.txt", ARTICLE), ("scan.txt", b"\x00\x01binary")]
    workers: list[list[str]] = []

    def progress(done: int, total: int) -> None:  # called here while the child works
        workers.append([child.name for child in multiprocessing.active_children()])

    result = uploads.events_from_uploads(files, lang="de", dct=date(2023, 3, 4), progress=progress)
    here = data.events_from_uploads(files, lang="de", dct=date(2023, 3, 4))
    assert workers and all("chronik-upload" in names for names in workers)
    pd.testing.assert_frame_equal(result.events, here.events)
    assert result.errors == here.errors and result.documents == here.documents == 1
    assert not [child for child in multiprocessing.active_children() if child.name == "chronik-upload"]


def test_an_upload_over_its_time_is_stopped_and_reported() -> None:
    result = uploads.events_from_uploads([("moskau.txt", ARTICLE)], lang="de", dct=None, time_limit=0)
    assert result.documents == 0 and result.events.empty
    assert result.reasons == [("upload_timeout", {"name": "moskau.txt"})]
    assert result.errors == ["moskau.txt: could not be read: reading it took longer than 0 minutes"]
    assert not [child for child in multiprocessing.active_children() if child.name == "chronik-upload"]


# --- the workspace's uploads --------------------------------------------------------------------------------------

ENGLISH = b"Vladimir Putin and Alexander Lukashenko signed a treaty in Minsk on 6 December 2024."


def _no_reading_here(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("an upload was read or extracted in the session's process")


def forbid_reading_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every function that reads or extracts an upload fails in this (the session's) process; the child process
    is forked from the fork server, which imported its own, untouched copies."""
    for module, name in ((uploads, "read_uploads"), (uploads, "file_facts"), (uploads, "documents_in_upload"),
                         (extract, "extract_documents"), (filefacts, "file_facts"), (data, "events_from_uploads")):
        monkeypatch.setattr(module, name, _no_reading_here)


def test_workspace_uploads_are_read_extracted_and_stored_by_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_reading_in_this_process(monkeypatch)
    files = [("pact-2024-12-07.txt", ENGLISH), ("moskau.txt", ARTICLE), ("scan.txt", b"\x00\x01binary")]
    facts = uploads.check_files(files)
    assert [(fact.name, fact.dct, fact.lang) for fact in facts[:2]] == [
        ("pact-2024-12-07.txt", date(2024, 12, 7), "en"), ("moskau.txt", None, "de")]
    assert "binary" in facts[2].problem
    path = tmp_path / "treaty.sqlite"
    workers: list[list[str]] = []

    def progress(done: int, total: int) -> None:  # heard here while the child works
        workers.append([child.name for child in multiprocessing.active_children()])

    settings = {"pact-2024-12-07.txt": uploads.FileSettings("en", date(2024, 12, 7)),
                "moskau.txt": uploads.FileSettings("de", date(2023, 3, 4))}
    result = uploads.add_to_workspace(path, files, settings, create_as="Treaty", progress=progress)
    assert sorted(result.added) == ["moskau", "pact-2024-12-07"] and not result.replaced
    assert [error.reason for error in result.refused] == ["binary"]
    assert workers and all(uploads.CHILD_NAME in names for names in workers)
    stored = Workspace(path)
    assert stored.name == "Treaty" and stored.document("moskau").dct == date(2023, 3, 4)
    assert "2023-03-03" in {str(day.date()) for day in stored.events()["start"].dropna()}

    again = uploads.reread_in_workspace(path, {"moskau": {"dct": date(2023, 3, 10)}})
    assert again.replaced == ["moskau"] and stored.document("moskau").dct == date(2023, 3, 10)
    assert not [child for child in multiprocessing.active_children() if child.name == uploads.CHILD_NAME]


def test_a_workspace_upload_stopped_for_its_time_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    first = uploads.add_to_workspace(path, [("moskau.txt", ARTICLE)], {}, create_as="Kept")
    before = Workspace(path).mentions()
    slow = uploads.add_to_workspace(path, [("pact.txt", ENGLISH)], {}, time_limit=0)
    assert first.added == ["moskau"] and not slow.stored
    assert [(error.reason, error.params) for error in slow.refused] == [("upload_timeout", {"name": "pact.txt"})]
    pd.testing.assert_frame_equal(Workspace(path).mentions(), before)  # nothing lost, nothing half-written
    assert not [child for child in multiprocessing.active_children() if child.name == uploads.CHILD_NAME]
    nothing = uploads.add_to_workspace(tmp_path / "never.sqlite", [("scan.txt", b"\x00binary")], {}, create_as="N")
    assert not nothing.stored and not (tmp_path / "never.sqlite").exists()  # no empty workspace for bad files
