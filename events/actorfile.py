"""A user's own actor file (`chronik extract --actors my-actors.toml`, the dashboard's actors upload).

One TOML file holds both halves of the registry: `[[actor]]` entries shaped like those of
`events/resources/actors.toml` (canonical name, kind, country, cameo, roles, aliases used in every language),
and one table per language shaped like `events/resources/<lang>/actors.toml` (`[de.aliases]`, `[en.epithets]`,
...). An entry whose name is already in the registry overrides it: its fields replace the built-in ones, and its
aliases are added to the built-in aliases. `examples/my-actors.toml` shows the format.

The file is checked whole when it is read, against every language, so a mistake is reported once, up front,
with the file's name, instead of failing every article later.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from events.actors import load_registry
from events.resources import ResourceError, available_languages

ACTOR_SECTION = "actor"
# A user's actor file is small; anything larger is not one.
MAX_ACTOR_FILE_BYTES = 1024 * 1024


class ActorFileError(ValueError):
    """An actor file that cannot be used; the message names the file and says what is wrong."""


def read_user_actors(path: str | Path) -> dict[str, Any]:
    """Read and check the actor file at `path`; returns the data `load_registry(lang, extra)` takes."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ACTOR_FILE_BYTES:
            raise ActorFileError(f"{path}: is larger than 1 MB; an actor file lists names, not articles")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ActorFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ActorFileError(f"{path}: is a folder, not an actor file") from None
    except OSError as error:
        raise ActorFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    return parse_user_actors(data, name=str(path))


def parse_user_actors(data: bytes, *, name: str) -> dict[str, Any]:
    """Parse and check an actor file's bytes (`name` appears in messages). Raises `ActorFileError`."""
    if len(data) > MAX_ACTOR_FILE_BYTES:
        raise ActorFileError(f"{name}: is larger than 1 MB; an actor file lists names, not articles")
    try:
        content = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ActorFileError(f"{name}: is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ActorFileError(f"{name}: is not valid TOML ({error})") from None
    check_user_actors(content, name=name)
    return content


def check_user_actors(content: Mapping[str, Any], *, name: str) -> None:
    """Raise `ActorFileError` unless `content` is a usable actor file for every language."""
    languages = available_languages()
    unknown = [key for key in content if key != ACTOR_SECTION and key not in languages]
    if unknown:
        raise ActorFileError(
            f"{name}: unknown section {unknown[0]!r}; an actor file has [[{ACTOR_SECTION}]] entries and tables "
            f"per language ({', '.join(languages)})"
        )
    entries = content.get(ACTOR_SECTION, [])
    if not isinstance(entries, list):
        raise ActorFileError(f"{name}: write the actors as [[{ACTOR_SECTION}]] entries")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ActorFileError(f"{name}: actor entry {number} has no name")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
            raise ActorFileError(f"{name}: actor {entry['name']!r}: aliases must be a list of names")
    for lang in languages:
        if not isinstance(content.get(lang, {}), Mapping):
            raise ActorFileError(f"{name}: [{lang}] must be a table, such as [{lang}.aliases]")
        try:
            load_registry(lang, content)
        except ResourceError as error:
            # The registry names sections as in the built-in files ("de/actors.toml [aliases]"); a user's file
            # has them as tables ("[de.aliases]").
            message = str(error).replace(f"{lang}/actors.toml [", f"[{lang}.")
            raise ActorFileError(f"{name}: {message}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # The built-in files are checked by tests; a user's file can be wrong in any way TOML allows.
            raise ActorFileError(f"{name}: does not have the shape of an actor file ({lang}: {error!r})") from None
