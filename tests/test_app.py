"""The Streamlit app, driven headless with AppTest, and the data helpers it wires together."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import chart_spec, run_app, serve_events
from dashboard_fixtures import (
    ARRESTS,
    ELECTION,
    INDEPENDENCE,
    INTERVIEW,
    MILITARY,
    PROTEST,
    STRIKE,
    TREATY,
    events_frame,
)
from streamlit.testing.v1 import AppTest

from dashboard import data
from events.io import EventsFileError, write_events

DATED = {INDEPENDENCE, ELECTION, PROTEST, STRIKE, ARRESTS, MILITARY, TREATY, INTERVIEW}
TABLE_COLUMNS = ["Date as written", "Start", "End", "Precision", "Title", "Type", "Actors", "Unregistered people",
                 "Sentence", "Document", "Sources", "Corrected"]


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(events_frame(), tmp_path, monkeypatch, "belarus-events.json")


@pytest.fixture
def sample_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.EVENTS_ENV_VAR, raising=False)


def chart_event_ids(app: AppTest) -> set[str]:
    return {point[0] for trace in chart_spec(app)["data"] for point in (trace.get("customdata") or [])}


def table(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value


def messages(elements: object) -> str:
    """The text of message elements as a reader sees it (the app escapes Markdown in names and reasons)."""
    raw = "\n".join(str(element.value) for element in elements)  # type: ignore[attr-defined]
    return re.sub(r"\\(.)", r"\1", raw)


# --- the bundled sample (needs the real extraction in events.extract) -----------------------------------------


@pytest.mark.usefixtures("sample_only")
def test_app_opens_on_the_bundled_sample_without_setup() -> None:
    app = run_app()
    assert not app.error
    assert "sample" in messages(app.sidebar.caption)
    shown = table(app)
    assert list(shown.columns) == TABLE_COLUMNS
    assert len(shown) > 0, "the sample article gave no events"
    independence = shown[shown["Type"] == "Independence/state formation"]  # the type's English label
    assert (pd.to_datetime(independence["Start"]).dt.year == 1991).any()
    assert chart_event_ids(app)


@pytest.mark.usefixtures("sample_only")
def test_choosing_lukashenko_on_the_sample_keeps_the_treaty_and_drops_1991() -> None:
    app = run_app()
    actors = app.multiselect(key="actors")
    assert "Alexander Lukashenko" in actors.options
    actors.set_value(["Alexander Lukashenko"]).run()
    assert not app.exception
    shown = table(app)
    assert "Treaty/agreement" in set(shown["Type"])
    # The 1991 independence of Belarus involves Belarus and the Soviet Union, not Lukashenko.
    assert "Independence/state formation" not in set(shown["Type"])
    assert all("Alexander Lukashenko" in actors for actors in shown["Actors"])
    assert app.query_params == {"actor": "Alexander Lukashenko"}


# --- an events file named by CHRONIK_EVENTS -------------------------------------------------------------------


def test_events_file_from_the_environment_is_shown(events_file: Path) -> None:
    app = run_app()
    assert not app.error
    assert events_file.name in messages(app.sidebar.caption)
    assert len(table(app)) == 9
    assert chart_event_ids(app) == DATED
    assert "1 without a date that could be placed on the timeline is listed in the table only" in messages(app.markdown)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_events_files_in_every_format_chronik_writes_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    path = write_events(events_frame(), tmp_path / f"belarus-events.{fmt}")
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(path))
    app = run_app()
    assert not app.error
    assert chart_event_ids(app) == DATED


def test_choosing_lukashenko_keeps_the_treaty_and_drops_1991(events_file: Path) -> None:
    app = run_app()
    assert app.multiselect(key="actors").options[:2] == ["Belarus", "Alexander Lukashenko"]
    app.multiselect(key="actors").set_value(["Alexander Lukashenko"]).run()
    assert chart_event_ids(app) == {TREATY, PROTEST}
    assert set(table(app)["Title"]) == {"Vertrag über Sicherheitsgarantien", "Proteste in Minsk"}
    assert app.query_params == {"actor": "Alexander Lukashenko"}


def test_match_all_and_lanes_switch(events_file: Path) -> None:
    app = run_app()
    app.multiselect(key="actors").set_value(["Alexander Lukashenko", "Vladimir Putin"])
    app.session_state["actor_match"] = "all"
    app.run()
    assert chart_event_ids(app) == {TREATY}
    app.session_state["lanes"] = "event_type"
    app.run()
    assert chart_spec(app)["layout"]["yaxis"]["ticktext"] == ["Treaty/agreement"]
    assert app.query_params == {
        "actor": ["Alexander Lukashenko", "Vladimir Putin"], "match": "all", "lanes": "event_type",
    }


def test_a_shared_link_restores_the_view(events_file: Path) -> None:
    query: dict[str, str | list[str]] = {
        "actor": "Belarus", "type": ["election", "deployment"], "from": "2020-01-01", "lanes": "event_type",
    }
    app = run_app(query)
    assert app.multiselect(key="actors").value == ["Belarus"]
    assert app.multiselect(key="event_types").value == ["election", "deployment"]
    assert app.session_state["date_from"] == date(2020, 1, 1)
    assert chart_event_ids(app) == {ELECTION, MILITARY}
    assert chart_spec(app)["layout"]["title"]["text"] == "Chronik — events by event type"
    assert app.query_params == query  # and the URL stays as it was


def test_junk_in_the_link_is_ignored_and_cleaned_from_the_url(events_file: Path) -> None:
    app = run_app({"actor": ["Atlantis", "Belarus"], "match": "sometimes", "from": "yesterday", "lanes": "x"})
    assert app.multiselect(key="actors").value == ["Belarus"]
    assert app.session_state["actor_match"] == "any"
    assert app.query_params == {"actor": "Belarus"}


def test_date_and_text_filters(events_file: Path) -> None:
    app = run_app()
    app.session_state["date_from"] = date(2024, 1, 1)
    app.run()
    assert chart_event_ids(app) == {TREATY, INTERVIEW, STRIKE}
    app.text_input(key="text").set_value("generalstreik").run()
    assert chart_event_ids(app) == {STRIKE}
    assert app.query_params == {"from": "2024-01-01", "q": "generalstreik"}
    app.button(key="reset_filters").click().run()
    assert chart_event_ids(app) == DATED
    assert app.query_params == {}


def date_slider(app: AppTest) -> tuple[date, date]:
    low, high = app.slider(key="date_range").value
    return low, high


def test_moving_the_date_slider_filters_the_events_and_writes_the_url(events_file: Path) -> None:
    app = run_app()
    first, last = date_slider(app)
    assert first == date(1991, 1, 1) and last >= date(2024, 12, 15)  # the data's span
    app.slider(key="date_range").set_value((date(2024, 1, 1), last)).run()
    assert chart_event_ids(app) == {TREATY, INTERVIEW, STRIKE}
    assert app.date_input(key="date_from").value == date(2024, 1, 1)
    assert app.date_input(key="date_to").value is None  # the handle at the end of the slider sets no bound
    assert app.query_params == {"from": "2024-01-01"}
    app.slider(key="date_range").set_value((date(2024, 1, 1), date(2024, 12, 1))).run()
    assert chart_event_ids(app) == {TREATY, STRIKE}  # the strike has no end, so it goes on into the range
    assert app.query_params == {"from": "2024-01-01", "to": "2024-12-01"}


def test_exact_dates_move_the_slider_and_zoom_the_timeline(events_file: Path) -> None:
    app = run_app()
    app.date_input(key="date_from").set_value(date(2020, 8, 10))
    app.date_input(key="date_to").set_value(date(2020, 8, 20)).run()
    assert date_slider(app) == (date(2020, 8, 10), date(2020, 8, 20))
    assert chart_event_ids(app) == {ELECTION, PROTEST, STRIKE, ARRESTS}
    # The axis shows the chosen days, not the whole span of the events that overlap them.
    assert chart_spec(app)["layout"]["xaxis"]["range"] == ["2020-08-10T00:00:00", "2020-08-21T00:00:00"]
    # Moving one handle keeps the exact date of the other.
    app.slider(key="date_range").set_value((date(2020, 7, 1), date(2020, 8, 20))).run()
    assert app.query_params == {"from": "2020-07-01", "to": "2020-08-20"}


def test_a_link_with_from_and_to_sets_the_dates_and_the_slider(events_file: Path) -> None:
    app = run_app({"from": "2022-01-01", "to": "2022-12-31", "view": "counts"})
    assert app.date_input(key="date_from").value == date(2022, 1, 1)
    assert app.date_input(key="date_to").value == date(2022, 12, 31)
    assert date_slider(app) == (date(2022, 1, 1), date(2022, 12, 31))
    assert chart_spec(app)["layout"]["xaxis"]["range"] == ["2022-01-01T00:00:00", "2023-01-01T00:00:00"]
    assert app.query_params == {"from": "2022-01-01", "to": "2022-12-31", "view": "counts"}


def test_a_date_range_outside_the_data_is_clamped_on_the_slider(events_file: Path) -> None:
    app = run_app({"from": "1850-01-01", "to": "1860-12-31"})
    first, _ = date_slider(app)
    assert date_slider(app) == (first, first)
    assert chart_spec(app)["layout"]["annotations"][0]["text"] == "No events match the filters."
    assert app.query_params == {"from": "1850-01-01", "to": "1860-12-31"}  # the link is the user's, kept
    app = run_app({"from": "1850-01-01", "to": "2100-01-01"})
    assert date_slider(app)[0] == first
    assert chart_event_ids(app) == DATED


def test_a_filter_that_matches_nothing_shows_an_explaining_chart(events_file: Path) -> None:
    app = run_app({"q": "no such words anywhere"})
    assert chart_spec(app)["layout"]["annotations"][0]["text"] == "No events match the filters."
    assert len(table(app)) == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "not valid JSON"), (b"", "empty"), (b"[{\"title\": \"no dates\"}]", "lacks column")],
)
def test_a_broken_events_file_shows_an_error_and_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, reason: str
) -> None:
    broken = tmp_path / "broken-events.json"
    broken.write_bytes(content)
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(broken))
    app = run_app()
    error = messages(app.error)
    assert "broken-events.json" in error and reason in error
    assert "sample" in messages(app.sidebar.caption)
    assert app.get("plotly_chart")  # the app still works
    app.multiselect(key="actors").set_value([]).run()
    assert not app.exception


def test_a_missing_events_file_shows_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(tmp_path / "nowhere.csv"))
    app = run_app()
    assert "nowhere" in messages(app.error) and "no such file" in messages(app.error)


# --- uploads ----------------------------------------------------------------------------------------------------

ARTICLE = (
    "Lukaschenko trifft Putin in Moskau\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir Putin "
    "in Moskau. Sie sprachen über einen Vertrag."
).encode()


def upload(
    app: AppTest, files: list[tuple[str, bytes, str]], lang: str = "de", submit: str = "Read articles"
) -> AppTest:
    """Choose files, set each one's language and date in the table (as the analyst would), read them."""
    try:
        round_ = app.session_state["upload_round"]  # AppTest's session state has no .get
    except KeyError:
        round_ = 0
    app.file_uploader(key=f"uploads_{round_}").set_value(files).run()
    facts = app.session_state["upload_facts"][round_].copy()
    facts["language"] = lang
    facts["date"] = date(2023, 3, 4)
    app.session_state["upload_facts"] = {round_: facts}
    next(button for button in app.button if button.label == submit).click().run()
    assert not app.exception, app.exception
    return app


