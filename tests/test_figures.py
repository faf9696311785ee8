"""The timeline figure, checked through the Plotly figure it builds (no Streamlit, no browser)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pytest
from dashboard_fixtures import (
    ARRESTS,
    ELECTION,
    INDEPENDENCE,
    INTERVIEW,
    MILITARY,
    PROTEST,
    STRIKE,
    TREATY,
    UNRESOLVED,
    events_frame,
)

from dashboard.figures import MAX_ROWS_PER_LANE, NO_ACTOR_LANE, timeline_figure
from dashboard.palette import event_type_colours, type_colour
from events.eventtypes import event_type_label
from events.schema import conform, empty_events


@dataclass
class Drawn:
    """One drawn point or bar of the figure, with what identifies it."""

    event_id: str
    lane: str
    kind: str  # "bar" or "dot"
    trace: go.Bar | go.Scatter
    index: int

    @property
    def y(self) -> float:
        return self.trace.y[self.index]

    @property
    def start(self) -> pd.Timestamp:
        value = self.trace.base[self.index] if self.kind == "bar" else self.trace.x[self.index]
        return pd.Timestamp(value)

    @property
    def stop(self) -> pd.Timestamp:
        assert self.kind == "bar"
        return self.start + pd.Timedelta(milliseconds=self.trace.x[self.index])

    @property
    def hover(self) -> str:
        return self.trace.hovertext[self.index] if self.trace.hovertext is not None else ""


def drawn(figure: go.Figure) -> list[Drawn]:
    """Every event mark in the figure (legend-only entries carry no customdata and are skipped)."""
    marks: list[Drawn] = []
    for trace in figure.data:
        for index, (event_id, lane) in enumerate(trace.customdata or ()):
            kind = "bar" if isinstance(trace, go.Bar) else "dot"
            marks.append(Drawn(event_id, lane, kind, trace, index))
    return marks


def hoverable(figure: go.Figure, event_id: str) -> list[Drawn]:
    """The marks of one event that show its hover label (not its faint open-end continuation)."""
    return [mark for mark in drawn(figure) if mark.event_id == event_id and mark.trace.hoverinfo != "skip"
            and mark.trace.hovertemplate]


def lane_of_y(figure: go.Figure, y: float) -> str:
    """The lane label whose band holds `y` (lanes are ticks at the middle of their sub-rows)."""
    ticks = list(zip(figure.layout.yaxis.tickvals, figure.layout.yaxis.ticktext, strict=True))
    return min(ticks, key=lambda tick: abs(tick[0] - y))[1]


@pytest.fixture
def events() -> pd.DataFrame:
    return events_frame()


def test_an_event_with_two_actors_appears_in_both_actor_lanes(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="actor")
    marks = hoverable(figure, INDEPENDENCE)
    assert {mark.lane for mark in marks} == {"Belarus", "Soviet Union"}
    # ... and each copy is drawn inside its own lane's band, not just labelled so.
    assert {lane_of_y(figure, mark.y) for mark in marks} == {"Belarus", "Soviet Union"}


def test_actor_lanes_put_frequent_actors_first_and_actorless_events_last(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="actor")
    labels = list(figure.layout.yaxis.ticktext)
    assert labels[0] == "Belarus"
    assert labels[-1] == NO_ACTOR_LANE
    assert {mark.lane for mark in hoverable(figure, INTERVIEW)} == {NO_ACTOR_LANE}


def test_lanes_by_event_type_give_each_event_one_lane_named_by_its_type(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="event_type")
    dated_types = set(events.loc[events["start"].notna(), "event_type"])
    assert set(figure.layout.yaxis.ticktext) == {event_type_label(value, "en") for value in dated_types}
    by_id = events.set_index("event_id")
    for mark in drawn(figure):
        assert mark.lane == by_id.loc[mark.event_id, "event_type"]  # the data's value; the axis names it
        assert lane_of_y(figure, mark.y) == event_type_label(mark.lane, "en")
    assert len(hoverable(figure, MILITARY)) == 1  # three actors, but one type lane
    assert figure.layout.title.text == "Chronik — events by event type"


@pytest.mark.parametrize(
    ("event_id", "first_day", "day_after"),
    [(ELECTION, "2020-08-01", "2020-09-01"), (INDEPENDENCE, "1991-01-01", "1992-01-01")],
)
def test_month_and_year_events_are_bars_over_their_whole_span(
    events: pd.DataFrame, event_id: str, first_day: str, day_after: str
) -> None:
    marks = hoverable(timeline_figure(events), event_id)
    assert marks and all(mark.kind == "bar" for mark in marks)
    for mark in marks:
        # The end date is inclusive, so the bar runs to the start of the following day.
        assert mark.start == pd.Timestamp(first_day)
        assert mark.stop == pd.Timestamp(day_after)


def test_single_day_events_are_dots_in_the_middle_of_their_day(events: pd.DataFrame) -> None:
    marks = hoverable(timeline_figure(events), INTERVIEW)
    assert [mark.kind for mark in marks] == ["dot"]
    assert marks[0].start == pd.Timestamp("2024-12-14 12:00")


def test_overlapping_events_in_one_lane_get_separate_rows(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="actor")
    in_belarus = {mark.event_id: mark.y for mark in hoverable(figure, ELECTION) + hoverable(figure, PROTEST)
                  if mark.lane == "Belarus"}
    assert in_belarus[ELECTION] != in_belarus[PROTEST]


def _bar_marker(figure: go.Figure, event_id: str) -> go.bar.Marker:
    return next(mark.trace.marker for mark in hoverable(figure, event_id) if mark.kind == "bar")


def _alpha(rgba: str) -> float:
    return float(rgba.rsplit(",", 1)[1].rstrip(")"))


def test_vague_and_inferred_dates_look_different_from_exact_ones(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="event_type")
    exact = _bar_marker(figure, ELECTION)
    vague = _bar_marker(figure, MILITARY)
    inferred = _bar_marker(figure, ARRESTS)
    assert not exact.pattern.shape
    assert vague.pattern.shape == "/"  # hatched
    assert _alpha(vague.color) < _alpha(exact.color)  # and faded
    assert _alpha(inferred.color) < 0.2 < _alpha(exact.color)  # hollow ...
    assert inferred.line.width > exact.line.width  # ... with a stronger outline


def test_vague_and_inferred_single_days_look_different_too() -> None:
    events = events_frame()
    interview = events["event_id"] == INTERVIEW
    exact_symbol = hoverable(timeline_figure(events), INTERVIEW)[0].trace.marker.symbol
    events.loc[interview, "date_inferred"] = True
    inferred_symbol = hoverable(timeline_figure(events), INTERVIEW)[0].trace.marker.symbol
    assert exact_symbol == "circle"
    assert inferred_symbol == "circle-open"


def test_open_ended_event_fades_out_to_an_arrow_past_the_last_date(events: pd.DataFrame) -> None:
    figure = timeline_figure(events, lanes="event_type")
    strike = [mark for mark in drawn(figure) if mark.event_id == STRIKE]
    own = [mark for mark in strike if mark in hoverable(figure, STRIKE)]
    assert [mark.kind for mark in own] == ["dot"]  # the known first day
    continuation = next(mark for mark in strike if mark.kind == "bar")
    assert continuation.start == pd.Timestamp("2020-08-13")
    assert continuation.stop > pd.Timestamp("2024-12-15")  # past the latest known date
    assert _alpha(continuation.trace.marker.color) < 0.3
    arrows = [mark for mark in strike if mark.kind == "dot" and mark.trace.marker.symbol == "triangle-right"]
    assert len(arrows) == 1 and arrows[0].start == continuation.stop
    assert "no end given" in own[0].hover


def test_hover_shows_date_as_written_title_actors_and_sentence(events: pd.DataFrame) -> None:
    hover = hoverable(timeline_figure(events), TREATY)[0].hover
    assert "kürzlich" in hover
    assert "Vertrag über Sicherheitsgarantien" in hover
    assert "Vladimir Putin, Alexander Lukashenko" in hover
    assert "gegenseitige Sicherheitsgarantien" in hover
    assert "vague" in hover


def test_hover_escapes_article_text_so_it_is_never_rendered_as_html() -> None:
    events = events_frame()
    treaty = events["event_id"] == TREATY
    events.loc[treaty, "sentence"] = 'Er schrieb <script>alert("x")</script> & <a href="https://x">hier</a>.'
    events.loc[treaty, "title"] = "<b>Vertrag</b>"
    events.loc[treaty, "date_text"] = "<i>kürzlich</i>"
    figure = timeline_figure(events)
    hover = hoverable(figure, TREATY)[0].hover
    assert "<script>" not in hover and "<a " not in hover and "<b>Vertrag" not in hover
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;a href" in hover
    assert "&lt;b&gt;Vertrag&lt;/b&gt;" in hover and "&lt;i&gt;kürzlich&lt;/i&gt;" in hover
    assert "<br>" in hover  # the label's own line breaks are still markup


def test_long_sentences_are_wrapped_in_the_hover() -> None:
    events = events_frame()
    events.loc[events["event_id"] == TREATY, "sentence"] = "Wort " * 60
    hover = hoverable(timeline_figure(events), TREATY)[0].hover
    assert max(len(line) for line in hover.split("<br>")) <= 100


def test_unresolved_events_are_left_out_and_counted(events: pd.DataFrame) -> None:
    figure = timeline_figure(events)
    assert UNRESOLVED not in {mark.event_id for mark in drawn(figure)}
    assert "1 without a resolvable date not shown" in figure.layout.title.subtitle.text


def test_empty_events_give_a_figure_that_says_so() -> None:
    figure = timeline_figure(empty_events(), empty_message="No events match the filters.")
    assert not drawn(figure)
    assert [annotation.text for annotation in figure.layout.annotations] == ["No events match the filters."]


def test_only_unresolved_events_give_a_figure_that_says_why_nothing_is_drawn() -> None:
    events = events_frame()
    figure = timeline_figure(events[events["event_id"] == UNRESOLVED])
    assert not drawn(figure)
    assert "None of the 1 event has a date" in figure.layout.annotations[0].text


def test_legend_explains_colours_and_marks_for_a_static_image(events: pd.DataFrame) -> None:
    figure = timeline_figure(events)
    legend = {trace.name for trace in figure.data if trace.showlegend}
    assert {"Treaty/agreement", "Election", "Strike"} <= legend
    assert {"exact date", "vague date (estimate)", "inferred date (from context)", "open end (no end date)"} <= legend
    assert figure.layout.title.text == "Chronik — events by actor"


def test_given_colours_keep_a_type_s_colour_whatever_the_filter(events: pd.DataFrame) -> None:
    colours = event_type_colours(["treaty", "election", "protest"])
    only_treaty = events[events["event_id"] == TREATY]
    figure = timeline_figure(only_treaty, colours=colours)
    assert _bar_marker(figure, TREATY).line.color == colours["treaty"]


def test_trace_count_grows_with_types_and_styles_not_with_events() -> None:
    rows = []
    first = pd.Timestamp("2000-01-01")
    for index in range(600):
        rows.append({
            "event_id": f"doc:s{index}", "doc_id": "doc", "start": first + pd.Timedelta(days=index),
            "end": first + pd.Timedelta(days=index + index % 40),
            "precision": "day", "event_type": ["protest", "election", "treaty"][index % 3],
            "date_vague": index % 5 == 0, "actors": [["Belarus"], ["Russia", "Belarus"], []][index % 3],
            "sentence": f"Sentence {index}.",
        })
    figure = timeline_figure(conform(pd.DataFrame(rows)))
    assert len(drawn(figure)) == 600 + 200  # two-actor events are drawn twice
    assert len(figure.data) < 30


def test_many_actors_fold_into_one_lane_so_the_chart_stays_readable() -> None:
    rows = [
        {"event_id": f"doc:s{index}", "doc_id": "doc", "start": "2020-01-01", "end": "2020-01-01",
         "precision": "day", "event_type": "statement", "sentence": f"Sentence {index}.",
         # Actor 0 is in every event; the others are in one or two each.
         "actors": ["Actor 00", f"Actor {index + 1:02}", f"Actor {index + 2:02}"]}
        for index in range(60)
    ]
    figure = timeline_figure(conform(pd.DataFrame(rows)), max_lanes=10)
    labels = list(figure.layout.yaxis.ticktext)
    assert len(labels) == 10
    assert labels[0] == "Actor 00"
    assert labels[-1] == "(53 more actors)"  # 62 actors, 9 with their own lane
    folded = [mark for mark in drawn(figure) if mark.lane == "(53 more actors)"]
    assert len(folded) == len({mark.event_id for mark in folded})  # each event once, however many folded actors


def test_a_crowded_lane_stops_growing_at_a_few_rows() -> None:
    rows = [
        {"event_id": f"doc:s{index}", "doc_id": "doc", "start": "2020-01-01", "end": "2020-12-31",
         "precision": "year", "event_type": "protest", "sentence": f"Sentence {index}.", "actors": ["Belarus"]}
        for index in range(50)
    ]
    figure = timeline_figure(conform(pd.DataFrame(rows)))
    rows_used = {mark.y for mark in drawn(figure)}
    assert 1 < len(rows_used) <= MAX_ROWS_PER_LANE
    assert len(drawn(figure)) == 50  # crowded events overlap but none is dropped


def test_lane_labels_and_legend_names_are_escaped_too() -> None:
    events = events_frame()
    treaty = events["event_id"] == TREATY
    events.loc[treaty, "event_type"] = "<b>pact</b>"
    events.loc[treaty, "actors"] = pd.Series([["<img src=x>"]], index=events.index[treaty])
    by_actor = timeline_figure(events, lanes="actor")
    assert "&lt;img src=x&gt;" in by_actor.layout.yaxis.ticktext
    assert "&lt;b&gt;pact&lt;/b&gt;" in {trace.name for trace in by_actor.data}
    by_type = timeline_figure(events, lanes="event_type")
    assert "&lt;b&gt;pact&lt;/b&gt;" in by_type.layout.yaxis.ticktext
    labels = [*by_actor.layout.yaxis.ticktext, *by_type.layout.yaxis.ticktext, *(t.name for t in by_actor.data)]
    assert not any("<" in label for label in labels)


def test_a_type_keeps_its_colour_whatever_else_is_on_the_chart(events: pd.DataFrame) -> None:
    treaty_only = timeline_figure(events[events["event_id"] == TREATY])
    everything = timeline_figure(events)
    assert _bar_marker(treaty_only, TREATY).line.color == _bar_marker(everything, TREATY).line.color
    assert _bar_marker(everything, TREATY).line.color == type_colour("treaty")


def test_hover_counts_the_sources_and_shows_disagreeing_dates() -> None:
    from dashboard.figures import hover_text

    row = events_frame().iloc[0].to_dict()
    row.update(source_count=3, date_conflict=True,
               date_candidates=[{"value": "2024-12-06", "count": 2}, {"value": "<2024-12-05>", "count": 1}])
    hover = hover_text(row)
    assert "Reported in 3 sources" in hover and "2024-12-06 (2)" in hover
    assert "&lt;2024-12-05&gt;" in hover and "<2024-12-05>" not in hover
    row.update(source_count=1, date_conflict=False, date_candidates=[])
    assert "sources" not in hover_text(row)
