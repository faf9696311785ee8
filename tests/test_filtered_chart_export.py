"""The exported images are the chart the analyst filtered: the sample, only Alexander Lukashenko."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import export

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        export.find_browser() is None,
        reason="image export needs Chromium or Chrome (apt-get install chromium); none found on PATH",
    ),
]


@pytest.fixture(scope="module")
def filtered_chart() -> go.Figure:
    app = AppTest.from_file(APP, default_timeout=90).run()
    app.multiselect(key="actors").set_value(["Alexander Lukashenko"]).run()
    assert not app.exception
    return go.Figure(json.loads(app.get("plotly_chart")[0].proto.spec))


def test_the_filtered_chart_has_lukashenkos_lanes_only(filtered_chart: go.Figure) -> None:
    lanes = set(filtered_chart.layout.yaxis.ticktext)
    assert "Alexander Lukashenko" in lanes and "Soviet Union" not in lanes


def test_png_of_the_filtered_chart_is_a_real_image(filtered_chart: go.Figure) -> None:
    data = export.figure_to_image(filtered_chart, "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 300 and len(data) > 10_000


def test_svg_of_the_filtered_chart_shows_lukashenko_and_not_the_soviet_union(filtered_chart: go.Figure) -> None:
    svg = export.figure_to_image(filtered_chart, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert "Alexander Lukashenko" in svg and "Soviet Union" not in svg
