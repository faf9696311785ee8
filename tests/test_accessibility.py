"""Charts everyone can read: the event-type palette is a known colour-blind-safe set whose colours stay apart under
simulated colour blindness, no chart says anything by colour alone, and the co-occurrence grid keeps its labels
readable with 25 actors (its most) of real-world name lengths.

Colour blindness is simulated with the matrices of Machado, Oliveira & Fernandes (2009) at full severity, in
linear RGB; distances are CIE76 ΔE in CIELAB (about 2.3 is just noticeable; 10 or more reads as another colour
at a glance).
"""

from __future__ import annotations

import html
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from dashboard_fixtures import events_frame

from bench.synthetic_events import synthetic_events
from dashboard.figures import short_labels, timeline_figure
from dashboard.marks import cell_events
from dashboard.palette import event_type_colours, type_colour
from dashboard.views import LABEL_CHARS, cooccurrence_figure, counts_over_time_figure
from events.eventtypes import event_type_label, event_types, families, types_of_family

# Okabe & Ito (2008), "Color Universal Design", without black; Paul Tol (2021), "Colour schemes", muted and
# bright sets.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
TOL_BRIGHT = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")
# Paul Tol's twelve-colour qualitative scheme (2012 technical note) adds these two to the muted set.
TOL_TWELVE = ("#661100", "#6699CC")
# Paul Tol (2021): the light, high-contrast, medium-contrast and dark schemes.
TOL_LIGHT = ("#77AADD", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB", "#DDDDDD")
TOL_CONTRAST = ("#004488", "#DDAA33", "#BB5566", "#6699CC", "#EECC66", "#994455", "#997700", "#EE99AA")
TOL_DARK = ("#222255", "#225555", "#225522", "#666633", "#663333", "#555555")
VISION = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
D65_WHITE = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(hex_colour: str) -> np.ndarray:
    channels = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def cielab(linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / D65_WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours: list[str], vision: str) -> float:
    """The smallest ΔE between any two of the colours, as someone with `vision` sees them."""
    seen = [cielab(np.array(VISION[vision]) @ linear_rgb(colour)) for colour in colours]
    return min(float(np.linalg.norm(a - b)) for a, b in combinations(seen, 2))


# --- the palette ----------------------------------------------------------------------------------------------


def test_every_type_has_its_familys_colour_from_the_colour_file() -> None:
    colours = event_type_colours(event_types())
    assert colours == {event_type: type_colour(event_type) for event_type in event_types()}
    # One colour per family (PLOVER category or one of ours), no two families alike: an attack and a terror
    # attack share ASSAULT's colour, a treaty and a ratification SUPPORT's.
    by_family = {family: {colours[t] for t in types_of_family(family)} for family in families()}
    assert all(len(found) == 1 for found in by_family.values())
    assert len({next(iter(found)) for found in by_family.values()}) == len(families())
    published = (*OKABE_ITO, *TOL_MUTED, *TOL_BRIGHT, *TOL_TWELVE, *TOL_LIGHT, *TOL_CONTRAST, *TOL_DARK)
    known = {c.upper() for c in published}
    assert {colour.upper() for colour in colours.values()} <= known  # published colour-blind-safe sets only
    assert type_colour("military") == type_colour("attack")  # an earlier version's id keeps its successor's


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia", "tritanopia", "typical"])
def test_event_type_colours_stay_apart_under_colour_blindness(vision: str) -> None:
    colours = sorted(set(event_type_colours(event_types()).values()))
    # Every two of the 21 families stay apart (a careless choice of that many puts two at about 1) ...
    assert closest_pair(colours, vision) >= 9.5
    # ... and what the issue found hard to tell apart on the chart, force and statements, very much so.
    assert closest_pair([type_colour("attack"), type_colour("statement")], vision) >= 30


def test_a_type_s_colour_does_not_depend_on_the_other_types_or_their_order() -> None:
    alone = event_type_colours(["protest"])
    among = event_type_colours(["treaty", "strike", "protest", "election"])
    reversed_ = event_type_colours(["election", "protest", "strike", "treaty"])
    assert alone["protest"] == among["protest"] == reversed_["protest"]
    assert among == reversed_


def test_types_the_colour_file_does_not_name_get_a_stable_colour() -> None:
    first = event_type_colours([f"new type {index}" for index in range(5)])
    again = event_type_colours([f"new type {index}" for index in reversed(range(5))])
    assert first == again
    assert all(colour.startswith("#") and len(colour) == 7 for colour in first.values())


# --- nothing said by colour alone -----------------------------------------------------------------------------


def test_the_timeline_names_each_type_in_legend_and_hover_and_draws_date_certainty_as_marks() -> None:
    events = events_frame()
    figure = timeline_figure(events)
    types = {event_type_label(value, "en") for value in events.loc[events["start"].notna(), "event_type"]}
    legend = {trace.name for trace in figure.data if trace.showlegend}
    assert types <= legend
    assert {"exact date", "vague date (estimate)", "inferred date (from context)", "single day"} <= legend
    by_id = events.set_index("event_id")["event_type"]
    marks = [(point[0], hover) for trace in figure.data if trace.customdata is not None
             for point, hover in zip(trace.customdata, trace.hovertext, strict=True)]
    assert marks
    assert all(f"Type: {event_type_label(by_id[event_id], 'en')}" in hover for event_id, hover in marks)
    # Certainty is a pattern or an outline, not a shade of the type's colour only.
    styles = {trace.name: trace.marker for trace in figure.data if trace.showlegend and trace.legend == "legend2"}
    assert styles["vague date (estimate)"].pattern.shape == "/"
    assert styles["exact date"].pattern.shape in (None, "")


def test_the_counts_view_names_the_type_of_each_bar_in_its_hover() -> None:
    figure = counts_over_time_figure(events_frame())
    assert figure.layout.showlegend is not False
    for trace in figure.data:
        assert all(hover.startswith(f"<b>{trace.name}</b>") for hover in trace.hovertext)


def test_co_occurrence_cells_print_their_counts_so_the_shade_is_never_the_only_clue() -> None:
    events = events_frame()
    figure = cooccurrence_figure(events)
    for trace in figure.data:
        counted = [len(cell_events(events, [tuple(key)])) for key in trace.customdata]
        assert [int(text) for text in trace.text] == counted


# --- the co-occurrence grid at its most actors -----------------------------------------------------------------

# Names as news give them, the long ones included: 26, so the grid shows its top 25.
NEWS_ACTORS = (
    "Vladimir Putin", "Alexander Lukashenko", "Volodymyr Zelensky", "European Union", "NATO",
    "Organization for Security and Co-operation in Europe", "Organization for Economic Co-operation and Development",
    "Sviatlana Tsikhanouskaya", "Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Xi Jinping", "Recep Tayyip Erdoğan",
    "United Nations Security Council", "Russia", "Belarus", "Ukraine", "Poland", "Lithuania", "Kremlin",
    "Sergei Lavrov", "Maria Kalesnikava", "International Criminal Court", "Ursula von der Leyen", "Viktor Orbán",
    "Ales Bialiatski",
)
SMALLEST_READABLE_PX = 10
ROW_MIN_PX = 20


def news_events(actors: int = len(NEWS_ACTORS)) -> pd.DataFrame:
    events = synthetic_events(800, actors=actors, seed=11)
    names = {f"Actor {index:03d}": name for index, name in enumerate(NEWS_ACTORS)}
    events["actors"] = events["actors"].map(lambda listed: [names[actor] for actor in listed])
    return events


def test_twenty_five_actors_each_get_a_readable_distinct_label_and_their_full_name_on_hover() -> None:
    figure = cooccurrence_figure(news_events())
    labels = [html.unescape(label) for label in figure.layout.yaxis.ticktext]
    assert len(labels) == 25 and labels == [html.unescape(label) for label in figure.layout.xaxis.ticktext]
    assert len(set(labels)) == 25  # the two "Organization for …" stay apart
    diagonal = figure.data[0]
    full_names = {int(column): html.unescape(hover.split("</b>")[0].removeprefix("<b>"))
                  for column, hover in zip(diagonal.x, diagonal.hovertext, strict=True)}
    for position, label in enumerate(labels):
        name = full_names[position]
        assert name in NEWS_ACTORS
        if label != name:  # cut: a recognisable start of the name, never a stub
            assert label.endswith("…") and name.startswith(label[:-1]) and len(label) >= 12
        assert len(label) <= LABEL_CHARS + 4
    assert any(label.endswith("…") for label in labels)  # the long names are cut, not left to squeeze the grid


def test_the_grid_grows_with_its_actors_and_keeps_fonts_and_rows_readable() -> None:
    few, many = cooccurrence_figure(news_events(8)), cooccurrence_figure(news_events())
    rows_few, rows_many = len(few.layout.yaxis.ticktext), len(many.layout.yaxis.ticktext)
    assert rows_many == 25 and rows_few <= 8
    assert (many.layout.height - few.layout.height) / (rows_many - rows_few) >= ROW_MIN_PX
    assert many.layout.xaxis.tickangle == -90  # upright column labels need only a line's width each
    for axis in (many.layout.xaxis, many.layout.yaxis):
        assert axis.tickfont.size >= SMALLEST_READABLE_PX
    assert many.layout.uniformtext.minsize >= SMALLEST_READABLE_PX  # counts that would not fit are not shrunk
    for trace in many.data:
        # Cells sized in data units, not pixels: however narrow the window, neighbours never overlap.
        assert trace.type == "bar" and 0 < trace.width < 1 and set(trace.y) == {1}
        assert trace.textfont.size >= SMALLEST_READABLE_PX
    colour_bar = many.data[1].marker.colorbar
    assert colour_bar.orientation == "h"  # above the grid, leaving the width to the columns


def test_cut_labels_alike_in_their_first_words_are_told_apart() -> None:
    ministries = ["Ministry of Foreign Affairs of Russia", "Ministry of Foreign Affairs of Belarus", "NATO"]
    labels = short_labels(ministries, LABEL_CHARS)
    assert len(set(labels)) == 3 and labels[2] == "NATO"
    assert labels[0].endswith("of Russia") and labels[1].endswith("of Belarus")  # the part that differs
    assert all(label.startswith("Ministry") and len(label) <= LABEL_CHARS for label in labels[:2])
    assert len(set(short_labels(["A" * 30, "A" * 30], LABEL_CHARS))) == 2  # alike in every letter: numbered
