"""The dashboard in English and German: the locale files, the translator, the switch and the German page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from apptest_helpers import chart_spec, run_app, serve_events
from dashboard_fixtures import events_frame
from streamlit.testing.v1 import AppTest

from dashboard import data, i18n
from dashboard.correction_form import SELECTED
from dashboard.counts import counts_figure, period_label, period_starts
from dashboard.figures import timeline_figure
from dashboard.state import language_from_query, language_to_query
from dashboard.views import cooccurrence_figure, counts_over_time_figure
from events.eventtypes import event_type_label, event_types

LOCALE_FILES = sorted(i18n.LOCALES_DIR.glob("*.toml"))
ENGLISH = i18n.read_locale(i18n.LOCALES_DIR / "en.toml").messages
GERMAN = i18n.read_locale(i18n.LOCALES_DIR / "de.toml").messages
# Words German shares with English: names of formats, months spelt alike and a "{month} {year}" pattern.
SAME_IN_GERMAN = {"export.timelinejs", "export.icalendar", "months.m4", "months.m8", "months.m9", "months.m11",
                  "period.month_label",
                  # placeholders only: a name with its count, and messages worded elsewhere
                  "workspace.option", "workspace.refused", "workspace.verbatim", "detail.merged_because"}


# --- the locale files -----------------------------------------------------------------------------------------


def test_there_are_english_and_german_files_and_each_names_its_language() -> None:
    languages = i18n.available_languages()
    assert next(iter(languages)) == "en"  # first on the switch
    assert {"en": "English", "de": "Deutsch"}.items() <= languages.items()


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda path: path.name)
def test_every_locale_has_exactly_the_english_keys(path: Path) -> None:
    messages = i18n.read_locale(path).messages
    assert sorted(set(ENGLISH) - set(messages)) == [], "missing"
    assert sorted(set(messages) - set(ENGLISH)) == [], "not in en.toml"


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda path: path.name)
def test_every_message_takes_the_same_parameters_and_plural_forms_as_in_english(path: Path) -> None:
    messages = i18n.read_locale(path).messages
    for key, english in ENGLISH.items():
        assert i18n.placeholders(messages[key]) == i18n.placeholders(english), key
        assert isinstance(messages[key], str) == isinstance(english, str), f"{key}: plural in one file only"


def test_german_says_everything_in_german_except_the_few_words_both_languages_share() -> None:
    same = {key for key, english in ENGLISH.items() if GERMAN[key] == english}
    assert same == SAME_IN_GERMAN


def test_every_message_key_the_code_names_is_in_the_english_file() -> None:
    """Literal keys in the dashboard's code (t("sidebar.actors")) must exist; a typo would fail at runtime."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in Path(i18n.__file__).parent.glob("*.py"))
    named = set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']""", sources))
    assert len(named) > 40
    assert sorted(named - set(ENGLISH)) == []


# --- the translator --------------------------------------------------------------------------------------------


def test_plural_messages_follow_the_count_in_both_languages() -> None:
    english, german = i18n.translator("en"), i18n.translator("de")
    assert [english("chart.events", count=n) for n in (0, 1, 2)] == ["0 events", "1 event", "2 events"]
    assert [german("chart.events", count=n) for n in (0, 1, 2)] == ["0 Ereignisse", "1 Ereignis", "2 Ereignisse"]


def test_numbers_get_each_languages_thousands_separator_but_text_parameters_stay_as_given() -> None:
    assert i18n.translator("en")("chart.events", count=12345) == "12,345 events"
    assert i18n.translator("de")("chart.events", count=12345) == "12.345 Ereignisse"
    assert i18n.translator("de")("period.decades_label", year="1990") == "1990er"


def test_an_unknown_key_fails_loudly_and_an_unknown_language_is_refused() -> None:
    with pytest.raises(KeyError):
        i18n.translator("de")("sidebar.no_such_message")
    with pytest.raises(i18n.LocaleError):
        i18n.translator("fr")


