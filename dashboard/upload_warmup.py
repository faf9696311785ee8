"""Imported by the upload fork server only (dashboard/uploads.py preloads it), never by the dashboard itself: one
short text is read in every language Chronik knows, so the registries, patterns and word lists the extraction
loads on first use are in the fork server's memory, and every child forked from it starts with them instead of
loading them again for each upload."""

from __future__ import annotations

from events.extract import extract_documents
from events.model import Document
from events.resources import available_languages

extract_documents([Document(text="2020-01-01.", doc_id=f"warm-up-{lang}", lang=lang) for lang in available_languages()])
