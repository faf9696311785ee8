"""The detail panel on the page: the selected event (or a list of several), the correction form, hide, split,
merge and "add an event by hand". Widgets only; what a write does is in dashboard/editing.py, how an event reads
in dashboard/detail.py.

Callbacks run before the next script run and find the events the analyst saw in the session (`SHOWN`), so each
write is based on the revision that was on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard import detail, editing, ui_language
from dashboard.i18n import ACTOR, EVENT_TYPE, Translator
from dashboard.state import FIRST_DAY, LAST_DAY
from events.corrections import CorrectionStore, CorrectionStoreError, CorrectionStoreReadOnly
from events.eventtypes import OTHER, event_types

# Session keys shared with app.py.
SELECTED = "selected_events"  # event ids, in the order selected
SHOWN = "shown_events"  # the corrected events of the last run, as the analyst saw them
MESSAGE = "correction_message"  # the editing.Outcome of the last write
FORM_FOR = "correction_form_for"  # (event_id, revision) the form's widgets were filled from
CORRECTIONS_PATH = "corrections_path"  # the workspace's file, or None for the user's own corrections file

# Widget keys: stable, so tests and the browser can address them.
FIX_TITLE, FIX_TYPE, FIX_ACTORS, FIX_OTHER_ACTORS = "fix_title", "fix_event_type", "fix_actors", "fix_other_actors"
FIX_START, FIX_END, FIX_PRECISION, FIX_DATE_TEXT = "fix_start", "fix_end", "fix_precision", "fix_date_text"
SPLIT_SOURCE = "split_source"
NEW_TITLE, NEW_START, NEW_END = "new_title", "new_start", "new_end"
NEW_TYPE, NEW_ACTORS, NEW_DESCRIPTION = "new_event_type", "new_actors", "new_description"
DATE_BOUNDS: dict[str, Any] = {"min_value": FIRST_DAY, "max_value": LAST_DAY, "format": "YYYY-MM-DD"}


def _store() -> CorrectionStore:
    """The corrections of the session's workspace (kept in its file), else the user's own corrections file."""
    return CorrectionStore(st.session_state.get(CORRECTIONS_PATH))


def selected_rows() -> list[dict[str, Any]]:
    shown = st.session_state.get(SHOWN)
    if shown is None:
        return []
    return editing.rows_by_id(shown, st.session_state.get(SELECTED, []))


def _write(action: Callable[[CorrectionStore], editing.Outcome]) -> None:
    """Run one write on the corrections file and report it; a file that is read-only, or that stopped being a
    corrections file while the app runs, is a message, not a page exception."""
    try:
        outcome = action(_store())
    except CorrectionStoreReadOnly:
        outcome = editing.Outcome("error", "edit.read_only")
    except CorrectionStoreError as error:
        outcome = editing.Outcome("error", "edit.store_unusable", {"error": str(error)})
    _report(outcome)


def _report(outcome: editing.Outcome) -> None:
    st.session_state[MESSAGE] = outcome
    if outcome.selected is not None:
        st.session_state[SELECTED] = list(outcome.selected)
    st.session_state.pop(FORM_FOR, None)  # refill the form from the event as it is now


# --- callbacks -----------------------------------------------------------------------------------------------


def _save_form() -> None:
    rows = selected_rows()
    if len(rows) != 1:
        return
    state = st.session_state
    edits = editing.EventEdits(
        title=state.get(FIX_TITLE) or "", event_type=state.get(FIX_TYPE) or "",
        actors=tuple(state.get(FIX_ACTORS) or ()), extra_actors=state.get(FIX_OTHER_ACTORS) or "",
        start=state.get(FIX_START), end=state.get(FIX_END), precision=state.get(FIX_PRECISION) or "auto",
        date_text=state.get(FIX_DATE_TEXT) or "",
    )
    _write(lambda store: editing.save_edits(store, rows[0], edits))


def _toggle_hidden() -> None:
    rows = selected_rows()
    if len(rows) == 1:
        _write(lambda store: editing.set_hidden(store, rows[0], hidden=not rows[0]["hidden"]))


def _split_off() -> None:
    rows = selected_rows()
    mention_id = st.session_state.get(SPLIT_SOURCE)
    if len(rows) == 1 and mention_id:
        _write(lambda store: editing.split_source(store, rows[0], mention_id))


def _merge_selected() -> None:
    rows = selected_rows()
    if len(rows) > 1:
        _write(lambda store: editing.merge_rows(store, rows))


def _add_by_hand() -> None:
    state = st.session_state
    new = editing.NewEvent(
        title=state.get(NEW_TITLE) or "", start=state.get(NEW_START), end=state.get(NEW_END),
        event_type=state.get(NEW_TYPE) or "", actors=tuple(state.get(NEW_ACTORS) or ()),
        description=state.get(NEW_DESCRIPTION) or "",
    )
    _write(lambda store: editing.add_event(store, new))


# --- drawing ---------------------------------------------------------------------------------------------------


def _fill_form(row: Mapping[str, Any]) -> None:
    """Put the event's values in the form when another event (or a newer revision of it) is shown."""
    shown_as = (row["event_id"], int(row["correction_revision"]))
    if st.session_state.get(FORM_FOR) == shown_as:
        return
    values = editing.edits_of(row)
    st.session_state.update({
        FIX_TITLE: values.title, FIX_TYPE: values.event_type, FIX_ACTORS: list(values.actors),
        FIX_OTHER_ACTORS: "", FIX_START: values.start, FIX_END: values.end, FIX_PRECISION: values.precision,
        FIX_DATE_TEXT: values.date_text, FORM_FOR: shown_as,
    })


