"""The sidebar's workspace and upload sections: choose, make, rename and delete workspaces, check each chosen file's
language and publication date before it is read, and manage the articles of a workspace. Widgets and callbacks
only; the storage is events/workspace.py, the per-file facts events/filefacts.py.

The session's workspace is `st.session_state[WORKSPACE]` (its link name, or None for the bundled sample or the
events file the app was started with) and is kept in the link (`?ws=belarus-treaty`), so a shared link opens it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import ui_language
from dashboard.i18n import Translator
from events.actorfile import ActorFileError, parse_user_actors
from events.collections import documents_in_upload, is_collection
from events.documents import DocumentError
from events.filefacts import file_facts
from events.model import Document
from events.workspace import (
    WORKSPACE_ENV_VAR,
    Workspace,
    WorkspaceError,
    create_workspace,
    delete_workspace,
    list_workspaces,
    open_workspace,
    slug,
)

WORKSPACE = "workspace"  # the session's workspace: its link name, or None
WORKSPACE_KEY = "ws"  # in the link
CHOOSER = "workspace_chooser"
NEW_NAME, RENAME_TO, DELETE_CONFIRMED = "workspace_new_name", "workspace_rename_to", "workspace_delete_confirmed"
UPLOAD_ROUND = "upload_round"  # a new round gives the uploader a new key, which empties it after reading
UPLOAD_FACTS = "upload_facts"  # the chosen files' table as first filled: {round: DataFrame}
UPLOAD_WORKSPACE_NAME = "upload_workspace_name"
UPLOAD_ACTORS = "upload_actors"
DOCUMENTS_TABLE = "workspace_documents"
MESSAGES = "workspace_messages"
ARTICLE_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv"]
LANGUAGE_CHOICES = ("auto", "de", "en")
EARLIEST_DATE, LATEST_DATE = date(1, 1, 1), date(2999, 12, 31)

Message = tuple[str, str, dict[str, object]]  # (kind, message key, parameters): worded when drawn
OnChange = Callable[[], None]


# --- which workspace ---------------------------------------------------------------------------------------------


def seed_from_url() -> None:
    """On a session's first run: the workspace the link names, else the one `chronik app --workspace` gave."""
    wanted = st.query_params.get(WORKSPACE_KEY) or os.environ.get(WORKSPACE_ENV_VAR) or None
    st.session_state[WORKSPACE] = None
    if not wanted:
        return
    try:
        st.session_state[WORKSPACE] = open_workspace(wanted).slug
    except WorkspaceError:
        say([("error", "workspace.not_found", {"name": wanted})])


def current() -> Workspace | None:
    """The session's workspace, or None; one deleted meanwhile (in another tab) is left."""
    name = st.session_state.get(WORKSPACE)
    if not name:
        return None
    try:
        return open_workspace(name)
    except WorkspaceError:
        st.session_state[WORKSPACE] = None
        say([("warning", "workspace.gone", {"name": name})])
        return None


def query() -> dict[str, str]:
    """The link's part for the workspace: `{"ws": "belarus-treaty"}`, or nothing."""
    name = st.session_state.get(WORKSPACE)
    return {WORKSPACE_KEY: name} if name else {}


def say(messages: list[Message]) -> None:
    st.session_state[MESSAGES] = messages


def _switch(name: str | None) -> None:
    st.session_state[WORKSPACE] = name
    st.session_state.pop(CHOOSER, None)
    st.session_state.pop("selected_events", None)


def _chosen() -> None:
    _switch(st.session_state.get(CHOOSER) or None)


def _create() -> None:
    try:
        workspace = create_workspace(st.session_state.get(NEW_NAME) or "")
    except WorkspaceError as error:
        say([("error", "workspace.refused", {"error": str(error)})])
        return
    st.session_state[NEW_NAME] = ""
    _switch(workspace.slug)
    say([("success", "workspace.created", {"name": workspace.name})])


def _rename() -> None:
    workspace = current()
    if workspace is None:
        return
    try:
        renamed = workspace.rename(st.session_state.get(RENAME_TO) or "")
    except WorkspaceError as error:
        say([("error", "workspace.refused", {"error": str(error)})])
        return
    _switch(renamed.slug)
    say([("success", "workspace.renamed", {"name": renamed.name})])


def _delete() -> None:
    workspace = current()
    if workspace is None or not st.session_state.get(DELETE_CONFIRMED):
        return
    name = workspace.name
    delete_workspace(workspace.slug)
    st.session_state[DELETE_CONFIRMED] = False
    _switch(None)
    say([("success", "workspace.deleted", {"name": name})])