def shown(app: AppTest) -> pd.DataFrame:
    """The events the page shows (corrections applied)."""
    return app.session_state["shown_events"]


def test_uploaded_article_is_read_into_a_new_workspace_and_a_bad_file_is_reported_by_name(
    events_file: Path,
) -> None:
    app = run_app()
    upload(app, [("moskau.txt", ARTICLE, "text/plain"), ("scan.txt", b"\x00\x01\x02\x03binary", "text/plain")])
    errors = messages(app.sidebar.error)
    assert "scan" in errors and "binary" in errors
    assert "1 article read into" in messages(app.sidebar.success)
    assert app.session_state["workspace"] and app.query_params["ws"] == app.session_state["workspace"]
    assert set(shown(app)["doc_id"]) == {"moskau"}  # the workspace holds what was added to it
    assert str(shown(app)["start"].min().date()) == "2023-03-03"


def test_a_refused_file_is_explained_in_the_dashboards_language(events_file: Path) -> None:
    app = run_app({"ui": "de"})
    upload(app, [("scan.txt", b"\x00\x01\x02\x03binary", "text/plain"), ("leer.txt", b"  ", "text/plain")],
           submit="Artikel lesen")
    errors = messages(app.sidebar.error)
    assert "scan.txt: enthält Binärdaten, keinen Text." in errors
    assert "leer.txt: enthält keinen Text." in errors
    assert "binary" not in errors and "is empty" not in errors


