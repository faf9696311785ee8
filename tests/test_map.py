"""Places in the dashboard: the place filter (kept in the link) and the map view, a Plotly scattergeo that the
app draws with its own world outlines. Pure builders first, then AppTest runs of the app."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import chart_spec, run_app, serve_events
from dashboard_fixtures import ELECTION, PROTEST, STRIKE, TREATY, events_frame

from dashboard import geo, selection
from dashboard.correction_form import SELECTED
from dashboard.export import TOPOJSON_URL, chart_config
from dashboard.filters import FilterState, filter_events, place_options
from dashboard.state import state_from_query, state_to_query

STATIC = Path(__file__).resolve().parents[1] / "dashboard" / "static"
MINSK = {"name": "Minsk", "country": "Belarus", "country_code": "BY", "latitude": 53.9, "longitude": 27.57,
         "kind": "city"}
WARSAW = {"name": "Warsaw", "country": "Poland", "country_code": "PL", "latitude": 52.23, "longitude": 21.01,
          "kind": "city"}
BELARUS = {"name": "Belarus", "country": "Belarus", "country_code": "BY", "latitude": 53.5, "longitude": 27.9,
           "kind": "country"}


def placed_events() -> pd.DataFrame:
    """The fixture events, the election and the protest in Minsk, the treaty in Minsk and Warsaw, the strike in
    Belarus; the rest nowhere."""
    events = events_frame()
    where = {ELECTION: [MINSK], PROTEST: [MINSK], TREATY: [MINSK, WARSAW], STRIKE: [BELARUS]}
    events["places"] = [where.get(event_id, []) for event_id in events["event_id"]]
    return events


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(placed_events().drop(columns=["sources"]), tmp_path, monkeypatch)


def test_place_options_and_filter_take_cities_and_their_countries() -> None:
    events = placed_events()
    assert place_options(events) == ["Belarus", "Minsk", "Poland", "Warsaw"]
    in_minsk = filter_events(events, FilterState(places=("Minsk",)))
    assert set(in_minsk["event_id"]) == {ELECTION, PROTEST, TREATY}
    in_belarus = filter_events(events, FilterState(places=("Belarus",)))  # a city of the country counts
    assert set(in_belarus["event_id"]) == {ELECTION, PROTEST, TREATY, STRIKE}
    assert set(filter_events(events, FilterState(places=("Poland",)))["event_id"]) == {TREATY}


def test_the_place_filter_is_kept_in_the_link() -> None:
    state = FilterState(places=("Minsk", "Poland"), view="map")
    query = state_to_query(state)
    assert query["place"] == ["Minsk", "Poland"] and query["view"] == "map"
    assert state_from_query(query) == state


def test_the_map_draws_a_circle_per_place_sized_by_its_events() -> None:
    figure = geo.map_figure(placed_events())
    circles = {tuple(key): (trace.name, size) for trace in figure.data
               for key, size in zip(trace.customdata, trace.marker.size, strict=True)}
    assert set(circles) == {("Minsk", "BY"), ("Warsaw", "PL"), ("Belarus", "BY")}
    assert circles[("Minsk", "BY")][1] > circles[("Warsaw", "PL")][1]  # three events against one
    assert all(trace.type == "scattergeo" for trace in figure.data)
    # The view frames the places with room around them, wider than high.
    lon, lat = figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range
    assert lon[0] < 21.01 and lon[1] > 27.9 and lat[0] < 52.2 and lat[1] > 53.9 and lon[1] - lon[0] > lat[1] - lat[0]
    hover = next(text for trace in figure.data for text, key in zip(trace.hovertext, trace.customdata, strict=True)
                 if tuple(key) == ("Minsk", "BY"))
    assert "<b>Minsk (Belarus)</b>" in hover and "Election: 1 event" in hover


def test_a_circle_selects_its_events_and_text_is_escaped() -> None:
    events = placed_events()
    assert geo.map_events(events, [("Minsk", "BY")]) == [e for e in events["event_id"] if e in
                                                         {ELECTION, PROTEST, TREATY}]
    assert geo.map_events(events, [("Atlantis", "XX")]) == []
    events.loc[events["event_id"] == TREATY, "title"] = "<script>alert(1)</script>"
    hovers = " ".join(text for trace in geo.map_figure(events).data for text in trace.hovertext)
    assert "<script>" not in hovers and "&lt;script&gt;" in hovers


def test_no_places_is_said_in_words() -> None:
    figure = geo.map_figure(events_frame())
    assert not figure.data and "No events with a place" in json.dumps(figure.to_plotly_json()["layout"])


def test_the_world_outlines_are_served_by_the_app() -> None:
    assert (STATIC / "topojson" / "world_110m.json").is_file()
    assert chart_config("x")["topojsonURL"] == TOPOJSON_URL == "app/static/topojson/"
    config = (STATIC.parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableStaticServing = true" in config


def test_the_app_shows_the_map_and_filters_by_place(events_file: Path) -> None:
    app = run_app({"view": "map", "place": "Minsk"})
    assert app.multiselect(key="places").value == ["Minsk"]
    assert app.multiselect(key="places").options == ["Belarus", "Minsk", "Poland", "Warsaw"]
    spec = chart_spec(app)
    keys = {tuple(key) for trace in spec["data"] for key in trace["customdata"]}
    # Only the events in Minsk are drawn; the treaty also took place in Warsaw, so Warsaw is on the map too.
    assert keys == {("Minsk", "BY"), ("Warsaw", "PL")}
    assert spec["layout"]["title"]["text"].startswith("Where the events took place")
    # A click on a circle selects its events, as the chart's on_select callback does.
    points = [{"customdata": ["Warsaw", "PL"]}]
    app.session_state[SELECTED] = geo.map_events(app.session_state["drawn_events"],
                                                 selection.chart_selection_keys({"selection": {"points": points}}))
    app.run()
    assert not app.exception
    assert app.session_state[SELECTED] == [TREATY]
    app.multiselect(key="places").set_value([]).run()
    assert "place" not in app.query_params


def test_a_link_to_a_place_the_data_lacks_is_ignored(events_file: Path) -> None:
    app = run_app({"place": "Atlantis"})
    assert app.multiselect(key="places").value == []
