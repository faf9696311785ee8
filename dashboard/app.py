"""Chronik dashboard: `streamlit run dashboard/app.py`.

Opens on the bundled sample article, or on the events file named by $CHRONIK_EVENTS. This file only wires
Streamlit widgets to the pure builders in dashboard/; the filter state lives in the URL, so a view can be
shared as a link.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root, so a checkout that was
# not pip-installed could not import its own packages.
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if _PROJECT_ROOT not in sys.path:
    sys.path.insert(0, _PROJECT_ROOT)

import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from dashboard import (  # noqa: E402
    correction_form,
    data,
    daterange,
    detail,
    downloads,
    export,
    geo,
    marks,
    safe,
    selection,
    titles,
    ui_language,
    workspace_panel,
)
from dashboard.correction_form import SELECTED, SHOWN  # noqa: E402
from dashboard.figures import DateWindow, timeline_figure  # noqa: E402
from dashboard.filters import (  # noqa: E402
    ACTOR_MATCHES,
    LANES,
    VIEWS,
    FilterIndex,
    FilterState,
    filter_events,
    filter_index,
    filter_options,
    restrict_to_options,
)
from dashboard.i18n import ACTOR, EVENT_TYPE, Translator  # noqa: E402
from dashboard.shared import FrameMemo  # noqa: E402
from dashboard.state import FIRST_DAY, LAST_DAY, QUERY_KEYS, state_from_query, state_to_query  # noqa: E402
from dashboard.views import cooccurrence_figure, counts_over_time_figure  # noqa: E402
from events.corrections import CorrectionStore, CorrectionStoreError, apply_corrections  # noqa: E402
from events.corrections import default_path as default_corrections_path  # noqa: E402
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
PLACES = "places"
SHOW_HIDDEN = "show_hidden"
VIEW = "view"
CHART_TITLE = "chart_title"  # the editor's title and subtitle for the chart and its exports ("" = the chart's own)
CHART_SUBTITLE = "chart_subtitle"
TIMELINE = "timeline"
COUNTS_CHART = "counts_chart"
COOCCURRENCE_CHART = "cooccurrence_chart"
MAP_CHART = "map_chart"
CHART_KEYS = {"timeline": TIMELINE, "counts": COUNTS_CHART, "cooccurrence": COOCCURRENCE_CHART, "map": MAP_CHART}
DRAWN_EVENTS = "drawn_events"  # the filtered events the chart on the page was drawn from, to find a mark's events
TABLE = "events_table"
TABLE_EVENT_IDS = "table_event_ids"  # the event ids of the table's rows, in order, for its selection callback

# The date inputs need bounds: the whole calendar, as events and links may reach either end of it.
EARLIEST_DATE = FIRST_DAY
LATEST_DATE = LAST_DAY
# The languages an article may be read in (upload form); labels in dashboard/locales/*.toml, upload.language.*.
ARTICLE_LANGUAGES = ("auto", "de", "en")

T = TypeVar("T")


def md(text: object) -> str:
    """Text for st.markdown/st.error (`safe.text`), so names and messages from files stay literal text."""
    return safe.text(text)


# Spinners are shown by the callers, in the reader's language (a cached function's spinner text is fixed).
@st.cache_data(show_spinner=False)
def cached_sample_events() -> pd.DataFrame:
    return data.load_sample_events()


# A resource, not data: every session gets the one frame rather than a copy of its own, which cost pickling it on
# the first load and unpickling it for every later session (1 s and 2.7 s at 100,000 events). Nothing changes it
# in place: uploads, corrections and filters each make a new frame (tests/test_app_scale.py checks).
@st.cache_resource(show_spinner=False, max_entries=8)
def cached_events_file(path: str, version: float) -> pd.DataFrame:  # `version` only keys the cache
    return data.load_events_file(path)


# Messages are kept as (kind, message key, parameters) and worded when drawn, so they follow the language switch.
# The key VERBATIM shows the parameter "text" as it is (reasons from the engine, which speaks English).
Message = tuple[str, str, dict[str, object]]
VERBATIM = ""


def worded(t: Translator, key: str, params: dict[str, object]) -> str:
    return str(params["text"]) if key == VERBATIM else t(key, **params)


def read_sample_safely() -> pd.DataFrame:
    try:
        with st.spinner(ui_language.current()("loading.sample")):
            return cached_sample_events()
    except Exception as error:  # a bug in extraction must leave a working (if empty) dashboard
        st.session_state.load_error = ("messages.sample_unreadable", {"error": str(error)})
        return empty_events()


def read_events_file(path: str) -> pd.DataFrame:
    with st.spinner(ui_language.current()("loading.events_file")):
        return cached_events_file(path, data.file_version(path))


# Shared by every tab on the same workspace and revision: another tab's upload bumps the revision, and this tab
# sees it on its next run.
@st.cache_resource(show_spinner=False, max_entries=8)
def cached_workspace_events(path: str, revision: int) -> pd.DataFrame:  # `revision` only keys the cache
    return workspace_panel.Workspace(Path(path)).events()


def load_starting_data() -> None:
    start = data.starting_data(os.environ, read_file=read_events_file, read_sample=read_sample_safely)
    st.session_state.events = start.events
    st.session_state.source = start.file_name  # None: the bundled sample
    st.session_state.setdefault("load_error", None)
    if start.problem:
        st.session_state.load_error = ("messages.events_file_unreadable",
                                       {"variable": data.EVENTS_ENV_VAR, "error": start.problem})
    st.session_state.upload_messages = []


def seed_widgets_from_url(actors: list[str], event_types: list[str], precisions: list[str],
                          documents: list[str], places: list[str]) -> None:
    """On a session's first run, set the filter widgets from the link the user opened."""
    query = {key: st.query_params.get_all(key) for key in QUERY_KEYS if key in st.query_params}
    shared = restrict_to_options(state_from_query(query), actors, event_types, precisions, documents, places)
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
    st.session_state[PLACES] = list(state.places)
    st.session_state[SHOW_HIDDEN] = state.show_hidden
    st.session_state[VIEW] = state.view


