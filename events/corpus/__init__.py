"""The bundled default corpus: the sample article the dashboard opens on.

Each article is a text file plus a TOML file of metadata (`id`, `title`, `lang`, `date`, `date_approximate`,
`text_file`), because a plain text file cannot say when it was published.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from importlib.resources import files
from importlib.resources.abc import Traversable

from events.documents import DocumentError, parse_document_date, read_document
from events.model import Document

SAMPLE_ID = "belarus-treaty-de"


def load_sample() -> Document:
    """The German sample article (Putin and Lukashenko's treaty, with its look back to 1991 and 2020)."""
    return _load(_corpus_dir() / f"{SAMPLE_ID}.toml")


def sample_documents() -> list[Document]:
    """Every bundled article, ordered by id."""
    metadata_files = sorted(
        (entry for entry in _corpus_dir().iterdir() if entry.name.endswith(".toml")), key=lambda e: e.name
    )
    return [_load(entry) for entry in metadata_files]


def _corpus_dir() -> Traversable:
    return files(__name__)


def _load(metadata_file: Traversable) -> Document:
    try:
        metadata = tomllib.loads(metadata_file.read_text(encoding="utf-8"))
        text_name = str(metadata["text_file"])
        data = (_corpus_dir() / text_name).read_bytes()
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        # Bundled files are ours: a failure here is a packaging bug, reported with the file it is about.
        raise DocumentError(f"bundled corpus file {metadata_file.name} is broken: {error!r}") from None
    document = read_document(
        data,
        name=text_name,
        lang=str(metadata.get("lang") or "") or None,
        dct=parse_document_date(str(metadata.get("date") or "") or None),
        doc_id=str(metadata.get("id") or "") or None,
    )
    return replace(
        document,
        title=str(metadata.get("title") or document.title),
        dct_approximate=bool(metadata.get("date_approximate", False)),
        source_path=f"events/corpus/{text_name}",
    )
