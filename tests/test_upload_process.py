"""Uploads are read in a process of their own (dashboard/uploads.py): the session's thread only waits, so a slow
upload holds up no other session; a child that runs over its time is stopped and costs its upload only."""

from __future__ import annotations

import multiprocessing
from datetime import date

import pandas as pd

from dashboard import data, uploads

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
