"""The interface language on the page: the switch in the sidebar, where it starts (the link, else the browser's
language) and how it is kept in the link. The words themselves are in dashboard/i18n.py and dashboard/locales/.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, Translator, available_languages, language_of_locale, translator
from dashboard.state import UI_KEY, QueryValue, language_from_query, language_to_query

UI_LANG = "ui_lang"  # widget key of the switch, and the session's language


def browser_language() -> str:
    """The UI language the reader's browser asks for (`navigator.language`), if there is a file for it."""
    return language_of_locale(getattr(st.context, "locale", None))


def seed_from_url() -> None:
    """On a session's first run: the language the link names, else the browser's."""
    query = {UI_KEY: st.query_params.get_all(UI_KEY)}
    st.session_state[UI_LANG] = language_from_query(query, list(available_languages())) or browser_language()


def current_language() -> str:
    language = st.session_state.get(UI_LANG)
    return language if language in available_languages() else DEFAULT_LANGUAGE


def current() -> Translator:
    """The translator for the session's language (English before the switch is set)."""
    return translator(current_language())


def query() -> dict[str, QueryValue]:
    return language_to_query(current_language(), browser_language(), DEFAULT_LANGUAGE)


def render_switch(container: Any, t: Translator) -> None:
    """A segmented control naming each language in itself ("English | Deutsch")."""
    languages = available_languages()
    container.segmented_control(
        t("sidebar.language"), list(languages), key=UI_LANG, required=True, format_func=languages.__getitem__,
        label_visibility="collapsed",
    )
