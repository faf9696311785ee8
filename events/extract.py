"""Pipeline: one document in, one events dataframe out.  (Work in progress: being written now.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import pandas as pd

from events.model import Document
from events.schema import empty_events


def extract_events(
    text: str,
    *,
    lang: str | None = None,
    dct: date | str | None = None,
    doc_id: str | None = None,
    title: str = "",
) -> pd.DataFrame:
    raise NotImplementedError("extract_events is being written")


def extract_documents(
    documents: Iterable[Document],
    *,
    on_error: Callable[[Document, Exception], None] | None = None,
) -> pd.DataFrame:
    return empty_events()
