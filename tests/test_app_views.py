"""Switching the main view (timeline, counts over time, actor co-occurrence) and selecting events in the new views:
AppTest runs of the app on the hand-made fixture events."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import chart_spec, run_app, serve_events
from dashboard_fixtures import ELECTION, PROTEST, STRIKE, TREATY, events_frame, write_events_json
from streamlit.testing.v1 import AppTest

from dashboard import marks, selection
from dashboard.correction_form import SELECTED
from dashboard.filters import FilterState
from dashboard.state import state_from_query, state_to_query


@pytest.fixture(autouse=True)
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(events_frame().drop(columns=["sources"]), tmp_path, monkeypatch)


def chart_title(app: AppTest) -> str:
    return chart_spec(app)["layout"]["title"]["text"]


def select_like_the_chart(app: AppTest, points: list[dict]) -> AppTest:
    """What the counts or co-occurrence chart's on_select callback does with a Streamlit selection event: the
    selected marks' keys, looked up in the events the chart was drawn from; then a rerun."""
    keys = selection.chart_selection_keys({"selection": {"points": points}})
    find = marks.cell_events if app.session_state["view"] == "cooccurrence" else marks.bar_events
    app.session_state[SELECTED] = find(app.session_state["drawn_events"], keys)
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_view_control_switches_the_chart_and_the_link() -> None:
    app = run_app()
    assert app.session_state["view"] == "timeline"
    assert chart_title(app) == "Chronik — events by actor"
    app.session_state["view"] = "counts"
    app.run()
    assert chart_title(app).startswith("Events per period")
    assert app.query_params == {"view": "counts"}
    app.session_state["view"] = "cooccurrence"
    app.run()
    assert chart_title(app).startswith("Actor co-occurrence")
    app.session_state["view"] = "timeline"
    app.run()
    assert chart_title(app) == "Chronik — events by actor"
    assert "view" not in app.query_params


def test_a_shared_link_opens_its_view_and_old_links_the_timeline() -> None:
    assert chart_title(run_app({"view": "cooccurrence", "actor": "Belarus"})).startswith("Actor co-occurrence")
    assert chart_title(run_app({"view": "nonsense"})) == "Chronik — events by actor"
    assert state_from_query({"lanes": "event_type"}).view == "timeline"
    assert state_to_query(FilterState(view="counts")) == {"view": "counts"}
    assert state_to_query(FilterState()) == {}


def test_the_views_show_the_filtered_events() -> None:
    app = run_app({"view": "counts", "actor": "Alexander Lukashenko"})
    keys = [tuple(key) for trace in chart_spec(app)["data"] for key in trace["customdata"]]
    assert sorted(marks.bar_events(app.session_state["drawn_events"], keys)) == sorted([PROTEST, TREATY])
    assert sum(height for trace in chart_spec(app)["data"] for height in trace["y"]) == 2


def test_one_lane_timeline() -> None:
    app = run_app({"lanes": "single"})
    assert chart_spec(app)["layout"]["yaxis"]["ticktext"] == ["All events"]
    assert chart_title(app) == "Chronik — all events"
    app.session_state["view"] = "counts"
    app.run()
    lanes = next(group for group in app.button_group if group.label == "Lanes")
    assert lanes.disabled  # only the timeline has lanes; the choice stays for it
    assert app.session_state["lanes"] == "single"


def test_selecting_a_bar_segment_selects_its_events_in_table_and_panel() -> None:
    app = run_app({"view": "counts"})
    spec = chart_spec(app)
    trace = next(trace for trace in spec["data"] if trace["name"] == "Strike")
    index = 0
    select_like_the_chart(app, [{"customdata": trace["customdata"][index], "point_index": index}])
    assert app.session_state[SELECTED] == [STRIKE]
    row_ids = app.session_state["table_event_ids"]
    assert [row_ids[row] for row in app.session_state["events_table"]["selection"]["rows"]] == [STRIKE]
    panel = "\n".join(str(element.value) for element in app.markdown)
    assert "Generalstreik" in panel
    shown = chart_spec(app)["data"]
    assert [trace["name"] for trace in shown if trace.get("selectedpoints")] == ["Strike"]


