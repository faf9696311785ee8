"""Chronik dashboard: `streamlit run dashboard/app.py`.

Opens on the bundled sample article, or on the events file named by $CHRONIK_EVENTS. This file only wires
Streamlit widgets to the pure builders in dashboard/; the filter state lives in the URL, so a view can be
shared as a link.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root, so a checkout that was
# not pip-installed could not import its own packages.
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if _PROJECT_ROOT not in sys.path:
    sys.path.insert(0, _PROJECT_ROOT)

import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import correction_form, data, daterange, export, selection  # noqa: E402
from dashboard.correction_form import SELECTED, SHOWN  # noqa: E402
from dashboard.figures import DateWindow, event_type_colours, timeline_figure  # noqa: E402
from dashboard.filters import (  # noqa: E402
    ACTOR_MATCHES,
    LANES,
    VIEWS,
    FilterIndex,
    FilterState,
    actor_options,
    document_options,
    event_type_options,
    filter_events,
    filter_index,
    precision_options,
    restrict_to_options,
)
from dashboard.state import QUERY_KEYS, state_from_query, state_to_query  # noqa: E402
from dashboard.views import cooccurrence_figure, counts_over_time_figure  # noqa: E402
from events.corrections import CorrectionStore, CorrectionStoreError, apply_corrections  # noqa: E402
from events.corrections import default_path as default_corrections_path  # noqa: E402
from events.exports import FILE_SUFFIXES, export_events, source_note  # noqa: E402
from events.schema import empty_events  # noqa: E402

# Widget keys; "actors" is also what tests and the browser address.
ACTORS = "actors"
ACTOR_MATCH = "actor_match"
EVENT_TYPES = "event_types"
DATE_FROM = "date_from"
DATE_TO = "date_to"
DATE_RANGE = "date_range"  # the slider; a view of DATE_FROM and DATE_TO, which hold the filter's state
DATE_RANGE_SHOWN = "date_range_shown"  # the handles as last drawn, to tell which one the user moved
DATE_SLIDER = "date_slider"  # the slider's ends and step as last drawn (daterange.SliderSpan)
TEXT = "text"
LANES_KEY = "lanes"
PRECISIONS = "precisions"
DOCUMENTS = "documents"
SHOW_HIDDEN = "show_hidden"
VIEW = "view"
TIMELINE = "timeline"
COUNTS_CHART = "counts_chart"
COOCCURRENCE_CHART = "cooccurrence_chart"
CHART_KEYS = {"timeline": TIMELINE, "counts": COUNTS_CHART, "cooccurrence": COOCCURRENCE_CHART}
TABLE = "events_table"
TABLE_EVENT_IDS = "table_event_ids"  # the event ids of the table's rows, in order, for its selection callback
UPLOADS = "uploads"
UPLOAD_LANG = "upload_lang"
UPLOAD_DATE = "upload_date"
UPLOAD_ACTORS = "upload_actors"
# The user's actor file once read: (file name, content), used for every upload of the session.
USER_ACTORS = "user_actors"
ARTICLE_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv"]

# The date inputs need bounds; these cover any history a news article refers to.
EARLIEST_DATE = date(1, 1, 1)
LATEST_DATE = date(2999, 12, 31)
LANGUAGES = {"auto": "Detect", "de": "German", "en": "English"}
LANE_LABELS = {"actor": "Actor", "event_type": "Event type", "single": "One lane"}
VIEW_LABELS = {"timeline": "Timeline", "counts": "Counts over time", "cooccurrence": "Actor co-occurrence"}
VIEW_HINTS = {
    "timeline": "Click an event, or drag a box around several, to see their sources below; double-click to clear. "
    "Zoom with the mouse wheel or the toolbar. Hover an event for its sentence.",
    "counts": "Click a bar segment, or drag a box over several, to select the events it counts; double-click to "
    "clear.",
    "cooccurrence": "Click a cell, or drag a box over several, to select the events those actors share; the "
    "diagonal holds each actor's events. Double-click to clear.",
}
MATCH_LABELS = {"any": "any of them", "all": "all of them"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Escape text for st.markdown/st.error, so names and messages from files stay literal text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


@st.cache_data(show_spinner="Reading the sample article…")
def cached_sample_events() -> pd.DataFrame:
    return data.load_sample_events()


@st.cache_data(show_spinner="Reading the events file…", max_entries=8)
def cached_events_file(path: str, version: float) -> pd.DataFrame:  # `version` only keys the cache
    return data.load_events_file(path)


def read_sample_safely() -> pd.DataFrame:
    try:
        return cached_sample_events()
    except Exception as error:  # a bug in extraction must leave a working (if empty) dashboard
        st.session_state.load_error = f"The sample article could not be read: {error}"
        return empty_events()


def load_starting_data() -> None:
    start = data.starting_data(
        os.environ,
        read_file=lambda path: cached_events_file(path, data.file_version(path)),
        read_sample=read_sample_safely,
    )
    st.session_state.events = start.events
    st.session_state.source = start.source
    st.session_state.setdefault("load_error", None)
    if start.error:
        st.session_state.load_error = start.error
    st.session_state.upload_messages = []


def seed_widgets_from_url(actors: list[str], event_types: list[str], precisions: list[str],
                          documents: list[str]) -> None:
    """On a session's first run, set the filter widgets from the link the user opened."""
    query = {key: st.query_params.get_all(key) for key in QUERY_KEYS if key in st.query_params}
    shared = restrict_to_options(state_from_query(query), actors, event_types, precisions, documents)
    set_widgets(shared)