def render_chooser(t: Translator, starting_label: str) -> Workspace | None:
    """The workspace section at the top of the sidebar; returns the session's workspace."""
    sidebar = st.sidebar
    workspace = current()
    known = list_workspaces()
    options: list[str] = ["", *(info.slug for info in known)]
    labels = {"": starting_label, **{info.slug: t("workspace.option", name=info.name,
                                                  articles=t("upload.articles", count=info.documents))
                                     for info in known}}
    if workspace is not None and workspace.slug not in options:
        options.append(workspace.slug)
        labels[workspace.slug] = workspace.name
    st.session_state[CHOOSER] = workspace.slug if workspace is not None else ""
    sidebar.selectbox(t("workspace.label"), options, key=CHOOSER, format_func=labels.__getitem__,
                      on_change=_chosen, help=t("workspace.help"))
    with sidebar.popover(t("workspace.manage"), icon=":material/folder_managed:", width="stretch"):
        st.text_input(t("workspace.new_name"), key=NEW_NAME, max_chars=80, placeholder=t("workspace.new_placeholder"))
        st.button(t("workspace.create"), on_click=_create, key="workspace_create", icon=":material/create_new_folder:")
        if workspace is not None:
            st.divider()
            st.text_input(t("workspace.rename_to"), key=RENAME_TO, max_chars=80, placeholder=workspace.name)
            st.button(t("workspace.rename"), on_click=_rename, key="workspace_rename", icon=":material/edit:")
            st.divider()
            st.checkbox(t("workspace.delete_confirm", name=workspace.name,
                          articles=t("upload.articles", count=workspace.document_count())), key=DELETE_CONFIRMED)
            st.button(t("workspace.delete"), on_click=_delete, key="workspace_delete", icon=":material/delete:",
                      disabled=not st.session_state.get(DELETE_CONFIRMED), type="primary")
    for kind, key, params in st.session_state.pop(MESSAGES, []):
        getattr(sidebar, kind)(_md(t(key, **params)))
    return workspace


# --- the articles of a workspace ---------------------------------------------------------------------------------


def documents_frame(workspace: Workspace) -> pd.DataFrame:
    documents = workspace.documents()
    return pd.DataFrame({
        "doc_id": [document.doc_id for document in documents],
        "file": [document.source_name.rsplit("/", 1)[-1] for document in documents],
        "title": [document.title for document in documents],
        "language": [document.lang or "auto" for document in documents],
        "date": [document.dct for document in documents],
        "events": [document.mention_count for document in documents],
        "remove": [False] * len(documents),
    })


def _apply_document_edits() -> None:
    workspace = current()
    base = st.session_state.get(f"{DOCUMENTS_TABLE}_base")
    edits = (st.session_state.get(DOCUMENTS_TABLE) or {}).get("edited_rows", {})
    if workspace is None or base is None or not edits:
        return
    removed, reread = [], 0
    for row, changes in edits.items():
        doc_id = base.iloc[int(row)]["doc_id"]
        if changes.get("remove"):
            removed.append(doc_id)
            continue
        lang, dct = changes.get("language", ...), changes.get("date", ...)
        if lang is ... and dct is ...:
            continue
        options: dict[str, Any] = {}
        if lang is not ...:
            options["lang"] = None if lang in (None, "auto") else lang
        if dct is not ...:
            options["dct"] = date.fromisoformat(str(dct)[:10]) if dct else None
        try:
            workspace.reread_document(doc_id, **options)
            reread += 1
        except WorkspaceError as error:
            say([("error", "workspace.refused", {"error": str(error)})])
            return
    if removed:
        workspace.remove_documents(removed)
    say([("success", "workspace.documents_changed", {"reread": reread, "removed": len(removed)})])


def render_documents(t: Translator, workspace: Workspace) -> None:
    """The workspace's articles: language and date editable (the article is read again), and removable."""
    frame = documents_frame(workspace)
    with st.sidebar.expander(t("workspace.documents", count=len(frame)), icon=":material/article:"):
        if frame.empty:
            st.caption(t("workspace.no_documents"))
            return
        st.session_state[f"{DOCUMENTS_TABLE}_base"] = frame
        st.data_editor(
            frame.drop(columns=["doc_id"]), key=DOCUMENTS_TABLE, hide_index=True, width="stretch",
            disabled=["file", "title", "events"],
            column_config=_file_columns(t) | {
                "title": st.column_config.TextColumn(t("workspace.column_title")),
                "events": st.column_config.NumberColumn(t("workspace.column_events"), width="small"),
                "remove": st.column_config.CheckboxColumn(t("workspace.column_remove"), width="small",
                                                          help=t("workspace.remove_help")),
            },
        )
        st.button(t("workspace.apply"), on_click=_apply_document_edits, key="workspace_apply",
                  icon=":material/sync:", help=t("workspace.apply_help"))


