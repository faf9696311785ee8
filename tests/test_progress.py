"""Progress for long work: the CLI's bar for batch extraction, and the callback behind the app's upload bar."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
import pytest

from dashboard import data
from events import cli
from events.model import Document
from events.progress import MIN_DOCUMENTS_FOR_BAR, ProgressBar, wants_progress_bar
from events.schema import empty_events


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_fills_and_ends_its_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(1, 4)
    bar(4, 4)
    lines = stream.getvalue()
    assert lines.startswith("\rchronik: [#######") and " 1/4 documents" in lines
    assert lines.endswith("\rchronik: [" + "#" * 30 + "] 4/4 documents\n")


def test_a_bar_only_on_a_terminal_and_for_more_than_a_few_documents() -> None:
    assert wants_progress_bar(MIN_DOCUMENTS_FOR_BAR, Terminal())
    assert not wants_progress_bar(MIN_DOCUMENTS_FOR_BAR - 1, Terminal())
    assert not wants_progress_bar(100, io.StringIO())


def documents(count: int) -> list[Document]:
    return [Document(doc_id=f"d{index}", text="Am 3. März 2020 protestierten Tausende.", lang="de")
            for index in range(count)]


def test_batch_extraction_on_a_terminal_shows_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)

    def extractor(docs: Iterable[Document], **options: Any) -> pd.DataFrame:
        docs = list(docs)
        for done in range(1, len(docs) + 1):
            options["progress"](done, len(docs))
        return empty_events()

    monkeypatch.setattr(cli, "load_extractor", lambda: extractor)
    cli._extract(documents(MIN_DOCUMENTS_FOR_BAR))
    assert terminal.getvalue().endswith(f"{MIN_DOCUMENTS_FOR_BAR}/{MIN_DOCUMENTS_FOR_BAR} documents\n")


def test_without_a_terminal_the_extractor_gets_no_progress_keyword(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def extractor(docs: Iterable[Document], **options: Any) -> pd.DataFrame:
        seen.update(options)
        return empty_events()

    monkeypatch.setattr(cli, "load_extractor", lambda: extractor)
    cli._extract(documents(20))
    assert "progress" not in seen


def test_uploads_report_progress_per_document() -> None:
    heard: list[tuple[int, int]] = []
    collection = "\n".join(f'{{"id": "{index}", "text": "Am 3. März 2020 protestierten Tausende in Minsk."}}'
                           for index in range(3)).encode()
    result = data.events_from_uploads(
        [("articles.jsonl", collection)], lang="de", dct=date(2020, 3, 4),
        progress=lambda done, total: heard.append((done, total)),
    )
    assert result.documents == 3
    assert heard == [(1, 3), (2, 3), (3, 3)]