def legend_colours(app: AppTest) -> dict[str, str]:
    return {
        trace["name"]: trace["marker"]["line"]["color"]
        for trace in chart_spec(app)["data"]
        if trace.get("showlegend") and trace.get("legend", "legend") == "legend"
    }


def test_uploaded_article_events_reach_the_chart_in_their_type_s_colour(events_file: Path) -> None:
    from dashboard.palette import type_colour
    from events.eventtypes import event_type_label

    app = run_app()
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    added = shown(app)
    assert len(added) > 0 and set(added["event_id"]) & chart_event_ids(app)
    colours = legend_colours(app)
    assert {colours[event_type_label(kind, "en")] for kind in set(added["event_type"])} == {
        type_colour(kind) for kind in set(added["event_type"])}


def test_only_bad_uploads_change_nothing_and_never_render_the_name_as_markup(events_file: Path) -> None:
    app = run_app()
    before = shown(app).copy()
    upload(app, [("<img src=x onerror=alert(1)>.txt", b"", "text/plain")])
    assert "empty" in messages(app.sidebar.error)
    raw = str(app.sidebar.error[0].value)
    assert "\\<img src" in raw and "alert\\(1\\)\\>" in raw  # escaped for Markdown: shown as text, never markup
    assert not app.session_state["workspace"]  # no empty workspace made
    pd.testing.assert_frame_equal(shown(app), before)


