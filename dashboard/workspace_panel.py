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

from dashboard import ui_language, uploads
from dashboard.i18n import Translator
from events.actorfile import ActorFileError, parse_user_actors
from events.documents import DocumentError
from events.workspace import (
    WORKSPACE_ENV_VAR,
    Workspace,
    WorkspaceError,
    check_name,
    create_workspace,
    delete_workspace,
    list_workspaces,
    new_workspace_path,
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
    """Button callback: remove the ticked articles, and read those with a new language or date again (in a child
    process, as uploads are: dashboard/uploads.py)."""
    workspace = current()
    base = st.session_state.get(f"{DOCUMENTS_TABLE}_base")
    edits = (st.session_state.get(DOCUMENTS_TABLE) or {}).get("edited_rows", {})
    if workspace is None or base is None or not edits:
        return
    removed: list[str] = []
    changes: dict[str, dict[str, Any]] = {}
    for row, edited in edits.items():
        doc_id = str(base.iloc[int(row)]["doc_id"])
        if edited.get("remove"):
            removed.append(doc_id)
            continue
        options: dict[str, Any] = {}
        if "language" in edited:
            options["lang"] = None if edited["language"] in (None, "auto") else edited["language"]
        if "date" in edited:
            options["dct"] = date.fromisoformat(str(edited["date"])[:10]) if edited["date"] else None
        if options:
            changes[doc_id] = options
    if removed:
        workspace.remove_documents(removed)
    result = uploads.reread_in_workspace(workspace.path, changes) if changes else uploads.WorkspaceUpload()
    t = ui_language.current()
    say([("success", "workspace.documents_changed", {"reread": len(result.replaced), "removed": len(removed)}),
         *(refusal(t, error) for error in result.refused)])


def render_documents(t: Translator, workspace: Workspace) -> None:
    """The workspace's articles, across the page under the events table (in the sidebar their file names and
    titles were cut): language and date editable (the article is read again), and removable."""
    frame = documents_frame(workspace)
    with st.expander(t("workspace.documents", count=len(frame)), icon=":material/article:"):
        if frame.empty:
            st.caption(t("workspace.no_documents"))
            return
        st.session_state[f"{DOCUMENTS_TABLE}_base"] = frame
        st.data_editor(
            frame.drop(columns=["doc_id"]), key=DOCUMENTS_TABLE, hide_index=True, width="stretch",
            disabled=["file", "title", "events"],
            # The title last: it may be cut at the page's edge; the file, its date and the tick may not.
            column_order=["file", "language", "date", "events", "remove", "title"],
            column_config=_file_columns(t) | {
                "title": st.column_config.TextColumn(t("workspace.column_title")),
                "events": st.column_config.NumberColumn(t("workspace.column_events"), width="small"),
                "remove": st.column_config.CheckboxColumn(t("workspace.column_remove"), width="small",
                                                          help=t("workspace.remove_help")),
            },
        )
        st.button(t("workspace.apply"), on_click=_apply_document_edits, key="workspace_apply",
                  icon=":material/sync:", help=t("workspace.apply_help"))


def _file_columns(t: Translator, file_width: int = 420) -> dict[str, Any]:
    """The columns both file tables share: a file's name whole where the page allows, its language and date."""
    return {
        "file": st.column_config.TextColumn(t("upload.column_file"), width=file_width),
        "language": st.column_config.SelectboxColumn(t("upload.column_language"), options=list(LANGUAGE_CHOICES),
                                                     required=True, width=90),
        "date": st.column_config.DateColumn(t("upload.column_date"), format="YYYY-MM-DD", min_value=EARLIEST_DATE,
                                            max_value=LATEST_DATE, help=t("upload.date_help"), width=110),
    }


# --- adding articles ---------------------------------------------------------------------------------------------


def _uploader_key() -> str:
    return f"uploads_{st.session_state.get(UPLOAD_ROUND, 0)}"


def facts_table(files: list[tuple[str, bytes]]) -> pd.DataFrame:
    """One row per chosen file: its language and publication date as the file gives them (to be checked). The
    files are looked at in a child process (dashboard/uploads.py), never in the session's thread."""
    rows = [{"file": facts.name, "language": facts.lang or "auto", "date": facts.dct, "from": facts.date_source,
             "problem": DocumentError(facts.problem, reason=facts.problem_reason, **facts.problem_params)
             if facts.problem else None} for facts in uploads.check_files(files)]
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


def file_settings(table: pd.DataFrame) -> dict[str, uploads.FileSettings]:
    """Each file's language and publication date as the table gives them ("auto": detect it)."""
    settings = {}
    for row in table.to_dict("records"):
        lang, dct = row.get("language"), row.get("date")
        day = date.fromisoformat(str(dct)[:10]) if dct is not None and not pd.isna(dct) and str(dct) else None
        settings[str(row["file"])] = uploads.FileSettings(None if lang in (None, "auto") else str(lang), day)
    return settings


def _read_chosen() -> None:
    """Button callback: read the chosen files into the session's workspace (made if there is none). Reading and
    extracting happen in a child process (dashboard/uploads.py), which writes the workspace's file itself."""
    t = ui_language.current()
    chosen = st.session_state.get(_uploader_key()) or []
    if not chosen:
        say([("warning", "upload.no_files", {})])
        return
    files = [(upload.name, upload.getvalue()) for upload in chosen]
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    base = st.session_state.get(UPLOAD_FACTS, {}).get(round_)
    table = edited_table(base if base is not None else facts_table(files),
                         st.session_state.get(f"upload_table_{round_}"))
    workspace = current()
    messages: list[Message] = []
    create_as = None
    if workspace is None:
        try:
            create_as = check_name(st.session_state.get(UPLOAD_WORKSPACE_NAME) or default_workspace_name())
            path = new_workspace_path(create_as)
        except WorkspaceError as error:
            say([("error", "workspace.refused", {"error": str(error)})])
            return
    else:
        path = workspace.path
    actors, actor_file = _actors_for(workspace, messages)
    bar = st.sidebar.progress(0.0, text=t("upload.reading"))

    def show(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=t("upload.reading_progress", done=done, total=total))

    result = uploads.add_to_workspace(path, files, file_settings(table), create_as=create_as, actors=actors,
                                      progress=show)
    bar.empty()
    st.session_state[UPLOAD_ROUND] = round_ + 1  # empties the uploader and its table
    if create_as is not None:
        if not result.stored:
            say(messages + [refusal(t, error) for error in result.refused] or [("warning", "upload.no_files", {})])
            return
        workspace = Workspace(path)
        _switch(workspace.slug)
        messages.insert(0, ("success", "workspace.created", {"name": workspace.name}))
    if actor_file is not None:
        workspace.set_actor_file(*actor_file)
    if result.stored:
        messages.insert(0, ("success", "workspace.added", {"articles": t("upload.articles", count=result.stored),
                                                           "name": workspace.name}))
    say(messages + [refusal(t, error) for error in result.refused])


def _actors_for(workspace: Workspace | None, messages: list[Message]
                ) -> tuple[dict[str, Any] | None, tuple[str, bytes] | None]:
    """The actors to read with, and the actor file the workspace keeps from now on (None: no change). An
    uploaded actor file becomes the workspace's; else the one it has is used. A bad file is reported and the
    workspace's own (or the built-in actors) stay in use."""
    upload = st.session_state.get(UPLOAD_ACTORS)
    kept = workspace.actor_file() if workspace is not None else None
    if upload is not None:
        try:
            parsed = parse_user_actors(upload.getvalue(), name=upload.name)
        except ActorFileError as error:
            messages.append(("error", "upload.actors_rejected_kept" if kept else "upload.actors_rejected_builtin",
                             {"error": str(error), "name": kept[0] if kept else ""}))
        else:
            messages.append(("info", "upload.actors_used", {"name": upload.name}))
            return parsed, (upload.name, upload.getvalue())
    if kept is None:
        return None, None
    try:
        return parse_user_actors(kept[1], name=kept[0]), None
    except ActorFileError:
        return None, None


def default_workspace_name() -> str:
    """A name for the workspace the first upload makes: "Articles 2026-12-04" (numbered if taken)."""
    taken = {info.slug for info in list_workspaces()}
    base = f"Articles {date.today().isoformat()}"
    name, number = base, 1
    while slug(name) in taken:
        number += 1
        name = f"{base} ({number})"
    return name


# The uploader shows a long file name cut in the middle ("2024-12...ichnet.txt"), keeping the whole name in its
# title: shown whole instead, wrapped. Static CSS on Streamlit's own markup; the name is shown by CSS as text.
UPLOADER_CSS = """
[class*="st-key-uploads_"] [data-testid="stFileChipName"] {font-size: 0; white-space: normal;}
[class*="st-key-uploads_"] [data-testid="stFileChipName"]::after {content: attr(title); font-size: 0.875rem;
 overflow-wrap: anywhere; line-height: 1.4;}
"""


def render_uploads(t: Translator, workspace: Workspace | None) -> list[tuple[str, bytes]]:
    """The sidebar's section for adding articles: choose files (checked in `render_upload_check`, on the page),
    the new workspace's name, an actors file, and the button that reads them. Returns the chosen files."""
    sidebar = st.sidebar
    uploads.warm_up()  # the process that reads uploads starts loading now, not at the first upload
    sidebar.divider()
    sidebar.markdown(f"### {t('upload.heading')}")
    chosen = sidebar.file_uploader(t("upload.files"), type=ARTICLE_TYPES, accept_multiple_files=True,
                                   key=_uploader_key(), help=t("upload.files_help"))
    files = [(upload.name, upload.getvalue()) for upload in chosen or []]
    if files:
        sidebar.info(t("upload.check_on_page", count=len(files)), icon=":material/fact_check:")
    if workspace is None:
        sidebar.text_input(t("upload.workspace_name"), key=UPLOAD_WORKSPACE_NAME, max_chars=80,
                           placeholder=default_workspace_name(), help=t("upload.workspace_name_help"))
    sidebar.file_uploader(t("upload.actors"), type=["toml"], key=UPLOAD_ACTORS, help=t("upload.actors_help"))
    if workspace is not None and (kept := workspace.actor_file()) is not None:
        sidebar.caption(t("upload.your_actors", name=_md(kept[0])))
    sidebar.button(t("upload.submit"), on_click=_read_chosen, type="primary", key="read_articles",
                   icon=":material/upload_file:")
    return files


def render_upload_check(t: Translator, files: list[tuple[str, bytes]]) -> None:
    """The chosen files, before they are read, across the top of the page: each one's language and publication
    date as the file gives them, to check and correct, then read."""
    if not files:
        return
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    facts = st.session_state.setdefault(UPLOAD_FACTS, {})
    base = facts.get(round_)
    if base is None or list(base["file"]) != [name for name, _ in files]:
        base = facts_table(files)
        facts[round_] = base
        st.session_state.pop(f"upload_table_{round_}", None)
    with st.container(border=True, key="upload_check"):
        st.markdown(f"#### {t('upload.check_heading', count=len(files))}")
        st.caption(t("upload.check_dates"))
        sources = [t(f"upload.date_from_{source.replace(' ', '_')}") if source else "" for source in base["from"]]
        shown = base.drop(columns=["problem"]).assign(**{"from": sources})  # where each date was found, in words
        st.data_editor(
            shown, key=f"upload_table_{round_}", hide_index=True, width="stretch",
            disabled=["file", "from"],
            column_config=_file_columns(t) | {
                "from": st.column_config.TextColumn(t("upload.column_from"), width="small",
                                                    help=t("upload.column_from_help")),
            },
        )
        for problem in base["problem"]:
            if problem is not None:
                _, key, params = refusal(t, problem)  # in the reader's language where the engine names the reason
                st.warning(_md(t(key, **params)))
        st.button(t("upload.submit"), on_click=_read_chosen, type="primary", key="read_checked_articles",
                  icon=":material/upload_file:")


def _md(text: object) -> str:
    from dashboard.safe import text as safe_text

    return safe_text(text)