def _file_columns(t: Translator) -> dict[str, Any]:
    return {
        "file": st.column_config.TextColumn(t("upload.column_file"), width="medium"),
        "language": st.column_config.SelectboxColumn(t("upload.column_language"), options=list(LANGUAGE_CHOICES),
                                                     required=True, width="small"),
        "date": st.column_config.DateColumn(t("upload.column_date"), format="YYYY-MM-DD", min_value=EARLIEST_DATE,
                                            max_value=LATEST_DATE, help=t("upload.date_help")),
    }


# --- adding articles ---------------------------------------------------------------------------------------------


def _uploader_key() -> str:
    return f"uploads_{st.session_state.get(UPLOAD_ROUND, 0)}"


def facts_table(files: list[tuple[str, bytes]]) -> pd.DataFrame:
    """One row per chosen file: its language and publication date as the file gives them (to be checked)."""
    rows = []
    for name, data in files:
        facts = file_facts(name, data)
        rows.append({"file": name, "language": facts.lang or "auto", "date": facts.dct,
                     "from": facts.date_source, "problem": facts.problem})
    return pd.DataFrame(rows, columns=["file", "language", "date", "from", "problem"])


def edited_table(base: pd.DataFrame, state: dict[str, Any] | None) -> pd.DataFrame:
    """The table as the analyst left it: `base` with the data editor's edits applied."""
    table = base.copy()
    for row, changes in ((state or {}).get("edited_rows") or {}).items():
        for column, value in changes.items():
            if column in table.columns:
                table.at[int(row), column] = value
    return table


def refusal(t: Translator, error: DocumentError) -> Message:
    """Why a file, or a record of a collection, was refused: in the dashboard's words where the engine names the
    reason, with the record's place worded too ("news.csv, Zeile 3"); else the engine's English text."""
    key = f"refused.{error.reason}"
    if not error.reason or not t.has(key):
        return ("error", "workspace.verbatim", {"text": str(error)})
    worded = dict(error.params)
    if "line" in worded:
        worded["name"] = t("refused.at_line", name=worded["name"], line=worded.pop("line"))
    elif "record" in worded:
        worded["name"] = t("refused.at_record", name=worded["name"], record=worded.pop("record"))
    return ("error", key, worded)


def read_uploads(files: list[tuple[str, bytes]], table: pd.DataFrame) -> tuple[list[Document], dict[str, str],
                                                                                list[DocumentError]]:
    """The documents of the chosen files, each with the language and date of its row (in a collection, a record's
    own win), ids unique across files; their names by id, and one message per file or record refused."""
    documents: list[Document] = []
    names: dict[str, str] = {}
    errors: list[DocumentError] = []
    settings = {row["file"]: row for row in table.to_dict("records")}
    for name, data in files:
        row = settings.get(name, {})
        lang = row.get("language")
        dct = row.get("date")
        dct = date.fromisoformat(str(dct)[:10]) if dct is not None and not pd.isna(dct) and str(dct) else None
        for item in documents_in_upload(data, name=name, lang=None if lang in (None, "auto") else lang, dct=dct):
            if isinstance(item, DocumentError):
                errors.append(item)
                continue
            doc_id, number = item.doc_id, 1
            while doc_id in names:
                number += 1
                doc_id = f"{item.doc_id}-{number}"
            names[doc_id] = f"{name} ({item.doc_id})" if is_collection(name) else name
            documents.append(item if doc_id == item.doc_id else Document(**{**item.__dict__, "doc_id": doc_id}))
    return documents, names, errors