def test_the_panel_reads_uploads_off_the_session_s_thread_and_a_slow_one_costs_only_itself(
    events_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_upload_process import forbid_reading_in_this_process

    from dashboard import uploads

    app = run_app()
    forbid_reading_in_this_process(monkeypatch)  # the session's process may not read or extract any upload
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    assert "1 article read into" in messages(app.sidebar.success)
    assert set(shown(app)["doc_id"]) == {"moskau"}
    monkeypatch.setattr(uploads, "TIME_LIMIT_SECONDS", 0)  # every upload now runs over its time
    upload(app, [("zweiter.txt", ARTICLE.replace(b"Moskau", b"Minsk"), "text/plain")])
    assert "zweiter.txt: could not be read: it took too long" in messages(app.sidebar.error)
    assert set(shown(app)["doc_id"]) == {"moskau"}  # the workspace is as it was, and the page goes on


def test_uploading_the_same_article_twice_does_not_double_its_events(events_file: Path) -> None:
    app = run_app()
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    once = len(shown(app))
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    assert len(shown(app)) == once


# --- export buttons ---------------------------------------------------------------------------------------------


def test_download_buttons_for_chart_and_events(events_file: Path) -> None:
    app = run_app()
    labels = {button.label for button in app.get("download_button")}
    assert {"Interactive HTML", "Events CSV", "Events JSON"} <= labels


def test_without_chromium_the_app_says_what_to_install(events_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = run_app()
    assert "apt-get install chromium" in messages(app.info)
    labels = {button.label for button in app.get("download_button")}
    assert "PNG" not in labels and "Events CSV" in labels


# --- data helpers -----------------------------------------------------------------------------------------------


def test_starting_data_prefers_the_environment_file_and_falls_back_with_a_reason() -> None:
    sample = events_frame().iloc[:2]

    def broken(path: str) -> pd.DataFrame:
        raise EventsFileError(f"{path}: is not valid JSON")

    start = data.starting_data({}, read_file=broken, read_sample=lambda: sample)
    assert start.error is None and start.events is sample
    start = data.starting_data({"CHRONIK_EVENTS": "x.json"}, read_file=lambda path: events_frame(),
                               read_sample=lambda: sample)
    assert len(start.events) == 9 and "x.json" in start.source
    start = data.starting_data({"CHRONIK_EVENTS": "x.json"}, read_file=broken, read_sample=lambda: sample)
    assert start.events is sample and "x.json: is not valid JSON" in (start.error or "")


def test_merge_replaces_events_with_the_same_id() -> None:
    events = events_frame()
    newer = events[events["event_id"] == TREATY].copy()
    newer["title"] = "Vertrag (neu gelesen)"
    merged = data.add_events(events, newer)
    assert len(merged) == len(events)
    assert list(merged.loc[merged["event_id"] == TREATY, "title"]) == ["Vertrag (neu gelesen)"]


def test_events_table_is_chronological_and_flags_uncertain_dates() -> None:
    shown = data.events_table(events_frame())
    assert list(shown.columns) == TABLE_COLUMNS
    assert shown["Date as written"].iloc[0] == "im Jahr 1991"
    assert shown["Date as written"].iloc[-1] == "yesterday"  # undated last
    precision = dict(zip(shown["Date as written"], shown["Precision"], strict=True))
    assert precision["kürzlich"] == "approximate, vague"
    assert precision["2020"] == "year, inferred"
    assert precision["Ab dem 13. August 2020"] == "day, open end"
    assert "Belarus; Soviet Union" in set(shown["Actors"])
    ends = dict(zip(shown["Date as written"], shown["End"], strict=True))
    assert ends["Im August 2020"] == "2020-08-31"
    assert ends["Ab dem 13. August 2020"] == "open"
    assert ends["yesterday"] == ""


def test_a_workspace_survives_a_new_session_and_its_link_opens_it(events_file: Path) -> None:
    app = run_app()
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    name = app.session_state["workspace"]
    events = set(shown(app)["event_id"])
    again = run_app({"ws": name})  # a reload, or the link in another browser
    assert again.session_state["workspace"] == name and set(shown(again)["event_id"]) == events
    fresh = run_app()  # no link: the starting data, and the workspace in the chooser
    from events.workspace import open_workspace

    label = f"{open_workspace(name).name} (1 article)"
    assert not fresh.session_state["workspace"] and label in fresh.selectbox(key="workspace_chooser").options
    assert "There is no workspace" in messages(run_app({"ws": "nowhere"}).sidebar.error)


def test_a_workspace_s_articles_can_be_removed_and_given_a_date(events_file: Path) -> None:
    from events.workspace import open_workspace

    app = run_app()
    upload(app, [("moskau.txt", ARTICLE, "text/plain")])
    workspace = open_workspace(app.session_state["workspace"])
    workspace.reread_document("moskau", dct=date(2023, 3, 10))
    assert workspace.document("moskau").dct == date(2023, 3, 10)
    workspace.remove_documents(["moskau"])
    app.run()
    assert shown(app).empty and "No articles yet" in messages(app.main.caption)


# --- collections and actor files ------------------------------------------------------------------------------

COLLECTIONS = Path(__file__).parent / "data" / "collections"
EXAMPLE_ACTORS = Path(__file__).resolve().parent.parent / "examples" / "my-actors.toml"
VERDICT = (
    b'{"id": "urteil", "lang": "de", "date": "2021-09-06", "text": "Am Montag wurde Maria Kolesnikowa in Minsk zu '
    b'elf Jahren Haft verurteilt."}\n'
)


def upload_with_actors(app: AppTest, files: list[tuple[str, bytes, str]], actors: tuple[str, bytes, str]) -> AppTest:
    app.file_uploader(key="upload_actors").set_value(actors)
    return upload(app, files)


def test_an_uploaded_jsonl_collection_adds_its_good_records_and_names_the_bad_lines(events_file: Path) -> None:
    app = run_app()
    upload(app, [("wire-de.jsonl", (COLLECTIONS / "wire-de.jsonl").read_bytes(), "application/jsonl")])
    errors = messages(app.sidebar.error)
    assert "wire-de.jsonl, line 3: has no 'text' field" in errors
    assert "wire-de.jsonl, line 5: is not valid JSON" in errors
    assert "3 articles read into" in messages(app.sidebar.success)
    added = shown(app)
    assert {"dpa-0612-a", "dpa-0612-b"} <= set(added["doc_id"])


def test_the_german_dashboard_names_a_collections_bad_records_in_german(events_file: Path) -> None:
    app = run_app({"ui": "de"})
    upload(app, [("wire-de.jsonl", (COLLECTIONS / "wire-de.jsonl").read_bytes(), "application/jsonl")],
           submit="Artikel lesen")
    errors = messages(app.sidebar.error)
    assert "wire-de.jsonl, Zeile 3: hat kein Feld 'text'." in errors
    assert "wire-de.jsonl, Zeile 5: ist kein gültiges JSON (Expecting ',' delimiter)." in errors  # json's own words
    assert "wire-de.jsonl, Zeile 4: das Datum 2024-12-32 gibt es nicht." in errors
    upload(app, [("no-text-column.csv", (COLLECTIONS / "no-text-column.csv").read_bytes(), "text/csv")],
           submit="Artikel lesen")
    assert ("no-text-column.csv: hat keine Textspalte (eine Spalte namens text, content, body); die Spalten sind "
            "'headline', 'body_text', 'published'.") in messages(app.sidebar.error)


def test_a_csv_without_a_text_column_is_reported_and_nothing_is_lost(events_file: Path) -> None:
    app = run_app()
    before = shown(app).copy()
    upload(app, [("no-text-column.csv", (COLLECTIONS / "no-text-column.csv").read_bytes(), "text/csv")])
    assert "its columns are 'headline', 'body_text', 'published'" in messages(app.sidebar.error)
    pd.testing.assert_frame_equal(shown(app), before)


def test_an_uploaded_actors_file_registers_its_actors(events_file: Path) -> None:
    app = run_app()
    upload(app, [("urteil.jsonl", VERDICT, "application/jsonl")])
    events = shown(app)
    verdict = events[events["doc_id"] == "urteil"]
    assert not any("Maria Kalesnikava" in actors for actors in verdict["actors"])
    assert any("Maria Kolesnikowa" in people for people in verdict["unregistered_actors"])
    assert "Maria Kolesnikowa" in " ".join(table(app)["Unregistered people"])

    upload_with_actors(app, [("urteil.jsonl", VERDICT, "application/jsonl")],
                       ("my-actors.toml", EXAMPLE_ACTORS.read_bytes(), "application/toml"))
    events = shown(app)
    verdict = events[events["doc_id"] == "urteil"]
    assert any("Maria Kalesnikava" in actors for actors in verdict["actors"])
    assert "Actors from my-actors.toml" in messages(app.sidebar.info)
    assert "Maria Kalesnikava" in app.multiselect(key="actors").options


def test_a_bad_actors_file_is_reported_and_the_articles_are_still_read(events_file: Path) -> None:
    app = run_app()
    bad = ("mine.toml", b'[[actor]]\nname = "X"\nkind = "planet"\n', "application/toml")
    upload_with_actors(app, [("moskau.txt", ARTICLE, "text/plain")], bad)
    errors = messages(app.sidebar.error)
    assert "mine.toml: actor 'X': kind must be one of" in errors
    assert "Articles are read with the built-in actors." in errors
    assert "1 article read into" in messages(app.sidebar.success)


def test_an_uploaded_report_of_a_known_happening_joins_it_and_a_reupload_doubles_nothing() -> None:
    sample = data.load_sample_events()
    report = Path(__file__).parent / "data" / "treaty" / "treaty-en-2024-12-07.md"
    upload = data.events_from_uploads([(report.name, report.read_bytes())], lang=None, dct=None)
    combined = data.add_events(sample, upload.events)
    treaties = combined[combined["event_type"] == "treaty"]
    signing = treaties[treaties["source_count"] > 1]
    assert len(signing) == 1
    assert {source["doc_id"] for source in signing.iloc[0]["sources"]} >= {"belarus-treaty-de", report.stem}
    assert signing.iloc[0]["start"] == pd.Timestamp("2024-12-06")
    again = data.add_events(combined, upload.events)
    assert len(again) == len(combined)
    assert again["source_count"].sum() == combined["source_count"].sum()


def test_the_editor_s_title_and_subtitle_go_onto_the_chart(events_file: Path) -> None:
    app = run_app()
    assert chart_spec(app)["layout"]["title"]["text"] == "Chronik — events by actor"
    app.text_input(key="chart_title").set_value("Belarus: <b>protest</b> & treaty").run()
    app.text_input(key="chart_subtitle").set_value("From the 2020 election to the 2024 pact").run()
    layout = chart_spec(app)["layout"]
    assert layout["title"]["text"] == "Belarus: &lt;b&gt;protest&lt;/b&gt; &amp; treaty"  # escaped, not markup
    assert layout["title"]["subtitle"]["text"] == "From the 2020 election to the 2024 pact"