def set_widgets(state: FilterState) -> None:
    st.session_state[ACTORS] = list(state.actors)
    st.session_state[ACTOR_MATCH] = state.actor_match
    st.session_state[EVENT_TYPES] = list(state.event_types)
    st.session_state[DATE_FROM] = state.date_from
    st.session_state[DATE_TO] = state.date_to
    st.session_state[TEXT] = state.text
    st.session_state[LANES_KEY] = state.lanes
    st.session_state[PRECISIONS] = list(state.precisions)
    st.session_state[DOCUMENTS] = list(state.documents)
    st.session_state[SHOW_HIDDEN] = state.show_hidden
    st.session_state[VIEW] = state.view


def reset_filters() -> None:
    set_widgets(FilterState(lanes=st.session_state.get(LANES_KEY, FilterState.lanes),
                            show_hidden=st.session_state.get(SHOW_HIDDEN, False),
                            view=st.session_state.get(VIEW) or FilterState.view))


def drop_unknown_choices(actors: list[str], event_types: list[str], precisions: list[str],
                         documents: list[str]) -> None:
    """Keep selections valid when the data changed under them (a reset after uploads removes actors)."""
    for key, known in ((ACTORS, actors), (EVENT_TYPES, event_types), (PRECISIONS, precisions),
                       (DOCUMENTS, documents)):
        options = set(known)
        st.session_state[key] = [value for value in st.session_state.get(key, []) if value in options]


def state_from_widgets() -> FilterState:
    date_from, date_to = st.session_state.get(DATE_FROM), st.session_state.get(DATE_TO)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return FilterState(
        actors=tuple(st.session_state.get(ACTORS, [])),
        actor_match=st.session_state.get(ACTOR_MATCH) or FilterState.actor_match,
        event_types=tuple(st.session_state.get(EVENT_TYPES, [])),
        date_from=date_from,
        date_to=date_to,
        text=st.session_state.get(TEXT) or "",
        lanes=st.session_state.get(LANES_KEY) or FilterState.lanes,
        precisions=tuple(st.session_state.get(PRECISIONS, [])),
        documents=tuple(st.session_state.get(DOCUMENTS, [])),
        show_hidden=bool(st.session_state.get(SHOW_HIDDEN, False)),
        view=st.session_state.get(VIEW) or FilterState.view,
    )