def _read_chosen() -> None:
    """Button callback: read the chosen files into the session's workspace (made if there is none)."""
    t = ui_language.current()
    uploads = st.session_state.get(_uploader_key()) or []
    if not uploads:
        say([("warning", "upload.no_files", {})])
        return
    files = [(upload.name, upload.getvalue()) for upload in uploads]
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    base = st.session_state.get(UPLOAD_FACTS, {}).get(round_)
    table = edited_table(base if base is not None else facts_table(files),
                         st.session_state.get(f"upload_table_{round_}"))
    documents, names, errors = read_uploads(files, table)
    workspace = current()
    messages: list[Message] = []
    if not documents:
        say([refusal(t, error) for error in errors] or [("warning", "upload.no_files", {})])
        return
    if workspace is None:
        try:
            workspace = create_workspace(st.session_state.get(UPLOAD_WORKSPACE_NAME) or default_workspace_name())
        except WorkspaceError as error:
            say([("error", "workspace.refused", {"error": str(error)})])
            return
        _switch(workspace.slug)
        messages.append(("success", "workspace.created", {"name": workspace.name}))
    actors = _actors_for(workspace, messages)
    bar = st.sidebar.progress(0.0, text=t("upload.reading"))

    def show(done: int, total: int | None) -> None:
        bar.progress(done / max(total or len(documents), 1), text=t("upload.reading_progress", done=done,
                                                                      total=total or len(documents)))

    result = workspace.add_documents(documents, names=names, actors=actors, progress=show) if documents else None
    bar.empty()
    messages += [refusal(t, error) for error in errors]
    if result is not None:
        messages += [("error", "workspace.verbatim", {"text": f"{names.get(document.doc_id, document.doc_id)}: "
                                                              f"events could not be read ({error})"})
                     for document, error in result.failed]
        done = len(result.added) + len(result.replaced)
        messages.insert(0, ("success", "workspace.added", {"articles": t("upload.articles", count=done),
                                                           "name": workspace.name}))
    st.session_state[UPLOAD_ROUND] = round_ + 1  # empties the uploader and its table
    say(messages)


def _actors_for(workspace: Workspace, messages: list[Message]) -> dict[str, Any] | None:
    """An uploaded actor file becomes the workspace's; else the one it has. A bad file is reported and the
    workspace's own (or the built-in actors) stay in use."""
    upload = st.session_state.get(UPLOAD_ACTORS)
    kept = workspace.actor_file()
    if upload is not None:
        try:
            parsed = parse_user_actors(upload.getvalue(), name=upload.name)
        except ActorFileError as error:
            messages.append(("error", "upload.actors_rejected_kept" if kept else "upload.actors_rejected_builtin",
                             {"error": str(error), "name": kept[0] if kept else ""}))
        else:
            workspace.set_actor_file(upload.name, upload.getvalue())
            messages.append(("info", "upload.actors_used", {"name": upload.name}))
            return parsed
    if kept is None:
        return None
    try:
        return parse_user_actors(kept[1], name=kept[0])
    except ActorFileError:
        return None


def default_workspace_name() -> str:
    """A name for the workspace the first upload makes: "Articles 2026-12-04" (numbered if taken)."""
    taken = {info.slug for info in list_workspaces()}
    base = f"Articles {date.today().isoformat()}"
    name, number = base, 1
    while slug(name) in taken:
        number += 1
        name = f"{base} ({number})"
    return name


def render_uploads(t: Translator, workspace: Workspace | None) -> None:
    """Choose files, check each one's language and date in a table, and read them into the workspace."""
    sidebar = st.sidebar
    sidebar.divider()
    sidebar.markdown(f"### {t('upload.heading')}")
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    uploads = sidebar.file_uploader(t("upload.files"), type=ARTICLE_TYPES, accept_multiple_files=True,
                                    key=_uploader_key(), help=t("upload.files_help"))
    if uploads:
        files = [(upload.name, upload.getvalue()) for upload in uploads]
        facts = st.session_state.setdefault(UPLOAD_FACTS, {})
        base = facts.get(round_)
        if base is None or list(base["file"]) != [name for name, _ in files]:
            base = facts_table(files)
            facts[round_] = base
            st.session_state.pop(f"upload_table_{round_}", None)
        sidebar.caption(t("upload.check_dates"))
        sidebar.data_editor(
            base.drop(columns=["problem"]), key=f"upload_table_{round_}", hide_index=True, width="stretch",
            disabled=["file", "from"],
            column_config=_file_columns(t) | {
                "from": st.column_config.TextColumn(t("upload.column_from"), width="small",
                                                    help=t("upload.column_from_help")),
            },
        )
        for problem in base["problem"]:
            if problem:
                sidebar.warning(_md(problem))
    if workspace is None:
        sidebar.text_input(t("upload.workspace_name"), key=UPLOAD_WORKSPACE_NAME, max_chars=80,
                           placeholder=default_workspace_name(), help=t("upload.workspace_name_help"))
    sidebar.file_uploader(t("upload.actors"), type=["toml"], key=UPLOAD_ACTORS, help=t("upload.actors_help"))
    if workspace is not None and (kept := workspace.actor_file()) is not None:
        sidebar.caption(t("upload.your_actors", name=_md(kept[0])))
    sidebar.button(t("upload.submit"), on_click=_read_chosen, type="primary", key="read_articles",
                   icon=":material/upload_file:")


def _md(text: object) -> str:
    from dashboard.safe import text as safe_text

    return safe_text(text)
