"""What the app costs per rerun: on more events than a person reads row by row the table is capped (and the
selection still maps right); the corrections file is opened once, not on every rerun; the events file is read
once for all sessions, which share the frame and never change it; the corrections are applied once for all
sessions, and again only when one is saved."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.synthetic_events import synthetic_events  # noqa: E402
from dashboard import data, selection  # noqa: E402
from dashboard.correction_form import SELECTED, SHOWN  # noqa: E402
from events import corrections  # noqa: E402
from events.corrections import CorrectionStore  # noqa: E402
from events.io import read_events, write_events  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
COUNT = 2_500


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    return synthetic_events(COUNT)


@pytest.fixture
def app(many: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    path = tmp_path / "many.parquet"
    write_events(many, path)
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(path))
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception, app.exception
    return app


def captions(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in app.caption)


def test_the_table_keeps_the_first_rows_in_order_and_the_selected_ones_beyond(many: pd.DataFrame) -> None:
    ordered = many.sort_values(["start", "end"], na_position="last", kind="stable")["event_id"].tolist()
    assert data.table_events(many, limit=10)["event_id"].tolist() == ordered[:10]
    late = [ordered[-1], ordered[500]]
    assert data.table_events(many, limit=10, keep=late)["event_id"].tolist() == [*ordered[:10], ordered[500],
                                                                                  ordered[-1]]
    assert len(data.table_events(many.head(10), limit=10)) == 10


def test_a_large_table_shows_its_first_rows_and_says_so(app: AppTest, many: pd.DataFrame) -> None:
    table = app.dataframe[0].value
    assert len(table) == data.TABLE_MAX_ROWS
    assert f"Showing 1,000 of {COUNT:,} events" in captions(app)
    first = many.sort_values(["start", "end"], kind="stable").iloc[0]
    assert table["Title"].iloc[0] == first["title"]
    # Narrowed below the cap: every row, and no word about a cap.
    app.text_input(key="text").set_value(str(first["title"])).run()
    assert 0 < len(app.dataframe[0].value) < data.TABLE_MAX_ROWS
    assert " of 2,500 events" not in captions(app)


def test_an_event_selected_beyond_the_cap_gets_a_ticked_row_that_maps_back(app: AppTest, many: pd.DataFrame) -> None:
    last_dated = many[many["start"].notna()].sort_values(["start", "end"], kind="stable")["event_id"].iloc[-1]
    app.session_state[SELECTED] = [last_dated]
    app.run()
    assert not app.exception, app.exception
    row_ids = app.session_state["table_event_ids"]
    assert len(row_ids) == data.TABLE_MAX_ROWS + 1 and row_ids[-1] == last_dated
    ticked = app.session_state["events_table"]["selection"]["rows"]
    assert ticked == [data.TABLE_MAX_ROWS]
    assert app.dataframe[0].value["Title"].iloc[-1] == many.set_index("event_id").loc[last_dated, "title"]
    # And a row ticked in the table selects the event it shows.
    state = selection.table_selection_state([3])
    assert selection.table_selection_ids(state, row_ids) == [row_ids[3]]


def test_the_corrections_file_is_opened_once_not_on_every_rerun(corrections_in_tmp: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.EVENTS_ENV_VAR, raising=False)
    opened: list[Path] = []
    original = CorrectionStore.__init__

    def counting(self: CorrectionStore, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(self.path)

    monkeypatch.setattr(CorrectionStore, "__init__", counting)
    app = AppTest.from_file(APP, default_timeout=120).run()
    for text in ("Lukaschenko", "Minsk", ""):
        app.text_input(key="text").set_value(text).run()
    AppTest.from_file(APP, default_timeout=120).run()  # a second tab
    assert not app.exception, app.exception
    assert opened.count(corrections_in_tmp) <= 2  # created, then opened once by its file identity
    opened.clear()
    for text in ("Belarus", ""):
        app.text_input(key="text").set_value(text).run()
    assert opened == []
    # A corrections file deleted meanwhile is made afresh, not a broken cached handle.
    for leftover in corrections_in_tmp.parent.glob(corrections_in_tmp.name + "*"):
        leftover.unlink()
    app.text_input(key="text").set_value("Minsk").run()
    assert not app.exception, app.exception
    assert CorrectionStore(corrections_in_tmp).revision() == 0


ARTICLE = ("Lukaschenko trifft Putin in Moskau\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir "
           "Putin in Moskau. Sie sprachen über einen Vertrag.").encode()


def test_sessions_share_the_loaded_events_and_none_changes_them(app: AppTest, many: pd.DataFrame,
                                                                 tmp_path: Path) -> None:
    second = AppTest.from_file(APP, default_timeout=120).run()  # another tab on the same file
    assert second.session_state["events"] is app.session_state["events"]  # read once, not copied per session
    # The first tab does what changes its own events: filters, a selection, a correction, an upload.
    app.multiselect(key="actors").set_value([many["actors"].explode().value_counts().index[0]]).run()
    app.text_input(key="text").set_value("treaty").run()
    shown = app.session_state["table_event_ids"]
    app.session_state[SELECTED] = shown[:1]
    app.run()
    next(button for button in app.button if button.label == "Hide event").click().run()
    app.file_uploader(key="uploads_0").set_value([("moskau.txt", ARTICLE, "text/plain")]).run()
    next(button for button in app.button if button.label == "Read articles").click().run()
    assert not app.exception, app.exception
    assert set(app.session_state["shown_events"]["doc_id"]) == {"moskau"}  # the first tab is in the new workspace
    # The shared frame is as read from the file: the other tab and a new one see the data unchanged.
    pd.testing.assert_frame_equal(second.session_state["events"], read_events(tmp_path / "many.parquet"))
    third = AppTest.from_file(APP, default_timeout=120).run()
    assert "moskau" not in set(third.session_state["events"]["doc_id"])
    assert len(third.session_state["events"]) == COUNT


def test_tabs_share_the_corrected_events_and_a_save_is_applied_once_for_all(
    many: pd.DataFrame, tmp_path: Path, corrections_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corrected.parquet"
    write_events(many, path)
    monkeypatch.setenv(data.EVENTS_ENV_VAR, str(path))
    first_hidden, second_hidden = many["event_id"].iloc[0], many["event_id"].iloc[1]
    CorrectionStore(corrections_in_tmp).hide(many.iloc[0].to_dict())
    applied: list[int] = []
    original = corrections.apply_corrections

    def counting(events: pd.DataFrame, log: object, **options: object) -> pd.DataFrame:
        applied.append(len(events))
        return original(events, log, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(corrections, "apply_corrections", counting)
    first = AppTest.from_file(APP, default_timeout=120).run()
    second = AppTest.from_file(APP, default_timeout=120).run()  # another tab
    assert applied == [COUNT]
    assert second.session_state[SHOWN] is first.session_state[SHOWN]
    assert first.session_state[SHOWN].set_index("event_id").loc[first_hidden, "hidden"]

    # A correction saved in one tab is applied once, and the other tab's next run shows it.
    first.session_state[SELECTED] = [second_hidden]
    first.run()
    first.button(key="hide_event").click().run()
    second.run()
    assert not first.exception and not second.exception, (first.exception, second.exception)
    assert applied == [COUNT, COUNT]
    shown = second.session_state[SHOWN]
    assert shown is first.session_state[SHOWN]
    assert shown.set_index("event_id").loc[[first_hidden, second_hidden], "hidden"].all()
