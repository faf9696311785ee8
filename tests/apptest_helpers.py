"""Running the dashboard script under Streamlit's AppTest, as the app tests do: one way to start it and read it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixtures import write_events_json
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.correction_form import SELECTED

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def run_app(query: dict[str, str | list[str]] | None = None, *, selected: list[str] | None = None) -> AppTest:
    """The app after its first run, opened with the link's `query` and with the events `selected` (by id)."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    if selected is not None:
        app.session_state[SELECTED] = selected
    app.run()
    assert not app.exception, app.exception
    return app


def chart_spec(app: AppTest) -> dict:
    """The Plotly figure the page shows (it shows one)."""
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def serve_events(frame: pd.DataFrame, folder: Path, monkeypatch: pytest.MonkeyPatch, name: str = "events.json") -> Path:
    """Write `frame` as an events file in `folder` and point the app at it ($CHRONIK_EVENTS)."""
    path = folder / name
    write_events_json(frame, str(path))
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(path))
    return path
