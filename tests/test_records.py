"""Extraction makes plain records; the event table is built from a batch of them at once."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from events.corpus import load_sample
from events.extract import extract_document, extract_documents
from events.model import Document
from events.schema import (
    COLUMN_NAMES,
    MENTION_COLUMNS,
    RECORD_COLUMNS,
    EventMention,
    is_conformed,
    mentions_frame,
)


def test_a_document_gives_plain_mention_records_in_text_order() -> None:
    mentions = extract_document(load_sample())
    assert mentions and all(type(m) is EventMention for m in mentions)
    offsets = [(m.char_start, m.date_char_start if m.date_char_start is not None else 0) for m in mentions]
    assert offsets == sorted(offsets)
    treaty = next(m for m in mentions if m.event_type == "treaty")
    assert isinstance(treaty.start, date) and treaty.sentence == load_sample().text[treaty.char_start:treaty.char_end]


def test_the_table_of_a_batch_is_the_documents_records_in_order() -> None:
    sample = load_sample()
    other = Document(text="Am 3. März 2015 unterzeichneten Russland und Belarus einen Vertrag.", doc_id="b",
                     lang="de")
    records = extract_document(sample) + extract_document(other)
    frame = mentions_frame(records)
    assert is_conformed(frame)
    assert frame["event_id"].tolist() == [m.event_id for m in records]
    assert frame.equals(extract_documents([sample, other], merge=False))
    # Each row is its own one source, holding the mention's columns.
    assert all(len(s) == 1 and set(s[0]) == set(MENTION_COLUMNS) for s in frame["sources"])


def test_every_record_field_is_a_schema_column() -> None:
    assert set(RECORD_COLUMNS) <= set(COLUMN_NAMES)
    assert set(MENTION_COLUMNS) <= set(RECORD_COLUMNS)
    assert "unregistered_actors" in RECORD_COLUMNS and "unregistered_actors" not in MENTION_COLUMNS
    assert [f.name for f in fields(EventMention)] == list(RECORD_COLUMNS)


def test_no_records_make_an_empty_table_with_the_schema() -> None:
    frame = mentions_frame([])
    assert frame.empty and tuple(frame.columns) == COLUMN_NAMES
    frame["title"] = frame["title"].str.upper()  # a caller changing its table does not change the next one
    del frame["sentence"]
    assert tuple(mentions_frame([]).columns) == COLUMN_NAMES


def test_defaults_stand_in_for_fields_a_producer_leaves_out() -> None:
    frame = mentions_frame([EventMention(event_id="x:0:i", doc_id="x", sentence="Etwas geschah.")])
    row = frame.iloc[0]
    assert row["actors"] == [] and row["char_end"] == 0 and row["title"] == "" and not row["date_vague"]
    assert row["source_count"] == 1


def test_a_score_column_is_a_float_with_nan_for_missing(monkeypatch) -> None:
    from events import schema
    from events.io import events_to_bytes, read_events

    score = schema.Column("score", "float64", "a score")
    monkeypatch.setattr(schema, "COLUMNS", (*schema.COLUMNS, score))
    monkeypatch.setattr(schema, "COLUMN_NAMES", (*schema.COLUMN_NAMES, "score"))
    base = mentions_frame([EventMention(event_id=f"x:{i}:i", sentence="S.") for i in range(3)])
    frame = schema.conform(base.assign(score=[0.5, None, "2"]))
    assert frame["score"].dtype == "float64" and frame["score"].isna().tolist() == [False, True, False]
    assert frame["score"].tolist()[::2] == [0.5, 2.0]
    assert schema.conform(base)["score"].isna().all()
    for fmt in ("json", "csv", "parquet"):
        back = read_events(events_to_bytes(frame, fmt), fmt)
        assert back["score"].tolist()[::2] == [0.5, 2.0] and back["score"].isna().tolist()[1], fmt