def write_url(state: FilterState) -> None:
    wanted = state_to_query(state)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    normalised = {key: value if isinstance(value, list) else [value] for key, value in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def read_uploaded_actors() -> list[tuple[str, str]]:
    """Remember an uploaded actor file for this and later uploads; a bad one is reported and the previous
    (or the built-in) actors stay in use, so nothing already read is lost."""
    upload = st.session_state.get(UPLOAD_ACTORS)
    if upload is None:
        return []
    actors, error = data.read_actors_upload(upload.name, upload.getvalue())
    if error is not None:
        kept = st.session_state.get(USER_ACTORS)
        fallback = f"the actors from {kept[0]}" if kept else "the built-in actors"
        return [("error", f"{error}. Articles are read with {fallback}.")]
    st.session_state[USER_ACTORS] = (upload.name, actors)
    return [("info", f"Actors from {upload.name} are used for the articles you add.")]


def add_uploaded_articles() -> None:
    """Form callback: read the uploaded articles and add their events (runs before the script reruns)."""
    files = st.session_state.get(UPLOADS) or []
    actor_messages = read_uploaded_actors()
    if not files:
        st.session_state.upload_messages = actor_messages or [
            ("warning", "Choose one or more article files first.")
        ]
        return
    lang = st.session_state.get(UPLOAD_LANG, "auto")
    user_actors = st.session_state.get(USER_ACTORS)
    # A collection may hold hundreds of articles: a bar shows how far reading has got, and goes once done.
    bar = st.sidebar.progress(0.0, text="Reading articles…")

    def show_progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Reading articles… {done:,} of {total:,}")

    result = data.events_from_uploads(
        [(file.name, file.getvalue()) for file in files],
        lang=None if lang == "auto" else lang,
        dct=st.session_state.get(UPLOAD_DATE),
        actors=user_actors[1] if user_actors else None,
        progress=show_progress,
    )
    bar.empty()
    messages: list[tuple[str, str]] = [("error", message) for message in result.errors] + actor_messages
    if result.documents:
        before = len(st.session_state.events)
        st.session_state.events = data.add_events(st.session_state.events, result.events)
        added = len(st.session_state.events) - before
        articles = f"{result.documents} article{'s' if result.documents != 1 else ''}"
        found = f"{len(result.events)} event{'s' if len(result.events) != 1 else ''}"
        messages.insert(0, ("success", f"Read {articles}: {found} ({added} new)."))
        st.session_state.source_changed = True
    st.session_state.upload_messages = messages


def restore_starting_data() -> None:
    load_starting_data()
    st.session_state.source_changed = False


def dates_from_slider() -> None:
    """Slider callback: the moved handle sets its exact date (runs before the rerun, so the date inputs follow)."""
    slider: daterange.SliderSpan = st.session_state[DATE_SLIDER]
    low, high = st.session_state[DATE_RANGE]
    st.session_state[DATE_FROM], st.session_state[DATE_TO] = daterange.dates_from_handles(
        slider, (low, high), st.session_state[DATE_RANGE_SHOWN], st.session_state.get(DATE_FROM),
        st.session_state.get(DATE_TO),
    )


def date_range_slider(span: tuple[date, date] | None) -> None:
    """A slider over the data's span for a quick drag, kept in step with the exact From/To dates."""
    slider = daterange.slider_span(span)
    if slider is None:
        return
    shown = daterange.handles(slider, st.session_state.get(DATE_FROM), st.session_state.get(DATE_TO))
    st.session_state[DATE_SLIDER] = slider
    st.session_state[DATE_RANGE_SHOWN] = shown
    # Set before the slider is drawn in this run, which Streamlit allows; the exact dates lead.
    st.session_state[DATE_RANGE] = shown
    st.sidebar.slider("Date range", min_value=slider.first, max_value=slider.last, step=slider.step,
                      key=DATE_RANGE, format="YYYY-MM-DD", on_change=dates_from_slider)


def sidebar_filters(actors: list[str], event_types: list[str], precisions: list[str], documents: list[str],
                    span: tuple[date, date] | None = None) -> None:
    sidebar = st.sidebar
    sidebar.markdown("### Filters")
    sidebar.multiselect(
        "Actors", actors, key=ACTORS, placeholder="All actors",
        help="Canonical actor names, most frequent first.",
    )
    sidebar.segmented_control(
        "Show events involving", ACTOR_MATCHES, key=ACTOR_MATCH, required=True,
        format_func=MATCH_LABELS.__getitem__, help="Any: at least one chosen actor. All: every chosen actor.",
    )
    sidebar.multiselect("Event types", event_types, key=EVENT_TYPES, placeholder="All event types")
    date_range_slider(span)
    left, right = sidebar.columns(2)
    bounds = {"min_value": EARLIEST_DATE, "max_value": LATEST_DATE, "format": "YYYY-MM-DD"}
    left.date_input("From", key=DATE_FROM, **bounds)
    right.date_input("To", key=DATE_TO, **bounds)
    sidebar.text_input("Search text", key=TEXT, placeholder="in titles, sentences, dates")
    sidebar.multiselect("Date precision", precisions, key=PRECISIONS, placeholder="Any precision",
                        help="How exactly the date is known: day, month, year …")
    sidebar.multiselect("Source documents", documents, key=DOCUMENTS, placeholder="All documents",
                        help="Events read from any of these articles")
    sidebar.toggle("Show hidden events", key=SHOW_HIDDEN, help="Events marked as false in the corrections")
    sidebar.button("Reset filters", on_click=reset_filters, icon=":material/filter_alt_off:", key="reset_filters")


def sidebar_uploads() -> None:
    sidebar = st.sidebar
    sidebar.divider()
    sidebar.markdown("### Add articles")
    with sidebar.form("upload_form", clear_on_submit=True, border=False):
        st.file_uploader(
            "Article files", type=ARTICLE_TYPES, accept_multiple_files=True, key=UPLOADS,
            help="Plain text, Markdown or HTML news articles, or collections of them: .jsonl, .json or .csv "
            "with a 'text' field and optional id, title, date, lang and url.",
        )
        st.selectbox("Language", list(LANGUAGES), key=UPLOAD_LANG, format_func=LANGUAGES.__getitem__)
        st.date_input(
            "Publication date", value=None, key=UPLOAD_DATE, min_value=EARLIEST_DATE, max_value=LATEST_DATE,
            format="YYYY-MM-DD", help="Relative dates such as 'gestern' are read from this day. Leave empty "
            "to use the date in the file, if it has one. In collections a record's own date wins.",
        )
        st.file_uploader(
            "Actors file (optional)", type=["toml"], key=UPLOAD_ACTORS,
            help="Your own actors and their names per language, as for `chronik extract --actors`; see "
            "examples/my-actors.toml. Used for these and later uploads.",
        )
        st.form_submit_button("Read articles", on_click=add_uploaded_articles, type="primary")
    for kind, message in st.session_state.get("upload_messages", []):
        getattr(sidebar, kind)(md(message))
    if st.session_state.get(USER_ACTORS):
        sidebar.caption(f"Your actors: {md(st.session_state[USER_ACTORS][0])}")
    if st.session_state.get("source_changed"):
        sidebar.button("Remove added articles", on_click=restore_starting_data)


# Data downloads: (label, export format); CSV is quoted against spreadsheet formulas (events.exports).
DATA_DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("Events CSV", "csv"), ("Events Excel", "xlsx"), ("Events JSON", "json"), ("Events Parquet", "parquet"),
    ("TimelineJS", "timelinejs"), ("iCalendar", "ics"),
)


