"""Language resources as data: one folder per language (`de/`, `en/`), plus language-neutral files here.

Adding a language means adding a folder with the same files; no engine code names a language.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RESOURCE_DIR = Path(__file__).parent


class ResourceError(LookupError):
    """A language or resource file that does not exist."""


def available_languages() -> tuple[str, ...]:
    """Languages that have their own resource folder."""
    return tuple(sorted(p.name for p in RESOURCE_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")))


@cache
def load_resource(name: str, lang: str | None = None) -> dict[str, Any]:
    """Read `<lang>/<name>.toml` (or `<name>.toml` when `lang` is None). Cached: the files are read-only data."""
    path = RESOURCE_DIR / lang / f"{name}.toml" if lang else RESOURCE_DIR / f"{name}.toml"
    if lang is not None and lang not in available_languages():
        raise ResourceError(f"no resources for language {lang!r}; available: {', '.join(available_languages())}")
    if not path.is_file():
        raise ResourceError(f"resource file missing: {path.relative_to(RESOURCE_DIR)}")
    with path.open("rb") as handle:
        return tomllib.load(handle)
