"""The detail panel, linked selection, corrections and the precision/document filters: AppTest runs of the app
and unit tests of the pure helpers behind them (dashboard/detail.py, selection.py, editing.py)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import (
    DOC_DE_TITLE,
    DOC_EN_TITLE,
    ELECTION,
    INTERVIEW,
    MILITARY,
    PROTEST,
    TREATY,
    events_frame,
)
from streamlit.testing.v1 import AppTest

from dashboard import detail, editing, i18n, selection
from dashboard.filters import FilterState, document_options, filter_events, precision_options
from dashboard.state import state_from_query, state_to_query
from events.corrections import CorrectionStore

HOSTILE = "Er sagte <script>alert('x')</script> **fett** [Link](http://evil.example) :red[rot] am 6. Dezember 2024."


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    frame = events_frame()
    frame.loc[frame["event_id"] == INTERVIEW, ["sentence", "date_text"]] = [HOSTILE, "6. Dezember 2024"]
    frame["sources"] = None  # rebuilt from the changed columns
    return serve_events(frame.drop(columns=["sources"]), tmp_path, monkeypatch)


def markdown_of(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in app.markdown)


def quotes_of(app: AppTest) -> str:
    """The verbatim quotes of the detail panel (HTML built from escaped text)."""
    return "\n".join(str(element.proto.body) for element in app.get("html")
                     if 'class="chronik-quote"' in element.proto.body)


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def table(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


# --- pure helpers ------------------------------------------------------------------------------------------


def test_highlighting_is_built_from_offsets_and_escapes_everything_else() -> None:
    source = {"sentence": "Am 6. Dezember traf Putin Lukaschenko.", "char_start": 100, "date_char_start": 103,
              "date_char_end": 114, "date_text": "6. Dezember", "lang": "de"}
    pieces = detail.source_segments(source, ["Vladimir Putin"], lambda sentence, lang: [(20, 25, "Vladimir Putin"),
                                                                                          (26, 37, "Someone else")])
    assert [(p.text, p.kind) for p in pieces] == [
        ("Am ", "text"), ("6. Dezember", "date"), (" traf ", "text"), ("Putin", "actor"), (" Lukaschenko.", "text")]
    assert detail.segments_markdown(pieces) == "Am :blue-background[6\\. Dezember] traf **Putin** Lukaschenko\\."


def test_html_and_markdown_in_article_text_are_neutralised() -> None:
    markdown = detail.segments_markdown(detail.segments(HOSTILE, [detail.Span(HOSTILE.index("6."), len(HOSTILE) - 1,
                                                                              "date")]))
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "**fett**" not in markdown and "\\*\\*fett\\*\\*" in markdown
    assert "[Link](" not in markdown and ":red[" not in markdown
    # shown as written (the word joiner in "http:⁠//" is invisible; it keeps Streamlit from making a link)
    assert unescaped(detail.escape_markdown(HOSTILE)).replace("\u2060", "") == HOSTILE


def test_overlapping_and_stray_spans_are_dropped() -> None:
    pieces = detail.segments("abcdef", [detail.Span(1, 4, "date"), detail.Span(2, 3, "actor"),
                                        detail.Span(10, 12, "actor")])
    assert [(p.text, p.kind) for p in pieces] == [("a", "text"), ("bcd", "date"), ("ef", "text")]


def test_dates_read_as_written_and_normalized() -> None:
    row = events_frame().set_index("event_id")
    strike = {"event_id": "s", **row.loc["belarus-treaty-de:s17:d0"].to_dict()}
    assert detail.normalized_date(strike) == "2020-08-13 – open"
    assert detail.date_flags(strike) == ["day", "open end"]
    treaty = row.loc[TREATY].to_dict()
    assert detail.normalized_date(treaty) == "2024-11-15 – 2024-12-15"
    assert detail.date_flags(treaty) == ["approximate", "vague"]
    assert detail.candidate_lines({"date_candidates": [{"value": "2024-12-06", "count": 2},
                                                       {"value": "2024-12-05", "count": 1}]}) == [
        "2024-12-06 (2 sources)", "2024-12-05 (1 source)"]
    assert detail.candidate_lines(treaty) == []


def test_sources_disagree_only_when_neither_date_contains_the_other() -> None:
    def candidates(*values: str) -> list[dict[str, object]]:
        return [{"value": value, "count": 1} for value in values]

    assert not detail.dates_disagree(candidates("2024-12-01..2024-12-31", "2024-12-06"))  # December holds the 6th
    assert not detail.dates_disagree(candidates("2024-12-06", "2024-12-06..", "unresolved"))  # "since" holds it
    assert not detail.dates_disagree(candidates("..2024-12-31", "2024-01-01..2024-12-31"))
    assert detail.dates_disagree(candidates("2024-12-06", "2024-12-05"))
    assert detail.dates_disagree(candidates("2024-12-01..2024-12-31", "2024-12-06", "2024-11-30"))
    assert detail.dates_disagree(candidates("2024-12-01..2024-12-10", "2024-12-05..2024-12-20"))  # overlap only
    assert detail.candidate_lines({"date_candidates": candidates("2024-12-01..2024-12-31", "2024-12-06")}) == []


def test_a_quote_is_verbatim_html_with_its_date_and_actors_marked() -> None:
    sentence = "Putin -- so hieß es -> am 6. Dezember <b>nicht</b> \"unterschrieben\" & <- Minsk >= 2."
    pieces = detail.segments(sentence, [detail.Span(sentence.index("am 6."), sentence.index(" <b>"), "date"),
                                        detail.Span(0, 5, "actor")])
    quote = detail.quote_html(pieces, "de")
    assert quote.startswith('<blockquote class="chronik-quote" lang="de"><strong>Putin</strong> -- so hieß es -&gt; ')
    assert ("<mark>am 6. Dezember</mark> &lt;b&gt;nicht&lt;/b&gt; &quot;unterschrieben&quot; &amp; &lt;- Minsk "
            "&gt;= 2.") in quote
    assert html.unescape(re.sub(r"<[^>]+>", "", quote)) == sentence  # the reader sees exactly the article's words
    assert 'lang=' not in detail.quote_html(pieces, 'de" onclick="x')


def test_sources_are_listed_by_article_with_its_date_and_link_and_no_internal_ids() -> None:
    sources = [
        {"doc_id": "a", "doc_title": "Pakt [unterzeichnet](http://x)", "doc_date": pd.Timestamp("2024-12-07"),
         "url": "https://example.org/a", "event_id": "a:12:40", "sentence": "Eins."},
        {"doc_id": "b", "doc_title": "", "doc_date": None, "url": "javascript:alert(1)", "event_id": "b:0:3",
         "sentence": "Zwei."},
        {"doc_id": "a", "doc_title": "Pakt [unterzeichnet](http://x)", "doc_date": pd.Timestamp("2024-12-07"),
         "url": "https://example.org/a", "event_id": "a:99:100", "sentence": "Drei."},
    ]
    documents = detail.source_documents(sources)
    assert [(d.doc_id, d.published, d.url, len(d.quotes)) for d in documents] == [
        ("a", date(2024, 12, 7), "https://example.org/a", 2), ("b", None, None, 1)]
    german = i18n.translator("de")
    assert detail.document_line(documents[0], german) == (
        "**Pakt \\[unterzeichnet\\]\\(http\\:\u2060\\/\\/x\\)** · erschienen am 2024-12-07 · "
        "[Artikel öffnen ↗](https://example.org/a)")
    assert detail.document_line(documents[1]) == "**Untitled article \\(b\\)** · no publication date"
    row = {"sources": sources, "merge_notes": "[shared_actors] joined a:12:40 + b:0:3: same type treaty\n"
                                              "[same_day] joined a:12:40 + a:99:100: same date (2024-12-06)"}
    summary = detail.merge_summary(row)
    assert summary == ("One event from 3 reports in 2 articles: they name the same actors and their dates agree; "
                       "they give the same day and no actor contradicts.")
    assert "a:12:40" not in summary and detail.merge_summary({"sources": sources[:1]}) == ""
    corrected = {"corrected": True, "correction_notes": "#4 date 2024-12-06 (day) by anna: seen in the source\n"
                                                        "#7 merged a:12:40 + b:0:3\n#8 title 'Pakt'"}
    assert detail.correction_summary(corrected, german) == (
        "Von Hand korrigiert: Datum, mit anderen Ereignissen zusammengeführt, Titel.")


def test_selection_is_read_from_chart_marks_and_table_rows() -> None:
    chart = {"selection": {"points": [{"customdata": ["a", "Belarus"]}, {"customdata": ["a", "Russia"]},
                                      {"customdata": [3]}, {"customdata": ["b", "Russia"]}]}}
    assert selection.chart_selection_ids(chart) == ["a", "b"]
    assert selection.chart_selection_ids(chart, known=["b"]) == ["b"]
    assert selection.table_selection_ids({"selection": {"rows": [2, 0, 9]}}, ["x", "y", "z"]) == ["z", "x"]
    assert selection.table_rows(["z", "x"], ["x", "y", "z"]) == [0, 2]


def test_the_form_writes_only_what_changed_and_chains_revisions(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    row = events_frame().set_index("event_id", drop=False).loc[TREATY].to_dict()
    unchanged = editing.edits_of(row)
    assert editing.save_edits(store, row, unchanged).kind == "info"
    changed = editing.EventEdits(**{**unchanged.__dict__, "title": "Vertrag", "start": date(2024, 12, 6),
                                    "end": None, "precision": "day", "extra_actors": "Belarus"})
    outcome = editing.save_edits(store, row, changed)
    assert outcome.kind == "success", outcome.message
    assert [c.operation for c in store.log()] == ["set_date", "set_actors", "set_title"]


def test_new_days_with_the_precision_left_as_it_was_take_the_new_span_s_precision(tmp_path: Path) -> None:
    treaty = events_frame().set_index("event_id", drop=False).loc[TREATY].to_dict()  # approximate, Nov-Dec 2024
    shown = editing.edits_of(treaty)
    assert shown.precision == "approximate"

    def stored_precision(name: str, **changes: object) -> str:
        store = CorrectionStore(tmp_path / f"{name}.sqlite")
        assert editing.save_edits(store, treaty, editing.EventEdits(**{**shown.__dict__, **changes})).kind == "success"
        return str(store.log()[0].payload["precision"])

    assert stored_precision("day", start=date(2024, 12, 6), end=None) == "day"
    assert stored_precision("month", start=date(2024, 12, 1), end=date(2024, 12, 31)) == "month"
    assert stored_precision("chosen", start=date(2024, 12, 6), end=None, precision="week") == "week"
    assert stored_precision("words", date_text="vor kurzem") == "approximate"  # same days: the precision stays


def test_a_refused_correction_is_explained_in_the_readers_language(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    row = events_frame().set_index("event_id", drop=False).loc[TREATY].to_dict()
    unchanged = editing.edits_of(row)
    backwards = editing.EventEdits(**{**unchanged.__dict__, "start": date(2024, 12, 6), "end": date(2024, 12, 1),
                                      "precision": "day"})
    outcome = editing.save_edits(store, row, backwards)
    assert outcome.kind == "error"
    assert outcome.worded(i18n.translator("de")) == (
        "Nicht gespeichert: das Ende 2024-12-01 liegt vor dem Beginn 2024-12-06.")
    assert outcome.message == "Not saved: the end 2024-12-01 is before the start 2024-12-06."
    untitled = editing.save_edits(store, row, editing.EventEdits(**{**unchanged.__dict__, "title": " "}))
    assert untitled.worded(i18n.translator("de")) == "Nicht gespeichert: der Titel ist leer."
    no_title = editing.add_event(store, editing.NewEvent(title="", start=date(2024, 12, 6)))
    assert no_title.worded(i18n.translator("de")) == "Nicht hinzugefügt: ein neues Ereignis braucht einen Titel."
    assert store.log() == []
    # a refusal the locale has no words for keeps the store's English
    unknown = editing.Refusal("something new went wrong", reason="not_in_any_locale")
    assert unknown.worded(i18n.translator("de")) == "something new went wrong"


# --- the app -----------------------------------------------------------------------------------------------


def test_selecting_an_event_shows_its_sources_and_details(events_file: Path) -> None:
    app = run_app(selected=[ELECTION])
    shown = unescaped(markdown_of(app))
    assert "Präsidentschaftswahl in Belarus" in shown
    assert "Ein Rückblick: <mark>Im August 2020</mark> war es nach" in quotes_of(app)
    assert f"**{DOC_DE_TITLE}** · no publication date" in shown  # the article, before its quotes


def test_the_event_actors_are_highlighted_where_the_sentence_names_them(events_file: Path) -> None:
    shown = quotes_of(run_app(selected=[MILITARY]))
    assert "Im <strong>Ukraine</strong>-Krieg diente <strong>Belarus</strong> <mark>Anfang 2022</mark>" in shown


def test_several_selected_events_are_listed_with_a_merge_button(events_file: Path) -> None:
    app = run_app(selected=[ELECTION, PROTEST])
    assert "2 events selected" in markdown_of(app)
    assert any(b.label.startswith("Merge these 2 events") for b in app.button)


def test_article_markup_in_a_selected_event_stays_text(events_file: Path) -> None:
    app = run_app(selected=[INTERVIEW])
    shown = quotes_of(app)
    assert "<script>" not in shown and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; **fett**" in shown
    assert "<mark>6. Dezember 2024</mark>" in shown and "<a " not in shown
    assert not app.exception


def test_a_chart_selection_ticks_the_table_rows(events_file: Path) -> None:
    app = run_app(selected=[TREATY])
    rows = app.session_state["events_table"]["selection"]["rows"]
    assert [table(app).iloc[row]["Title"] for row in rows] == ["Vertrag über Sicherheitsgarantien"]


def test_a_date_correction_is_stored_and_shown_after_a_reload(events_file: Path, corrections_in_tmp: Path) -> None:
    app = run_app(selected=[TREATY])
    app.date_input(key="fix_start").set_value(date(2024, 12, 6))
    app.date_input(key="fix_end").set_value(date(2024, 12, 6))
    app.selectbox(key="fix_precision").set_value("day")
    button(app, "Save corrections").click().run()
    assert not app.exception
    assert "Saved 1 correction" in unescaped("\n".join(str(s.value) for s in app.success))
    assert len(CorrectionStore(corrections_in_tmp).log()) == 1

    reloaded = run_app()  # a new session on the same corrections file
    row = table(reloaded).set_index("Title").loc["Vertrag über Sicherheitsgarantien"]
    assert (row["Start"], row["End"], row["Corrected"]) == ("2024-12-06", "2024-12-06", "✓ corrected")


def test_a_correction_made_meanwhile_is_reported_not_overwritten(events_file: Path,
                                                                 corrections_in_tmp: Path) -> None:
    app = run_app(selected=[TREATY])
    shown = app.session_state["shown_events"]
    CorrectionStore(corrections_in_tmp).set_title(shown[shown["event_id"] == TREATY].iloc[0], "Vertrag (Kollegin)")
    app.text_input(key="fix_title").set_value("Vertrag (ich)")
    button(app, "Save corrections").click().run()
    assert "changed meanwhile" in unescaped("\n".join(str(w.value) for w in app.warning))
    assert [c.payload["title"] for c in CorrectionStore(corrections_in_tmp).log()] == ["Vertrag (Kollegin)"]


def test_hiding_takes_the_event_out_until_hidden_events_are_shown(events_file: Path) -> None:
    app = run_app(selected=[TREATY])
    button(app, "Hide event").click().run()
    assert "Vertrag über Sicherheitsgarantien" not in set(table(app)["Title"])
    app.toggle(key="show_hidden").set_value(True).run()
    assert "Vertrag über Sicherheitsgarantien" in set(table(app)["Title"])
    assert app.query_params["hidden"] == "1"


def test_precision_and_document_filters_and_their_link(events_file: Path) -> None:
    app = run_app(query={"precision": "month", "doc": DOC_DE_TITLE})
    assert set(table(app)["Precision"]) == {"month"}
    assert app.multiselect(key="precisions").value == ["month"]
    app.multiselect(key="documents").set_value([DOC_EN_TITLE]).run()
    assert table(app).empty  # no English event has a month date
    assert app.query_params["doc"] == DOC_EN_TITLE
    assert app.query_params["precision"] == "month"


def test_filter_state_round_trips_through_the_link_and_old_links_still_work() -> None:
    state = FilterState(actors=("Belarus",), precisions=("day", "month"), documents=("A & B",), show_hidden=True)
    assert state_from_query(state_to_query(state)) == state
    assert state_from_query({"actor": "Belarus"}) == FilterState(actors=("Belarus",))


def test_precision_and_document_options_and_filtering() -> None:
    frame = events_frame()
    assert precision_options(frame)[:2] == ["day", "month"]
    assert document_options(frame) == [DOC_DE_TITLE, DOC_EN_TITLE]
    english = filter_events(frame, FilterState(documents=(DOC_EN_TITLE,)))
    assert set(english["doc_title"]) == {DOC_EN_TITLE}