def export_buttons(figure: go.Figure, filtered: pd.DataFrame, filename: str) -> None:
    # Callables: the files are made only when a button is clicked, so reruns stay fast. The note names the
    # export's day, so it is made at the click too.
    def handed_out(full_extent: bool = True) -> go.Figure:
        return export.figure_for_export(figure, source_note(filtered), full_extent=full_extent)

    columns = st.columns([1, 1, 1, 1.4])
    if export.find_browser() is None:
        columns[0].info(export.INSTALL_HINT, icon=":material/image_not_supported:")
    else:
        for column, fmt in zip(columns[:3], export.IMAGE_FORMATS, strict=True):
            column.download_button(
                fmt.upper(), data=lambda fmt=fmt: export.figure_to_image(handed_out(), fmt),
                file_name=f"{filename}.{fmt}", mime=export.MIME_TYPES[fmt], on_click="ignore",
                icon=":material/image:", width="stretch", key=f"download_{fmt}",
            )
    columns[3].download_button(
        "Interactive HTML", data=lambda: export.figure_to_html(handed_out(full_extent=False), filename=filename),
        file_name=f"{filename}.html", mime=export.MIME_TYPES["html"], on_click="ignore",
        icon=":material/code:", width="stretch", key="download_html",
    )
    for column, (label, fmt) in zip(st.columns(len(DATA_DOWNLOADS)), DATA_DOWNLOADS, strict=True):
        column.download_button(
            label, data=lambda fmt=fmt: export_events(filtered, fmt).data,
            file_name=f"chronik-events{FILE_SUFFIXES[fmt]}", mime=export.MIME_TYPES[fmt], on_click="ignore",
            icon=":material/table:", width="stretch", key=f"download_{fmt}",
        )


def select_from_chart(key: str = TIMELINE) -> None:
    st.session_state[SELECTED] = selection.chart_selection_ids(st.session_state.get(key))


def select_from_counts() -> None:
    select_from_chart(COUNTS_CHART)


