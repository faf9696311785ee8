"""Chronik's engine: dated events from article text, with no UI in it.

Pipeline (one document): language -> sentences -> timexes -> actors -> event types -> events dataframe.
"""

from events.extract import extract_document, extract_documents, extract_events
from events.model import ActorMention, Document, Interval, Sentence, Timex
from events.schema import COLUMN_NAMES, COLUMNS, SchemaError, conform, empty_events
from events.timex import tag_timexes, timex_interval

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "ActorMention",
    "Document",
    "Interval",
    "SchemaError",
    "Sentence",
    "Timex",
    "conform",
    "empty_events",
    "extract_document",
    "extract_documents",
    "extract_events",
    "tag_timexes",
    "timex_interval",
]