def _correction_form(t: Translator, row: Mapping[str, Any], known_actors: Sequence[str]) -> None:
    """The form under the event, across the panel's width: each date field wide enough for its whole date, each
    button for its whole label (beside the text, in a third of the page, they were cut: "2024-1", "S…")."""
    _fill_form(row)
    types = list(dict.fromkeys([*event_types(), *([row["event_type"]] if row["event_type"] else [])]))
    actors = list(dict.fromkeys([*row["actors"], *known_actors]))
    with st.form("correction_form", border=False):
        st.text_input(t("form.title"), key=FIX_TITLE, help=t("form.title_help"))
        start, end, precision, written = st.columns([2, 2, 2, 3])
        start.date_input(t("form.start"), key=FIX_START, **DATE_BOUNDS)
        end.date_input(t("form.end"), key=FIX_END, help=t("form.end_help"), **DATE_BOUNDS)
        precision.selectbox(t("form.precision"), editing.PRECISION_CHOICES, key=FIX_PRECISION,
                            format_func=lambda chosen: t.label("precision", chosen), help=t("form.precision_help"))
        written.text_input(t("form.date_text"), key=FIX_DATE_TEXT)
        listed, typed = st.columns([3, 2])
        listed.multiselect(t("form.actors"), actors, key=FIX_ACTORS, placeholder=t("form.actors_placeholder"),
                           format_func=lambda actor: t.label(ACTOR, actor))
        typed.text_input(t("form.other_actors"), key=FIX_OTHER_ACTORS, placeholder=t("form.other_actors_placeholder"))
        st.selectbox(t("form.event_type"), types, key=FIX_TYPE, format_func=lambda value: t.label(EVENT_TYPE, value))
        st.form_submit_button(t("form.save"), on_click=_save_form, type="primary", icon=":material/edit_note:",
                              key="save_corrections")


def _event_actions(t: Translator, row: Mapping[str, Any]) -> None:
    hidden = bool(row["hidden"])
    sources = row["sources"]
    hide, choose, split = st.columns([2, 5, 2], vertical_alignment="bottom")
    hide.button(t("form.show_again") if hidden else t("form.hide"), on_click=_toggle_hidden, key="hide_event",
                icon=":material/visibility:" if hidden else ":material/visibility_off:",
                help=None if hidden else t("form.hide_help"), width="stretch")
    if len(sources) > 1:
        labels = editing.source_choice_labels(sources)
        choose.selectbox(t("form.split_source"), list(labels), key=SPLIT_SOURCE, format_func=labels.__getitem__)
        split.button(t("form.split"), on_click=_split_off, key="split_off", icon=":material/call_split:",
                     width="stretch")


def render_panel(rows: Sequence[Mapping[str, Any]], known_actors: Sequence[str], *, writable: bool) -> None:
    """The selected event in full with its correction form under it, or a compact list of several with a merge
    button."""
    t = ui_language.current()
    outcome = st.session_state.pop(MESSAGE, None)
    if outcome:
        getattr(st, outcome.kind)(detail.escape_markdown(outcome.worded(t)))
    if not rows:
        st.caption(t("detail.select_hint"))
        return
    if len(rows) == 1:
        detail.render_event(rows[0], st.container(), translator=t)
        if writable:
            with st.expander(t("form.correct"), icon=":material/edit:"):
                _correction_form(t, rows[0], known_actors)
            _event_actions(t, rows[0])
        return
    st.markdown(t("detail.selected", count=len(rows)))
    for row in rows:
        st.markdown("- " + detail.compact_line(row, t))
    if writable:
        st.button(t("form.merge", count=len(rows)), on_click=_merge_selected, key="merge_selected",
                  icon=":material/merge:", help=t("form.merge_help"))


def render_add_form(known_actors: Sequence[str]) -> None:
    t = ui_language.current()
    with st.expander(t("form.add_heading"), icon=":material/add:"), \
            st.form("add_event_form", clear_on_submit=True, border=False):
            st.text_input(t("form.title"), key=NEW_TITLE)
            left, right = st.columns(2)
            left.date_input(t("form.start"), value=None, key=NEW_START, **DATE_BOUNDS)
            right.date_input(t("form.end"), value=None, key=NEW_END, **DATE_BOUNDS)
            # No type chosen: the event is of the type "other", which the placeholder names.
            st.selectbox(t("form.event_type"), event_types(), key=NEW_TYPE, index=None,
                         format_func=lambda value: t.label(EVENT_TYPE, value), placeholder=t.label(EVENT_TYPE, OTHER))
            st.multiselect(t("form.actors"), known_actors, key=NEW_ACTORS, accept_new_options=True,
                           placeholder=t("form.new_actors_placeholder"),
                           format_func=lambda actor: t.label(ACTOR, actor))
            st.text_area(t("form.description"), key=NEW_DESCRIPTION, height=80,
                         placeholder=t("form.description_placeholder"))
            st.form_submit_button(t("form.add"), on_click=_add_by_hand, icon=":material/add:", key="add_event")