def select_from_cooccurrence() -> None:
    select_from_chart(COOCCURRENCE_CHART)


CHART_CALLBACKS = {"timeline": select_from_chart, "counts": select_from_counts,
                   "cooccurrence": select_from_cooccurrence}


def view_figures(state: FilterState, filtered: pd.DataFrame, colours: dict[str, str], selected: list[str],
                 empty_message: str, window: DateWindow = (None, None)) -> tuple[go.Figure, go.Figure, str]:
    """The figure to export, the figure shown (the selected events stand out) and the export file name."""
    if state.view == "counts":
        def build(chosen: list[str]) -> go.Figure:
            return counts_over_time_figure(filtered, colours=colours, selected=chosen, empty_message=empty_message,
                                           window=window)
        filename = export.export_filename("chronik", "events-per-period")
    elif state.view == "cooccurrence":
        def build(chosen: list[str]) -> go.Figure:
            return cooccurrence_figure(filtered, selected=chosen, empty_message=empty_message)
        filename = export.export_filename("chronik", "actor-co-occurrence")
    else:
        def build(chosen: list[str]) -> go.Figure:
            return timeline_figure(filtered, lanes=state.lanes, colours=colours, selected=chosen,
                                   empty_message=empty_message, window=window)
        filename = export.export_filename("chronik", "events-by", state.lanes.replace("_", "-"))
    figure = build([])
    return figure, build(selected) if selected else figure, filename


def select_from_table() -> None:
    st.session_state[SELECTED] = selection.table_selection_ids(st.session_state.get(TABLE),
                                                               st.session_state.get(TABLE_EVENT_IDS, []))


def show_selection_in_table(row_ids: list[str], selected: list[str]) -> None:
    """Tick the table rows of events selected in the chart (set before the table is drawn)."""
    wanted = selection.table_rows(selected, row_ids)
    current = (st.session_state.get(TABLE) or {}).get("selection", {}).get("rows", [])
    if list(current) != wanted:
        st.session_state[TABLE] = selection.table_selection_state(wanted)