def test_a_message_missing_from_a_new_language_falls_back_to_english(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en.toml").write_text((i18n.LOCALES_DIR / "en.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "fr.toml").write_text('[meta]\nname = "Français"\n[sidebar]\nfilters = "Filtres"\n',
                                      encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.translator.cache_clear()
    i18n.available_languages.cache_clear()
    try:
        assert i18n.available_languages() == {"en": "English", "fr": "Français"}
        french = i18n.translator("fr")
        assert french("sidebar.filters") == "Filtres"
        assert french("sidebar.actors") == "Actors"
    finally:
        i18n.translator.cache_clear()
        i18n.available_languages.cache_clear()


def test_a_locale_file_with_a_bad_message_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text("[sidebar]\nfilters = 3\n", encoding="utf-8")
    with pytest.raises(i18n.LocaleError, match=r"sidebar\.filters"):
        i18n.read_locale(path)


@pytest.mark.parametrize(("locale", "language"), [
    ("de-DE", "de"), ("de-AT", "de"), ("de", "de"), ("DE_ch", "de"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"),
    ("", "en"),
])
def test_the_browser_locale_picks_german_only_for_german(locale: str | None, language: str) -> None:
    assert i18n.language_of_locale(locale) == language


def test_the_link_names_the_language_unless_nobody_chose_one() -> None:
    assert language_from_query({"ui": "de"}, ["en", "de"]) == "de"
    assert language_from_query({"ui": ["xx", " DE "]}, ["en", "de"]) == "de"
    assert language_from_query({"ui": "fr"}, ["en", "de"]) is None
    assert language_from_query({}, ["en", "de"]) is None
    assert language_to_query("de", "en", "en") == {"ui": "de"}
    assert language_to_query("en", "de", "en") == {"ui": "en"}  # chosen against a German browser: kept
    assert language_to_query("en", "en", "en") == {}


# --- the figure builders ---------------------------------------------------------------------------------------


def chart_texts(figure: Any) -> str:
    layout = figure.layout
    parts = [layout.title.text or "", layout.title.subtitle.text or "", *(trace.name or "" for trace in figure.data)]
    for trace in figure.data:
        parts.extend(trace.hovertext or [])
        if getattr(trace, "legendgrouptitle", None) and trace.legendgrouptitle.text:
            parts.append(trace.legendgrouptitle.text)
    for axis in (layout.xaxis, layout.yaxis):
        if axis.title and axis.title.text:
            parts.append(axis.title.text)
    for legend in figure.select_legends():  # legend, legend2, ...
        if legend.title and legend.title.text:
            parts.append(legend.title.text)
    return "\n".join(str(part) for part in parts)


def test_the_timeline_speaks_german_given_the_german_translator() -> None:
    german = timeline_figure(events_frame(), translator=i18n.translator("de"))
    english = timeline_figure(events_frame())
    assert german.layout.title.text == "Chronik — Ereignisse nach Akteur"
    names = {trace.name for trace in german.data if trace.showlegend}
    assert {"genaues Datum", "ungefähres Datum (Schätzung)", "erschlossenes Datum (aus dem Kontext)",
            "einzelner Tag"} <= names
    assert "Ereignistyp (Farbe)" in chart_texts(german) and "Datum (Markierung)" in chart_texts(german)
    assert "Ereignisse" in german.layout.title.subtitle.text and "Dokument" in german.layout.title.subtitle.text
    assert "(kein Akteur)" in german.layout.yaxis.ticktext
    assert "Typ: " in chart_texts(german) and "Type: " not in chart_texts(german)
    for english_text in ("exact date", "vague date (estimate)", "Event type (colour)", "(no actor)", "events"):
        assert english_text in chart_texts(english) or english_text in english.layout.yaxis.ticktext
        assert english_text not in chart_texts(german) and english_text not in german.layout.yaxis.ticktext
    # Actors are names and stay as they are; event types are named in the reader's language (the engine's labels).
    assert "Belarus" in german.layout.yaxis.ticktext
    english_types = {trace.name for trace in english.data if trace.legend != "legend2" and trace.showlegend}
    german_types = {trace.name for trace in german.data if trace.legend != "legend2" and trace.showlegend}
    assert {"Election", "Treaty/agreement", "Arrests"} <= english_types
    assert {"Wahl", "Vertrag/Abkommen", "Festnahmen"} <= german_types
    assert not (english_types | german_types) & set(event_types())  # no type by its bare id
    assert "1991-12-31 (Jahr)" in chart_texts(german) and "1991-12-31 (year)" in chart_texts(english)  # precision


def test_the_other_views_and_the_heat_strip_speak_german_too() -> None:
    german = i18n.translator("de")
    counts = counts_over_time_figure(events_frame(), translator=german)
    assert counts.layout.title.text == "Ereignisse je Zeitraum, nach Ereignistyp"
    assert counts.layout.yaxis.title.text.startswith("Ereignisse pro ")
    assert counts.layout.legend.title.text == "Ereignistyp"
    cooccurrence = cooccurrence_figure(events_frame(), translator=german)
    assert cooccurrence.layout.title.text.startswith("Gemeinsame Akteure")
    assert "Diagonale" in cooccurrence.layout.title.subtitle.text
    heat = counts_figure(events_frame(), lanes="actor", title="T", max_lanes=40, detail_limit=1500,
                         translator=german)
    assert "gezählt" in heat.layout.title.subtitle.text and "1.500" in heat.layout.title.subtitle.text
    assert heat.data[0].colorbar.title.text.startswith("Ereignisse pro ")
    empty = timeline_figure(events_frame().iloc[0:0], translator=german)
    assert empty.layout.annotations[0].text == "Keine Ereignisse zu zeigen."


def test_periods_are_named_in_the_readers_language() -> None:
    from dashboard.counts import PERIODS

    by_name = {period.name: period for period in PERIODS}
    day = period_starts(pd.to_datetime(["2024-03-15"]).to_numpy(), by_name["month"])[0]
    assert period_label(day, by_name["month"]) == "March 2024"
    assert period_label(day, by_name["month"], i18n.translator("de")) == "März 2024"
    quarter = period_starts(pd.to_datetime(["2024-05-15"]).to_numpy(), by_name["quarter"])[0]
    assert period_label(quarter, by_name["quarter"], i18n.translator("de")) == "2. Quartal 2024"


def test_the_table_names_its_columns_and_notes_in_german_when_asked() -> None:
    german = i18n.translator("de")
    table = data.events_table(events_frame(), headers={column: german(f"table.{column}") for column in
                                                       data.TABLE_COLUMNS},
                              flags={flag: german(f"table.flag_{flag}") for flag in data.TABLE_FLAGS})
    assert list(table.columns)[:4] == ["Datum im Text", "Beginn", "Ende", "Genauigkeit"]
    assert not table["Genauigkeit"].str.contains("vague|inferred").any()
    assert list(data.events_table(events_frame()).columns)[:2] == ["Date as written", "Start"]


def test_the_table_names_precisions_and_event_types_in_the_readers_language() -> None:
    events = events_frame()
    german = data.events_table(events, labels=i18n.translator("de").label)
    english = data.events_table(events, labels=i18n.translator("en").label)
    raw = data.events_table(events)
    assert "Jahr" in set(german["Precision"]) and "year" in set(english["Precision"])
    assert not german["Precision"].str.contains(r"\b(?:year|month|day)\b").any()
    assert "Jahr, vague" in set(german["Precision"])  # the label, then the notes on the date (English flags here)
    for language, table in (("de", german), ("en", english)):
        assert list(table["Type"]) == [event_type_label(value, language) for value in raw["Type"]]
    assert "Vertrag/Abkommen" in set(german["Type"]) and "Treaty/agreement" in set(english["Type"])
    assert set(raw["Type"]) <= set(event_types())  # without labels: the data's own values


def test_every_event_type_has_a_label_in_every_interface_language() -> None:
    for language in i18n.available_languages():
        t = i18n.translator(language)
        unlabelled = [value for value in event_types() if t.label(i18n.EVENT_TYPE, value) == value]
        assert unlabelled == [], f"{language}: no label for {unlabelled}"
    assert i18n.translator("de").label(i18n.EVENT_TYPE, "no-such-type") == "no-such-type"  # unknown: as it is


def test_lanes_of_event_types_and_the_counts_legend_name_types_in_the_readers_language() -> None:
    german = i18n.translator("de")
    timeline = timeline_figure(events_frame(), lanes="event_type", translator=german)
    assert "Vertrag/Abkommen" in timeline.layout.yaxis.ticktext and "treaty" not in timeline.layout.yaxis.ticktext
    heat = counts_figure(events_frame(), lanes="event_type", title="T", max_lanes=40, detail_limit=1,
                         translator=german)
    assert "Vertrag/Abkommen" in heat.layout.yaxis.ticktext
    assert any("<b>Wahl</b>" in text for row in heat.data[0].text for text in row)  # the hover names the lane
    heat_by_actor = counts_figure(events_frame(), lanes="actor", title="T", max_lanes=40, detail_limit=1,
                                  translator=german)
    assert "Belarus" in heat_by_actor.layout.yaxis.ticktext
    counts = counts_over_time_figure(events_frame(), translator=german)
    assert "Vertrag/Abkommen" in {trace.name for trace in counts.data}
    by_precision = counts_over_time_figure(events_frame(), by="precision", translator=german)
    assert {"Jahr", "Monat"} <= {trace.name for trace in by_precision.data}


# --- the page --------------------------------------------------------------------------------------------------


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(events_frame(), tmp_path, monkeypatch, "belarus-events.json")


def shown_strings(app: AppTest) -> set[str]:
    """Every text the page's widgets and messages show: labels, help, placeholders, options, Markdown."""
    found: set[str] = set()

    def collect(message: Any) -> None:
        for descriptor, value in message.ListFields():
            if descriptor.name in {"spec", "data", "arrow_data", "id", "form_id", "default"}:
                continue
            values = list(value) if isinstance(value, Sequence) and not isinstance(value, str) else [value]
            for item in values:
                if isinstance(item, str):
                    found.add(re.sub(r"\\(.)", r"\1", item).lstrip("# ").strip())
                elif hasattr(item, "ListFields"):
                    collect(item)

    def walk(node: Any) -> None:
        if getattr(node, "proto", None) is not None and hasattr(node.proto, "ListFields"):
            collect(node.proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


@pytest.mark.usefixtures("events_file")
def test_a_link_with_ui_de_opens_the_dashboard_in_german_and_its_filters_still_work() -> None:
    app = run_app({"ui": "de"})
    assert app.multiselect(key="actors").label == "Akteure"
    assert app.multiselect(key="event_types").placeholder == "Alle Ereignistypen"
    assert app.text_input(key="text").label == "Textsuche"
    assert [element.value for element in app.sidebar.markdown][:2] == ["## Chronik", "### Filter"]
    summary = "\n".join(str(element.value) for element in app.markdown)
    assert "**9** von 9 Ereignissen aus 2 Dokumenten · 1 ohne" in summary
    spec = chart_spec(app)
    assert spec["layout"]["title"]["text"] == "Chronik — Ereignisse nach Akteur"
    legend = {trace.get("name") for trace in spec["data"] if trace.get("showlegend")}
    assert {"genaues Datum", "einzelner Tag"} <= legend
    assert list(app.dataframe[0].value.columns)[:2] == ["Datum im Text", "Beginn"]

    app.multiselect(key="actors").set_value(["Belarus"]).run()
    assert not app.exception
    assert all("Belarus" in actors for actors in app.dataframe[0].value["Akteure"])
    assert app.query_params == {"actor": "Belarus", "ui": "de"}


@pytest.mark.usefixtures("events_file")
def test_the_switch_changes_the_language_keeps_the_filters_and_is_written_to_the_link() -> None:
    app = run_app({"type": "election"})
    assert app.session_state["ui_lang"] == "en"  # no browser locale in tests: English
    switch = app.button_group(key="ui_lang")
    assert [option.content for option in switch.proto.options] == ["English", "Deutsch"]
    switch.set_value("de").run()
    assert not app.exception
    assert app.query_params == {"type": "election", "ui": "de"}
    assert app.multiselect(key="event_types").label == "Ereignistypen"
    assert app.multiselect(key="event_types").value == ["election"]
    app.button_group(key="ui_lang").set_value("en").run()
    assert app.query_params == {"type": "election"}
    assert app.multiselect(key="event_types").label == "Event types"


@pytest.mark.usefixtures("events_file")
def test_no_english_label_or_message_is_left_on_the_german_page() -> None:
    app = run_app({"ui": "de"})
    shown = shown_strings(app)
    english_only = {text for key, text in ENGLISH.items()
                    if isinstance(text, str) and key not in SAME_IN_GERMAN and "{" not in text}
    english_only -= set(i18n.available_languages().values())  # the switch names each language in itself
    assert len(english_only) > 100
    assert sorted(shown & english_only) == []
    # The detail panel with its correction form (one event), and the list with a merge button (two).
    ids = list(app.session_state["table_event_ids"][:2])  # app.TABLE_EVENT_IDS (importing app would run it)
    for selected, expected in ((ids, "Diese 2 Ereignisse zusammenführen"), (ids[:1], "Korrekturen speichern")):
        app.session_state[SELECTED] = selected
        app.run()
        assert not app.exception
        shown = shown_strings(app)
        assert expected in shown
        assert sorted(shown & english_only) == []
    # ... and the check sees the English page's labels, so it could fail.
    assert len(shown_strings(run_app()) & english_only) > 20


@pytest.mark.usefixtures("events_file")
def test_the_german_page_names_precisions_and_types_in_german_but_filters_and_links_keep_the_values() -> None:
    app = run_app({"ui": "de", "type": "treaty"})
    table = app.dataframe[0].value
    assert list(table["Typ"]) == ["Vertrag/Abkommen"]
    types = app.multiselect(key="event_types")
    assert types.value == ["treaty"] and "Vertrag/Abkommen" in types.options and "treaty" not in types.options
    app.multiselect(key="event_types").set_value(["treaty", "election"]).run()
    assert app.query_params == {"type": ["treaty", "election"], "ui": "de"}
    assert set(app.dataframe[0].value["Typ"]) == {"Vertrag/Abkommen", "Wahl"}
    assert set(app.dataframe[0].value["Genauigkeit"]) == {"Monat", "circa, ungefähr"}
    precisions = app.multiselect(key="precisions")
    assert "Monat" in precisions.options and "month" not in precisions.options
    precisions.set_value(["month"]).run()
    assert app.query_params["precision"] == "month"
    assert list(app.dataframe[0].value["Genauigkeit"]) == ["Monat"]
    app.session_state[SELECTED] = list(app.session_state["table_event_ids"])
    app.run()
    assert not app.exception
    type_lines = [str(element.value) for element in app.markdown if "**Typ**" in str(element.value)]
    assert type_lines == ["**Typ** · Wahl · **Akteure** · Belarus"]  # the month's one event: the election


# --- actors' names ----------------------------------------------------------------------------------------------


def test_actors_are_named_in_the_readers_language_and_keep_their_canonical_keys() -> None:
    german, english = i18n.translator("de"), i18n.translator("en")
    assert german.label(i18n.ACTOR, "Russia") == "Russland" and english.label(i18n.ACTOR, "Russia") == "Russia"
    assert german.label(i18n.ACTOR, "Belarus") == "Belarus"  # the same name in German: no entry needed
    assert german.label(i18n.ACTOR, "Someone Uploaded") == "Someone Uploaded"  # an actor the files do not know
    timeline = timeline_figure(events_frame(), lanes="actor", translator=german)
    assert "Wladimir Putin" in timeline.layout.yaxis.ticktext and "Vladimir Putin" not in timeline.layout.yaxis.ticktext
    keys = {str(point[1]) for trace in timeline.data for point in (trace.customdata or []) if len(point) > 1}
    assert "Vladimir Putin" in keys and "Wladimir Putin" not in keys  # a click still names the canonical lane
    table = data.events_table(events_frame(), labels=german.label)
    assert "Wladimir Putin; Alexander Lukaschenko" in set(table["Actors"])
    assert "Vladimir Putin; Alexander Lukashenko" in set(data.events_table(events_frame())["Actors"])
    pairs = cooccurrence_figure(events_frame(), translator=german)
    assert "Wladimir Putin" in pairs.layout.yaxis.ticktext
    assert "Vladimir Putin" in {key for trace in pairs.data for point in trace.customdata for key in point}


@pytest.mark.usefixtures("events_file")
def test_the_german_page_names_actors_in_german_but_filters_and_links_keep_the_canonical_names() -> None:
    app = run_app({"ui": "de", "actor": "Russia"})
    actors = app.multiselect(key="actors")
    assert actors.value == ["Russia"] and "Russland" in actors.options and "Russia" not in actors.options
    assert list(app.dataframe[0].value["Akteure"]) == ["Belarus; Russland; Ukraine"]
    app.multiselect(key="actors").set_value(["Russia", "Vladimir Putin"]).run()
    assert app.query_params["actor"] == ["Russia", "Vladimir Putin"]
    app.session_state[SELECTED] = list(app.session_state["table_event_ids"])[-1:]  # the latest: the treaty
    app.run()
    assert not app.exception
    type_lines = [str(element.value) for element in app.markdown if "**Typ**" in str(element.value)]
    assert type_lines == ["**Typ** · Vertrag\\/Abkommen · **Akteure** · Wladimir Putin\\, Alexander Lukaschenko"]
