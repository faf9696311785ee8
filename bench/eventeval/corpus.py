"""The article texts the event gold points into, read from ../shared/corpora exactly as the corpus files give them.

Document ids: `10kgnad:<row>` (0-based row of 10kGNAD's test.csv; the text is the row's second field) and
`t17-libya:<id>` (the `id` of a line of Timeline17's libya/articles.jsonl; the text is its `text` field). Gold
offsets are Python string indices into these texts, so the reading here must never change them (no stripping,
no normalising).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bench.timexeval.corpora import corpora_root

TENKGNAD_PREFIX = "10kgnad:"
T17_LIBYA_PREFIX = "t17-libya:"
TENKGNAD_FILE = Path("10kgnad") / "test.csv"
T17_LIBYA_FILE = Path("timeline17") / "libya" / "articles.jsonl"


class CorpusMissing(FileNotFoundError):
    """A corpus file the gold refers to is not there (run from a checkout beside ../shared)."""


@dataclass(frozen=True)
class SourceArticle:
    """One corpus article: its id, its label or source, the publication day the corpus gives (T17) and its text."""

    doc_id: str
    label: str
    corpus_date: str | None
    text: str


def _require(path: Path) -> Path:
    if not path.is_file():
        raise CorpusMissing(f"corpus file not found: {path}")
    return path


@lru_cache(maxsize=4)
def tenkgnad_rows(root: Path) -> tuple[tuple[str, str], ...]:
    """10kGNAD test.csv as (label, text) rows, read as its README says (delimiter `;`, quote `'`)."""
    with _require(root / TENKGNAD_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple((row[0], row[1]) for row in csv.reader(handle, delimiter=";", quotechar="'"))


@lru_cache(maxsize=4)
def t17_libya_articles(root: Path) -> dict[str, dict[str, str]]:
    """T17 Libya's articles by id, in file order (dicts keep insertion order)."""
    with _require(root / T17_LIBYA_FILE).open(encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle if line.strip())
        return {record["id"]: record for record in records}


def load_article(doc_id: str, root: Path | None = None) -> SourceArticle:
    """The article a gold document id names; KeyError for an id no corpus has, CorpusMissing without the corpus."""
    root = root or corpora_root()
    if doc_id.startswith(TENKGNAD_PREFIX):
        row = int(doc_id.removeprefix(TENKGNAD_PREFIX))
        rows = tenkgnad_rows(root)
        if not 0 <= row < len(rows):
            raise KeyError(doc_id)
        label, text = rows[row]
        return SourceArticle(doc_id, label, None, text)
    if doc_id.startswith(T17_LIBYA_PREFIX):
        record = t17_libya_articles(root)[doc_id.removeprefix(T17_LIBYA_PREFIX)]
        return SourceArticle(doc_id, record["source"], record["date"], record["text"])
    raise KeyError(doc_id)