def reset_filters() -> None:
    set_widgets(FilterState(lanes=st.session_state.get(LANES_KEY, FilterState.lanes),
                            show_hidden=st.session_state.get(SHOW_HIDDEN, False),
                            view=st.session_state.get(VIEW) or FilterState.view))


def drop_unknown_choices(actors: list[str], event_types: list[str], precisions: list[str],
                         documents: list[str], places: list[str]) -> None:
    """Keep selections valid when the data changed under them (a reset after uploads removes actors)."""
    for key, known in ((ACTORS, actors), (EVENT_TYPES, event_types), (PRECISIONS, precisions),
                       (DOCUMENTS, documents), (PLACES, places)):
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
        places=tuple(st.session_state.get(PLACES, [])),
        show_hidden=bool(st.session_state.get(SHOW_HIDDEN, False)),
        view=st.session_state.get(VIEW) or FilterState.view,
    )


def write_url(state: FilterState) -> None:
    wanted = {**state_to_query(state), **ui_language.query(), **workspace_panel.query()}
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    normalised = {key: value if isinstance(value, list) else [value] for key, value in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def dates_from_slider() -> None:
    """Slider callback: the moved handle sets its exact date (runs before the rerun, so the date inputs follow)."""
    slider: daterange.SliderSpan = st.session_state[DATE_SLIDER]
    low, high = st.session_state[DATE_RANGE]
    st.session_state[DATE_FROM], st.session_state[DATE_TO] = daterange.dates_from_handles(
        slider, (low, high), st.session_state[DATE_RANGE_SHOWN], st.session_state.get(DATE_FROM),
        st.session_state.get(DATE_TO),
    )


def date_range_slider(t: Translator, span: tuple[date, date] | None) -> None:
    """A slider over the data's span for a quick drag, kept in step with the exact From/To dates."""
    slider = daterange.slider_span(span)
    if slider is None:
        return
    shown = daterange.handles(slider, st.session_state.get(DATE_FROM), st.session_state.get(DATE_TO))
    st.session_state[DATE_SLIDER] = slider
    st.session_state[DATE_RANGE_SHOWN] = shown
    # Set before the slider is drawn in this run, which Streamlit allows; the exact dates lead.
    st.session_state[DATE_RANGE] = shown
    st.sidebar.slider(t("sidebar.date_range"), min_value=slider.first, max_value=slider.last, step=slider.step,
                      key=DATE_RANGE, format="YYYY-MM-DD", on_change=dates_from_slider)


def sidebar_filters(t: Translator, actors: list[str], event_types: list[str], precisions: list[str],
                    documents: list[str], span: tuple[date, date] | None = None, places: Sequence[str] = ()) -> None:
    sidebar = st.sidebar
    sidebar.markdown(f"### {t('sidebar.filters')}")
    sidebar.multiselect(
        t("sidebar.actors"), actors, key=ACTORS, placeholder=t("sidebar.actors_placeholder"),
        help=t("sidebar.actors_help"), format_func=lambda actor: t.label(ACTOR, actor),
    )
    sidebar.segmented_control(
        t("sidebar.actor_match"), ACTOR_MATCHES, key=ACTOR_MATCH, required=True,
        format_func=lambda match: t(f"sidebar.actor_match_{match}"), help=t("sidebar.actor_match_help"),
    )
    sidebar.multiselect(t("sidebar.event_types"), event_types, key=EVENT_TYPES,
                        format_func=lambda event_type: t.label(EVENT_TYPE, event_type),
                        placeholder=t("sidebar.event_types_placeholder"))
    sidebar.multiselect(t("sidebar.places"), list(places), key=PLACES, placeholder=t("sidebar.places_placeholder"),
                        help=t("sidebar.places_help"))
    date_range_slider(t, span)
    bounds = {"min_value": EARLIEST_DATE, "max_value": LATEST_DATE, "format": "YYYY-MM-DD"}
    # One under the other: side by side in the sidebar, each was too narrow for a whole date ("2020-08-1").
    sidebar.date_input(t("sidebar.date_from"), key=DATE_FROM, **bounds)
    sidebar.date_input(t("sidebar.date_to"), key=DATE_TO, **bounds)
    # Streamlit's date field hands over a typed date only when the cursor leaves it (not on Enter): a button to
    # press says so, and pressing it moves the cursor out, which is all it takes.
    sidebar.button(t("sidebar.apply_dates"), key="apply_dates", icon=":material/event_available:",
                   help=t("sidebar.apply_dates_help"))
    sidebar.text_input(t("sidebar.search"), key=TEXT, placeholder=t("sidebar.search_placeholder"))
    sidebar.multiselect(t("sidebar.precision"), precisions, key=PRECISIONS,
                        format_func=lambda precision: t.label("precision", precision),
                        placeholder=t("sidebar.precision_placeholder"), help=t("sidebar.precision_help"))
    sidebar.multiselect(t("sidebar.documents"), documents, key=DOCUMENTS,
                        placeholder=t("sidebar.documents_placeholder"), help=t("sidebar.documents_help"))
    sidebar.toggle(t("sidebar.show_hidden"), key=SHOW_HIDDEN, help=t("sidebar.show_hidden_help"))
    sidebar.button(t("sidebar.reset"), on_click=reset_filters, icon=":material/filter_alt_off:", key="reset_filters")


def chart_text_inputs(t: Translator) -> None:
    """The editor's title and subtitle: drawn before the chart, which shows them, and carried into its exports."""
    left, right = st.columns(2)
    left.text_input(t("export.chart_title"), key=CHART_TITLE, help=t("export.chart_title_help"), max_chars=200)
    right.text_input(t("export.chart_subtitle"), key=CHART_SUBTITLE, help=t("export.chart_subtitle_help"),
                     max_chars=300)


def export_buttons(t: Translator, figure: go.Figure, filtered: pd.DataFrame, filename: str,
                   filtered_data: pd.DataFrame) -> None:
    """The download buttons of dashboard/downloads.py: files are made only when a button is clicked. Charts show
    `filtered` as on the page; data files hold `filtered_data`, the same events with their own titles."""
    browser = export.find_browser()
    images = browser is not None
    if images:
        export.RENDERER.warm_up(browser)
    chart_files = downloads.chart_downloads(t, figure, filtered, filename, images=images)
    columns = st.columns([1, 1, 1, 1.4])
    if not images:
        columns[0].info(t("export.install_hint"), icon=":material/image_not_supported:")
    for column, download in zip(columns[-len(chart_files):], chart_files, strict=True):
        download_button(column, t, download)
    data_files = downloads.data_downloads(filtered_data)
    for column, download in zip(st.columns(len(data_files)), data_files, strict=True):
        download_button(column, t, download)


def download_button(column: DeltaGenerator, t: Translator, download: downloads.Download) -> None:
    column.download_button(
        t(download.label) if download.translated else download.label, data=download.make,
        file_name=download.file_name, mime=download.mime, on_click="ignore", icon=download.icon, width="stretch",
        key=download.key,
    )


def select_from_chart(key: str = TIMELINE) -> None:
    st.session_state[SELECTED] = selection.chart_selection_ids(st.session_state.get(key))


def drawn_events() -> pd.DataFrame:
    """The events the chart on the page was drawn from (the last run's filtered events): the bars and cells send
    only their keys, which name their events among these."""
    drawn = st.session_state.get(DRAWN_EVENTS)
    return drawn if drawn is not None else empty_events()


def select_from_counts() -> None:
    keys = selection.chart_selection_keys(st.session_state.get(COUNTS_CHART))
    st.session_state[SELECTED] = marks.bar_events(drawn_events(), keys)


def select_from_cooccurrence() -> None:
    keys = selection.chart_selection_keys(st.session_state.get(COOCCURRENCE_CHART))
    st.session_state[SELECTED] = marks.cell_events(drawn_events(), keys)


def select_from_map() -> None:
    keys = selection.chart_selection_keys(st.session_state.get(MAP_CHART))
    st.session_state[SELECTED] = geo.map_events(drawn_events(), keys)


CHART_CALLBACKS = {"timeline": select_from_chart, "counts": select_from_counts,
                   "cooccurrence": select_from_cooccurrence, "map": select_from_map}


def view_figures(t: Translator, state: FilterState, filtered: pd.DataFrame, selected: list[str], empty_message: str,
                 window: DateWindow = (None, None)) -> tuple[go.Figure, go.Figure, str]:
    """The figure to export, the figure shown (the selected events stand out) and the export file name."""
    title = (st.session_state.get(CHART_TITLE) or "").strip() or None
    subtitle = (st.session_state.get(CHART_SUBTITLE) or "").strip() or None
    if state.view == "counts":
        def build(chosen: list[str]) -> go.Figure:
            return counts_over_time_figure(filtered, selected=chosen, empty_message=empty_message,
                                           window=window, translator=t, title=title, subtitle=subtitle)
        filename = export.export_filename("chronik", "events-per-period")
    elif state.view == "cooccurrence":
        def build(chosen: list[str]) -> go.Figure:
            return cooccurrence_figure(filtered, selected=chosen, empty_message=empty_message, translator=t,
                                       title=title, subtitle=subtitle)
        filename = export.export_filename("chronik", "actor-co-occurrence")
    elif state.view == "map":
        def build(chosen: list[str]) -> go.Figure:
            return geo.map_figure(filtered, selected=chosen, empty_message=empty_message, translator=t, title=title,
                                  subtitle=subtitle)
        filename = export.export_filename("chronik", "map")
    else:
        def build(chosen: list[str]) -> go.Figure:
            return timeline_figure(filtered, lanes=state.lanes, selected=chosen, title=title, subtitle=subtitle,
                                   empty_message=empty_message, window=window, translator=t)
        filename = export.export_filename("chronik", "events-by", state.lanes.replace("_", "-"))
    if title:
        filename = export.export_filename(title)
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


def events_table(t: Translator, filtered: pd.DataFrame, selected: list[str]) -> None:
    shown = data.table_events(filtered, keep=selected)
    row_ids = data.table_event_ids(shown)
    st.session_state[TABLE_EVENT_IDS] = row_ids
    show_selection_in_table(row_ids, selected)
    if len(shown) < len(filtered):
        st.caption(t("table.capped", shown=len(shown), count=len(filtered)))
    headers = {column: t(f"table.{column}") for column in data.TABLE_COLUMNS}
    widths = {"date_text": 130, "start": 95, "end": 95, "precision": 130, "title": 240, "event_type": 215,
              "actors": 200, "unregistered_actors": 180, "sentence": 520, "doc_title": 220, "corrected": 110}
    helps = {"unregistered_actors": t("table.unregistered_actors_help"), "corrected": t("table.corrected_help")}
    st.dataframe(
        data.events_table(shown, headers=headers, flags=table_flags(t), labels=t.label),
        hide_index=True,
        width="stretch",
        key=TABLE,
        on_select=select_from_table,
        selection_mode="multi-row",
        column_config={headers[column]: st.column_config.TextColumn(width=width, help=helps.get(column))
                       for column, width in widths.items()},
    )


def table_flags(t: Translator) -> dict[str, str]:
    """The words the table writes into its cells: date notes after the precision, "open", "corrected"."""
    return {flag: t(f"table.flag_{flag}") for flag in data.TABLE_FLAGS}


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_store(path: str, file_id: tuple[int, int, int]) -> CorrectionStore:  # `file_id` only keys the cache
    return CorrectionStore(path)


def corrections_store() -> CorrectionStore:
    """The corrections file (the workspace's, else the user's own), opened (and migrated) once per file rather
    than on every rerun. Each call of the store opens its own connection, so sessions sharing it stay as safe as
    with a store each; a file deleted or replaced meanwhile is opened (created) afresh: the store itself holds no
    connection, only the path."""
    chosen = st.session_state.get(correction_form.CORRECTIONS_PATH)
    path = Path(chosen) if chosen else default_corrections_path()
    try:
        info = path.stat()
        file_id = (info.st_dev, info.st_ino, info.st_mode)  # a file replaced, or made read-only, is opened anew
    except OSError:  # not there (yet): creating it is not cached, or a deleted file would stay unmigrated
        return CorrectionStore(path)
    return cached_store(str(path), file_id)


# Shared like the loaded events: every tab showing the same frame finds the corrected frame, the filter index
# and the filter options worked out (dashboard/shared.py), so neither a second tab nor the other tabs after a save
# work them out again.
@st.cache_resource(show_spinner=False)
def frame_memo() -> FrameMemo:
    return FrameMemo()


def apply_stored_corrections(events: pd.DataFrame, store: CorrectionStore, revision: int) -> pd.DataFrame:
    # Up to `revision` only: a correction saved meanwhile is applied under its own, newer revision.
    log = [correction for correction in store.log() if correction.id <= revision]
    return apply_corrections(events, log, keep_hidden=True)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_skipped_corrections(_store: CorrectionStore, path: str, revision: int) -> list[str]:  # keyed by file
    return _store.skipped()


def corrected_events(events: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The events with the analyst's corrections (hidden ones kept, marked), and whether corrections can be
    saved. Applied again only when the data or the corrections file changed, and then once for all tabs. A file
    that cannot be used, or not written, or holds rows that cannot be used, is said above the chart."""
    try:
        store = corrections_store()
        revision = store.revision()
        skipped = cached_skipped_corrections(store, str(store.path), revision) if revision else []
    except CorrectionStoreError as error:
        st.session_state.load_error = ("messages.corrections_unusable", {"error": str(error)})
        return events, False
    notes = [("messages.corrections_read_only", {})] if store.read_only else []
    if skipped:
        notes.append(("messages.corrections_skipped", {"count": len(skipped), "details": "; ".join(skipped[:3])}))
    st.session_state.corrections_notes = notes
    if revision == 0:
        return events, not store.read_only
    apply = partial(apply_stored_corrections, store=store, revision=revision)
    return frame_memo().get("corrected", events, apply, version=(str(store.path), revision)), not store.read_only


def per_events(name: str, events: pd.DataFrame, build: Callable[[pd.DataFrame], T]) -> T:
    """`build(events)`, worked out again only when the shown events change (a load, an upload or a correction
    gives a new frame; a filter change does not), and once for all tabs showing the same frame."""
    return frame_memo().get(name, events, build)


def cached_filter_index(events: pd.DataFrame) -> FilterIndex:
    """The search text and actor pairs of the shown events."""
    return per_events("filter_index", events, filter_index)


def document_count(events: pd.DataFrame) -> int:
    """The documents the events come from: every source's, not only each event's first (a document whose events
    all merged into another's still counts)."""
    return len({str(source.get("doc_id")) for sources in events["sources"] for source in sources}
               | set(events["doc_id"].astype(str)))


def unplaced_notes(t: Translator, filtered: pd.DataFrame, in_workspace: bool) -> list[str]:
    """Why events are not on the chart, and how to place them: a relative date in an article without a
    publication date, or a date no calendar day fits."""
    unplaced = filtered[filtered["start"].isna()]
    if unplaced.empty:
        return []
    undated = unplaced[~unplaced["date_resolved"].astype(bool)]
    notes = []
    if len(undated):
        titles = sorted({str(title or doc_id) for title, doc_id in zip(undated["doc_title"], undated["doc_id"],
                                                                        strict=True)})
        shown = ", ".join(titles[:3]) + (f", … (+{len(titles) - 3})" if len(titles) > 3 else "")
        key = "workspace.unplaced_undated" if in_workspace else "workspace.unplaced_undated_no_workspace"
        notes.append(t(key, count=len(undated), documents=md(shown)))
    if len(unplaced) > len(undated):
        notes.append(t("workspace.unplaced_other", count=len(unplaced) - len(undated)))
    return notes


def summary_text(t: Translator, filtered: pd.DataFrame, events: pd.DataFrame) -> str:
    """One line above the chart: how much of the data is shown, and what is not on the chart."""
    text = t("summary.shown", shown=len(filtered), count=len(events),
             documents=t("summary.documents", count=document_count(events)))
    unplaced = int(filtered["start"].isna().sum())
    if unplaced:
        text += t("summary.unplaced", count=unplaced)
    return text


def main() -> None:
    # The language first: every later widget is labelled in it. A link's `ui` wins over the browser's language.
    if ui_language.UI_LANG not in st.session_state:
        ui_language.seed_from_url()
    t = ui_language.current()
    # An emoji, not a :material/...: icon: Streamlit fetches those favicons from Google's servers, telling them
    # every time an analyst opens the page (the browser test lets no request leave the dashboard's host).
    st.set_page_config(page_title=t("page.title"), page_icon="🗓️", layout="wide")
    # Static CSS only (never article text): Streamlit's default top padding leaves a blank band above the chart;
    # the detail panel's verbatim quotes.
    st.html(f"<style>[data-testid='stMainBlockContainer'] {{padding-top: 2.5rem;}}{detail.QUOTE_CSS}"
            f"{workspace_panel.UPLOADER_CSS}</style>")
    if "events" not in st.session_state:
        load_starting_data()
    if workspace_panel.WORKSPACE not in st.session_state:
        workspace_panel.seed_from_url()
    workspace = workspace_panel.current()
    st.session_state[correction_form.CORRECTIONS_PATH] = str(workspace.path) if workspace is not None else None
    loaded = (cached_workspace_events(str(workspace.path), workspace.revision()) if workspace is not None
              else st.session_state.events)
    as_data, writable = corrected_events(loaded)
    # What the page shows: composed titles in the reader's language; data downloads keep the events' own titles.
    events = per_events(f"titles_{t.language}", as_data, partial(titles.in_reader_language, t=t))
    st.session_state[SHOWN] = events
    options = per_events("filter_options", events, filter_options)
    actors, event_types, precisions, documents, places = (options.actors, options.event_types, options.precisions,
                                                          options.documents, options.places)
    span = daterange.data_span(events)
    if "url_read" not in st.session_state:
        seed_widgets_from_url(actors, event_types, precisions, documents, places)
        st.session_state.url_read = True
    drop_unknown_choices(actors, event_types, precisions, documents, places)

    st.sidebar.markdown("## Chronik")
    ui_language.render_switch(st.sidebar, t)
    source = st.session_state.source
    starting = t("workspace.events_file", name=source) if source else t("workspace.sample")
    workspace_panel.render_chooser(t, starting)
    if workspace is not None:
        st.sidebar.caption(t("sidebar.about_workspace", name=md(workspace.name),
                             articles=t("upload.articles", count=workspace.document_count())))
    else:
        st.sidebar.caption(t("sidebar.about_file", name=md(source)) if source else t("sidebar.about_sample"))
    sidebar_filters(t, actors, event_types, precisions, documents, span, places)
    chosen_files = workspace_panel.render_uploads(t, workspace)

    if st.session_state.get("load_error"):
        st.error(md(t(st.session_state.load_error[0], **st.session_state.load_error[1])), icon=":material/error:")
    for key, params in st.session_state.get("corrections_notes", []):
        st.warning(md(t(key, **params)), icon=":material/warning:")

    workspace_panel.render_upload_check(t, chosen_files)
    # One row on a wide screen; on a narrow one (a laptop with the sidebar open) the parts wrap onto rows of
    # their own instead of squeezing the summary into a column and cutting off the controls.
    header = st.container(horizontal=True, wrap=True, vertical_alignment="bottom", gap="small", key="chart_header")
    summary = header.empty()
    header.segmented_control(
        t("views.label"), VIEWS, key=VIEW, required=True, format_func=lambda view: t(f"views.{view}"), wrap=True,
    )
    header.segmented_control(
        t("lanes.label"), LANES, key=LANES_KEY, required=True, format_func=lambda lanes: t(f"lanes.{lanes}"),
        wrap=True, disabled=st.session_state.get(VIEW, FilterState.view) != "timeline", help=t("lanes.help"),
    )

    state = state_from_widgets()
    write_url(state)
    filtered = filter_events(events, state, cached_filter_index(events))
    st.session_state[DRAWN_EVENTS] = filtered
    selected = selection.still_shown(st.session_state.get(SELECTED, []), events["event_id"])
    st.session_state[SELECTED] = selected
    figure, shown_figure, filename = view_figures(
        t, state, filtered, selected,
        empty_message=t("chart.no_match") if len(events) else t("chart.no_events"),
        window=daterange.axis_window(span, state.date_from, state.date_to),
    )
    st.plotly_chart(shown_figure, theme=None, config=export.chart_config(filename, t.language),
                    key=CHART_KEYS[state.view], on_select=CHART_CALLBACKS[state.view], selection_mode=("points", "box"))

    summary.markdown(summary_text(t, filtered, events), width="content")
    for note in unplaced_notes(t, filtered, workspace is not None):
        st.info(note, icon=":material/event_busy:")
    st.caption(t(f"hints.{state.view}"))
    with st.container(border=True, key="detail_panel"):
        correction_form.render_panel(correction_form.selected_rows(), actors, writable=writable)
    chart_text_inputs(t)
    export_buttons(t, figure, filtered, filename, as_data.loc[filtered.index])
    events_table(t, filtered, selected)
    if workspace is not None:
        workspace_panel.render_documents(t, workspace)
    if writable:
        correction_form.render_add_form(actors)


# Streamlit runs this script as "__main__". A process that reads uploads (dashboard/uploads.py) runs the main
# script of its parent again as "__mp_main__" before its job, as multiprocessing does: it must not draw the page.
if __name__ == "__main__":
    main()
