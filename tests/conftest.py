"""Shared test setup: no test reads or writes the user's own corrections file or workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def corrections_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$CHRONIK_CORRECTIONS points into the test's own directory (the dashboard and the CLI read it)."""
    path = tmp_path / "corrections.sqlite"
    monkeypatch.setenv("CHRONIK_CORRECTIONS", str(path))
    # Workspaces too: never the user's own.
    monkeypatch.setenv("CHRONIK_WORKSPACES", str(tmp_path / "workspaces"))
    monkeypatch.delenv("CHRONIK_WORKSPACE", raising=False)
    # The app starts the export browser ahead of a click; tests that never export need no browser running.
    monkeypatch.setenv("CHRONIK_IMAGE_WARM_UP", "0")
    return path
