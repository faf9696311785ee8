"""Charts that people with a colour-vision deficiency can read: the event-type palette is a known colour-blind-safe
set whose colours stay apart under simulated colour blindness, and no chart says anything by colour alone.

Colour blindness is simulated with the matrices of Machado, Oliveira & Fernandes (2009) at full severity, in
linear RGB; distances are CIE76 ΔE in CIELAB (about 2.3 is just noticeable; 10 or more reads as another colour
at a glance).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from dashboard_fixtures import events_frame

from dashboard.figures import EVENT_TYPE_PALETTE, event_type_colours, timeline_figure
from dashboard.views import cooccurrence_figure, counts_over_time_figure
from events.eventtypes import event_types

# Okabe & Ito (2008), "Color Universal Design", without black; Paul Tol (2021), "Colour schemes", muted set.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
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


def test_the_palette_is_okabe_ito_then_tol_muted_each_colour_once() -> None:
    palette = [colour.upper() for colour in EVENT_TYPE_PALETTE]
    assert len(set(palette)) == len(palette)
    assert set(palette[:6]) <= set(OKABE_ITO)  # the common case, a handful of types, is all Okabe–Ito
    assert set(palette) == set(OKABE_ITO) | set(TOL_MUTED)
    assert palette[-2:] == ["#DDCC77", "#F0E442"]  # the pale ones, hard to see faded on white, come last


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia", "tritanopia", "typical"])
def test_event_type_colours_stay_apart_under_colour_blindness(vision: str) -> None:
    colours = event_type_colours(event_types())
    in_order = [colours[event_type] for event_type in event_types()]
    assert len(set(in_order)) == len(in_order)
    assert closest_pair(in_order[:8], vision) >= 15  # up to eight types: clearly different colours
    # The whole taxonomy still keeps every two colours apart (a careless order puts two at about 4).
    assert closest_pair(in_order, vision) >= 7.5


# --- nothing said by colour alone -----------------------------------------------------------------------------


def test_the_timeline_names_each_type_in_legend_and_hover_and_draws_date_certainty_as_marks() -> None:
    events = events_frame()
    figure = timeline_figure(events)
    types = set(events.loc[events["start"].notna(), "event_type"])
    legend = {trace.name for trace in figure.data if trace.showlegend}
    assert types <= legend
    assert {"exact date", "vague date (estimate)", "inferred date (from context)", "single day"} <= legend
    by_id = events.set_index("event_id")["event_type"]
    marks = [(point[0], hover) for trace in figure.data if trace.customdata is not None
             for point, hover in zip(trace.customdata, trace.hovertext, strict=True)]
    assert marks
    assert all(f"Type: {by_id[event_id]}" in hover for event_id, hover in marks)
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
    figure = cooccurrence_figure(events_frame())
    for trace in figure.data:
        assert [int(text) for text in trace.text] == [len(ids[0]) for ids in trace.customdata]


def test_the_palette_repeats_only_past_its_end() -> None:
    many = event_type_colours([f"type {index}" for index in range(len(EVENT_TYPE_PALETTE) + 2)])
    colours = pd.Series(many)
    assert colours.iloc[: len(EVENT_TYPE_PALETTE)].is_unique