def test_selecting_cooccurrence_cells_selects_the_shared_events() -> None:
    app = run_app({"view": "cooccurrence"})
    shared = chart_spec(app)["data"][1]
    hovers = shared["hovertext"]
    cell = next(i for i, hover in enumerate(hovers) if hover.startswith("<b>Belarus</b> and <b>Alexander"))
    select_like_the_chart(app, [{"customdata": shared["customdata"][cell]}])
    assert app.session_state[SELECTED] == [PROTEST]
    # A box over two cells: both cells' events, each once.
    diagonal = chart_spec(app)["data"][0]
    lukashenko = next(i for i, hover in enumerate(diagonal["hovertext"]) if "Alexander Lukashenko" in hover)
    select_like_the_chart(app, [{"customdata": shared["customdata"][cell]},
                                {"customdata": diagonal["customdata"][lukashenko]}])
    assert sorted(app.session_state[SELECTED]) == sorted([PROTEST, TREATY])
    assert "2 events selected" in "\n".join(str(element.value) for element in app.markdown)


def test_a_table_selection_is_kept_when_switching_views() -> None:
    app = run_app()
    app.session_state[SELECTED] = [ELECTION]
    app.session_state["view"] = "counts"
    app.run()
    assert app.session_state[SELECTED] == [ELECTION]
    shown = chart_spec(app)["data"]
    assert [trace["name"] for trace in shown if trace.get("selectedpoints")] == ["Election"]


def test_a_selection_as_the_browser_sends_it_selects_the_events() -> None:
    # A click on the 2020 bar of protests, as Streamlit's frontend reports it (captured in Chromium): the point's
    # customdata is the bar's key, which names its events among those drawn.
    sent = {"selection": {"points": [{"curve_number": 1, "point_number": 1, "point_index": 1, "x": "2020-07-01 15:00",
                                      "y": 1, "customdata": ["protest", "2020-01-01", "year"]}],
                          "point_indices": [1], "box": [], "lasso": []}}
    assert selection.chart_selection_keys(sent) == [("protest", "2020-01-01", "year")]
    app = run_app({"view": "counts"})
    select_like_the_chart(app, sent["selection"]["points"])
    assert app.session_state[SELECTED] == [PROTEST]  # not the undated protest, which no bar counts
    assert chart_spec(app)["layout"]["dragmode"] != "select"  # in select mode Streamlit turns click-to-select off


def test_a_bar_selects_only_the_filtered_events_it_counts(events_file: Path) -> None:
    # A second protest in 2020, in Kyiv: with Lukashenko chosen, the 2020 protest bar counts only the Minsk one,
    # and its key must not bring back the one the filter hides.
    events = events_frame()
    kyiv = events[events["event_id"] == PROTEST].assign(event_id="kyiv-protest", start=pd.Timestamp("2020-09-05"),
                                                        end=pd.NaT, actors=[["Ukraine"]])
    write_events_json(pd.concat([events, kyiv], ignore_index=True).drop(columns=["sources"]), str(events_file))
    app = run_app({"view": "counts", "actor": "Alexander Lukashenko"})
    (protests,) = [trace for trace in chart_spec(app)["data"] if trace["name"] == "Protest"]
    select_like_the_chart(app, [{"customdata": protests["customdata"][0]}])
    assert app.session_state[SELECTED] == [PROTEST]
    app.session_state["actors"] = []
    app.run()
    (protests,) = [trace for trace in chart_spec(app)["data"] if trace["name"] == "Protest"]
    select_like_the_chart(app, [{"customdata": protests["customdata"][0]}])
    assert app.session_state[SELECTED] == [PROTEST, "kyiv-protest"]
