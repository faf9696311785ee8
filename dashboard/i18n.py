"""The dashboard's words in each language: one TOML file per language in dashboard/locales/, read once.

A key is a dotted path into the file ("sidebar.actors"). A message is text with `str.format` placeholders, or a
table of plural forms (`one`, `other`) chosen by the `count` parameter. Whole numbers given as parameters are
written with the language's thousands separator (so pass a year as text). Adding a language is adding a file;
no Streamlit here, so figure builders and tests use it directly.

Data values have display labels (`Translator.label`): date precisions in the locale files ([precision]), event
types in the engine's own language resources (events/resources/<lang>/event_types.toml), read from there so the
two never drift apart.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from events import actors, eventtypes, resources

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
PLURAL_FORMS = ("one", "other")
# Set in each file's [meta] table, which holds no messages.
META = "meta"
# The label group of event types: `t.label(EVENT_TYPE, "treaty")`.
EVENT_TYPE = "event_type"
# The label group of actors: `t.label(ACTOR, "Russia")` is "Russland" in German; the canonical name stays in
# filters, links and exports.
ACTOR = "actor"

Message = str | Mapping[str, str]


class LocaleError(ValueError):
    """A locale file that cannot be used: unreadable TOML or a message that is neither text nor plural forms."""


@dataclass(frozen=True)
class Translator:
    """Messages of one language; call it with a key and the message's parameters."""

    language: str
    name: str  # the language's name in itself: "Deutsch"
    messages: Mapping[str, Message] = field(repr=False)
    thousands_separator: str = ","

    def __call__(self, key: str, /, **params: Any) -> str:
        """The message `key` with `params` filled in; a plural message picks its form by `count`."""
        message = self.messages[key]
        if not isinstance(message, str):
            message = message[plural_form(params.get("count"))]
        return message.format(**{name: self._shown(value) for name, value in params.items()})

    def has(self, key: str) -> bool:
        """Whether this language has the message `key` (for keys made from data, such as an engine's reason)."""
        return key in self.messages

    def label(self, group: str, value: str) -> str:
        """The display label of a data value ("precision", "day" -> "Tag"; EVENT_TYPE, "treaty" ->
        "Vertrag/Abkommen"); the value itself when there is none, so values the files do not know yet (a type
        from an older events file) still show. The value, not the label, stays in filters, links and exports."""
        message = self.messages.get(f"{group}.{value}")
        return message if isinstance(message, str) else value

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", self.thousands_separator)

    def _shown(self, value: Any) -> Any:
        return self.number(value) if isinstance(value, int) and not isinstance(value, bool) else value


def plural_form(count: object) -> str:
    """English and German (the languages so far) use "one" for exactly 1 and "other" for every other count."""
    return "one" if count == 1 else "other"


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Message]:
    """Nested TOML tables as dotted keys; a table of only plural forms is one plural message."""
    messages: dict[str, Message] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, str):
            messages[key] = value
        elif isinstance(value, dict) and value and set(value) <= set(PLURAL_FORMS):
            if "other" not in value or not all(isinstance(form, str) for form in value.values()):
                raise LocaleError(f"{key}: plural forms need at least 'other', all of them text")
            messages[key] = dict(value)
        elif isinstance(value, dict):
            messages.update(flatten(value, f"{key}."))
        else:
            raise LocaleError(f"{key}: a message must be text or a table of plural forms, not {value!r}")
    return messages


def placeholders(message: Message) -> set[str]:
    """The parameter names a message uses (across all its plural forms)."""
    texts = [message] if isinstance(message, str) else list(message.values())
    return {name.split(".")[0].split("[")[0] for text in texts
            for _, name, _, _ in string.Formatter().parse(text) if name}


def read_locale(path: Path) -> Translator:
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LocaleError(f"{path.name}: {error}") from error
    meta = content.pop(META, {})
    return Translator(
        language=path.stem,
        name=str(meta.get("name", path.stem)),
        messages=flatten(content),
        thousands_separator=str(meta.get("thousands_separator", ",")),
    )


@cache
def available_languages() -> dict[str, str]:
    """Language code -> the language's own name, one per file in locales/, English first."""
    codes = sorted((path.stem for path in LOCALES_DIR.glob("*.toml")), key=lambda code: (code != DEFAULT_LANGUAGE,
                                                                                            code))
    return {code: translator(code).name for code in codes}


def event_type_labels(language: str) -> dict[str, str]:
    """The event types' labels in `language` as messages ("event_type.treaty" -> "Treaty/agreement"), from the
    engine's resources; none for a language the engine has no resources for, or for a type its file leaves out."""
    if language not in resources.available_languages():
        return {}
    # Ids of earlier versions ("military") are shown as their successor ("Attack/fighting"): old files still read.
    type_ids = [*eventtypes.event_types(), *eventtypes.renamed_types()]
    labels = {type_id: eventtypes.event_type_label(type_id, language) for type_id in type_ids}
    return {f"{EVENT_TYPE}.{type_id}": label for type_id, label in labels.items() if label != type_id}


def actor_names(t: Translator, actors: Iterable[str]) -> str:
    """Actors by their names in the reader's language ("Wladimir Putin, Alexander Lukaschenko"); "" for none."""
    return ", ".join(t.label(ACTOR, actor) for actor in actors)


def actor_labels(language: str) -> dict[str, str]:
    """The actors' names in `language` as messages ("actor.Russia" -> "Russland"), from the engine's resources
    (events/resources/<language>/actors.toml [names]); none for a language the engine has no resources for."""
    if language not in resources.available_languages():
        return {}
    return {f"{ACTOR}.{actor}": name for actor, name in actors.display_names(language).items() if name != actor}


@cache
def translator(language: str = DEFAULT_LANGUAGE) -> Translator:
    """The messages of `language` (read once) with its event-type labels; a message the file lacks falls back to
    English. A locale file may word an event type itself ([event_type]), which wins over the engine's label."""
    path = LOCALES_DIR / f"{language}.toml"
    if not path.is_file():
        raise LocaleError(f"no locale file for {language!r} in {LOCALES_DIR}")
    own = read_locale(path)
    fallback = translator(DEFAULT_LANGUAGE).messages if language != DEFAULT_LANGUAGE else {}
    messages = {**fallback, **event_type_labels(language), **actor_labels(language), **own.messages}
    return Translator(own.language, own.name, messages, own.thousands_separator)


def language_of_locale(locale: str | None, available: Mapping[str, str] | None = None) -> str:
    """The UI language for a browser locale ("de-AT" -> "de"): its language if there is a file for it, else
    English."""
    known = available if available is not None else available_languages()
    code = (locale or "").replace("_", "-").split("-")[0].strip().lower()
    return code if code in known else DEFAULT_LANGUAGE


def t(key: str, /, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Shortcut: `t("chart.events", "de", count=3)`."""
    return translator(language)(key, **params)