def events_table(filtered: pd.DataFrame, selected: list[str]) -> None:
    shown = data.table_events(filtered, keep=selected)
    row_ids = data.table_event_ids(shown)
    st.session_state[TABLE_EVENT_IDS] = row_ids
    show_selection_in_table(row_ids, selected)
    if len(shown) < len(filtered):
        st.caption(f"Showing {len(shown):,} of {len(filtered):,} events, the earliest first: narrow the filters, "
                   "or download them all above.")
    st.dataframe(
        data.events_table(shown),
        hide_index=True,
        width="stretch",
        key=TABLE,
        on_select=select_from_table,
        selection_mode="multi-row",
        column_config={
            "Date as written": st.column_config.TextColumn(width=130),
            "Start": st.column_config.TextColumn(width=95),
            "End": st.column_config.TextColumn(width=95),
            "Precision": st.column_config.TextColumn(width=130),
            "Title": st.column_config.TextColumn(width=240),
            "Type": st.column_config.TextColumn(width=95),
            "Actors": st.column_config.TextColumn(width=200),
            "Unregistered people": st.column_config.TextColumn(
                width=180, help="People named in the sentence who are not in the actor registry"
            ),
            "Sentence": st.column_config.TextColumn(width=520),
            "Document": st.column_config.TextColumn(width=220),
            "Corrected": st.column_config.TextColumn(width=110, help="Changed or added by the analyst"),
        },
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_store(path: str, file_id: int) -> CorrectionStore:  # `file_id` only keys the cache
    return CorrectionStore(path)


def corrections_store() -> CorrectionStore:
    """The corrections file, opened (and migrated) once per file rather than on every rerun. Each call of the
    store opens its own connection, so sessions sharing it stay as safe as with a store each; a file deleted
    or replaced meanwhile is opened (created) afresh: the store itself holds no connection, only the path."""
    path = default_corrections_path()
    try:
        file_id = path.stat().st_ino
    except OSError:  # not there (yet): creating it is not cached, or a deleted file would stay unmigrated
        return CorrectionStore(path)
    return cached_store(str(path), file_id)


def corrected_events(events: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The events with the analyst's corrections (hidden ones kept, marked), and whether corrections can be
    saved. Applied again only when the data or the corrections file changed."""
    try:
        store = corrections_store()
        revision = store.revision()
    except CorrectionStoreError as error:
        st.session_state.load_error = f"Corrections cannot be used: {error}"
        return events, False
    cached = st.session_state.get("corrected_cache")
    if cached is not None and cached[0] is events and cached[1] == revision:
        return cached[2], True
    shown = events if revision == 0 else apply_corrections(events, store, keep_hidden=True)
    st.session_state.corrected_cache = (events, revision, shown)
    return shown, True


def cached_filter_index(events: pd.DataFrame) -> FilterIndex:
    """The search text and actor pairs of the shown events, worked out again only when they change (a load,
    an upload or a correction gives a new frame)."""
    cached = st.session_state.get("filter_index_cache")
    if cached is not None and cached[0] is events:
        return cached[1]
    index = filter_index(events)
    st.session_state.filter_index_cache = (events, index)
    return index


def summary_text(filtered: pd.DataFrame, events: pd.DataFrame) -> str:
    """One line above the chart: how much of the data is shown, and what is not on the chart."""
    documents = events["doc_id"].nunique()
    text = f"**{len(filtered)}** of {len(events)} events from {documents} document{'s' if documents != 1 else ''}"
    unplaced = int(filtered["start"].isna().sum())
    if unplaced:
        text += (
            f" · {unplaced} without a date that could be placed on the timeline "
            f"{'is' if unplaced == 1 else 'are'} listed in the table only"
        )
    return text


def main() -> None:
    st.set_page_config(page_title="Chronik — timeline", page_icon=":material/timeline:", layout="wide")
    # Static CSS only (never article text): Streamlit's default top padding leaves a blank band above the chart.
    st.html("<style>[data-testid='stMainBlockContainer'] {padding-top: 2.5rem;}</style>")
    if "events" not in st.session_state:
        load_starting_data()
    events, writable = corrected_events(st.session_state.events)
    st.session_state[SHOWN] = events
    actors = actor_options(events)
    event_types = event_type_options(events)
    precisions = precision_options(events)
    documents = document_options(events)
    span = daterange.data_span(events)
    if "url_read" not in st.session_state:
        seed_widgets_from_url(actors, event_types, precisions, documents)
        st.session_state.url_read = True
    drop_unknown_choices(actors, event_types, precisions, documents)

    st.sidebar.markdown("## Chronik")
    st.sidebar.caption(f"Dated events from news articles. Showing {md(st.session_state.source)}.")
    sidebar_filters(actors, event_types, precisions, documents, span)
    sidebar_uploads()

    if st.session_state.get("load_error"):
        st.error(md(st.session_state.load_error), icon=":material/error:")

    summary, view_column, lanes_column = st.columns([1.5, 2.4, 1.6], vertical_alignment="bottom")
    view_column.segmented_control(
        "View", VIEWS, key=VIEW, required=True, format_func=VIEW_LABELS.__getitem__, width="stretch",
    )
    lanes_column.segmented_control(
        "Lanes", LANES, key=LANES_KEY, required=True, format_func=LANE_LABELS.__getitem__, width="stretch",
        disabled=st.session_state.get(VIEW, FilterState.view) != "timeline", help="Lanes of the timeline",
    )

    state = state_from_widgets()
    write_url(state)
    filtered = filter_events(events, state, cached_filter_index(events))
    selected = selection.still_shown(st.session_state.get(SELECTED, []), events["event_id"])
    st.session_state[SELECTED] = selected
    # Remembered for the session, so an upload that brings a new type does not repaint the known ones.
    colours = event_type_colours(event_types, keep=st.session_state.get("type_colours"))
    st.session_state.type_colours = colours
    figure, shown_figure, filename = view_figures(
        state, filtered, colours, selected,
        empty_message="No events match the filters." if len(events) else "No events loaded.",
        window=daterange.axis_window(span, state.date_from, state.date_to),
    )
    st.plotly_chart(shown_figure, theme=None, config=export.chart_config(filename), key=CHART_KEYS[state.view],
                    on_select=CHART_CALLBACKS[state.view], selection_mode=("points", "box"))

    summary.markdown(summary_text(filtered, events))
    st.caption(VIEW_HINTS[state.view])
    with st.container(border=True, key="detail_panel"):
        correction_form.render_panel(correction_form.selected_rows(), actors, writable=writable)
    export_buttons(figure, filtered, filename)
    events_table(filtered, selected)
    if writable:
        correction_form.render_add_form(actors)


main()
