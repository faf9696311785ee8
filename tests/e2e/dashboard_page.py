"""The dashboard as a user sees it in the browser: its parts found by role, label or Streamlit's test ids, and the
steps a user takes (choose an actor, upload an article, download a file).

Streamlit reruns the script after every action and redraws asynchronously, so steps never read the page right
after acting: assertions go through Playwright's `expect`, which retries until the page shows what is expected,
and `wait_until_idle` waits for a rerun to finish where a test must read a value rather than expect one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Download, Locator, Page, expect

TABLE_KEY = "events_table"  # the app's key of the events table
SUMMARY_PATTERN = re.compile(r"^(\d+) of (\d+) events from (\d+) documents?")


@dataclass(frozen=True)
class Summary:
    """The line above the chart: '**2** of 10 events from 1 document'."""

    shown: int
    total: int
    documents: int


@dataclass(frozen=True)
class ChartMark:
    """A bar segment or co-occurrence cell as drawn: its key (what the browser sends when it is selected), the
    number of events it counts, and where it is on the page."""

    trace: str
    key: tuple[str, ...]
    count: int
    hover: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


# Each drawn bar with its key (its customdata) and its count (a cell prints it; a bar segment is as high), read
# from Plotly's own data on the page.
_BAR_MARKS_JS = """chart => Array.from(chart.querySelectorAll('.barlayer .trace')).flatMap(group => {
  const trace = group.__data__[0].trace;
  return Array.from(group.querySelectorAll('.point')).map(point => {
    const box = point.getBoundingClientRect(), index = point.__data__.i;
    return {trace: trace.name, key: trace.customdata[index],
            count: Number(trace.text ? trace.text[index] : trace.y[index]),
            hover: (trace.hovertext || [])[index] || '', x: box.x, y: box.y, width: box.width, height: box.height};
  });
})"""


# The options of a button group (segmented control) that are not wholly to be seen: past the window's edge, or
# cut off by a parent that clips or scrolls (then the page shows something else at the option's own edge).
_CUT_OFF_OPTIONS_JS = """group => Array.from(group.querySelectorAll('[role="radio"]')).filter(option => {
  const box = option.getBoundingClientRect(), middle = box.top + box.height / 2;
  const shownAt = x => option.contains(document.elementFromPoint(x, middle));
  const inWindow = box.width > 0 && box.left >= 0 && box.right <= window.innerWidth && box.top >= 0
    && box.bottom <= window.innerHeight;
  return !(inWindow && shownAt(box.left + 2) && shownAt(box.right - 2));
}).map(option => option.textContent)"""

# The date fields too narrow for their date: it scrolls inside them, cut off ("2020-08-1").
_CUT_OFF_DATES_JS = """fields => fields.filter(field => field.scrollWidth > field.clientWidth + 1)
  .map(field => field.innerText.replace(/\\s+/g, ''))"""

# How many lines a block of text takes on screen: its height over its line height.
_LINES_JS = """block => {
  const style = getComputedStyle(block);
  return Math.round(block.getBoundingClientRect().height / parseFloat(style.lineHeight));
}"""


# Where the drawn chart's parts are on the page: the figure, its plot area, the lane labels and the legends.
_CHART_LAYOUT_JS = """chart => {
  const box = element => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: element.textContent};
  };
  return {figure: box(chart.querySelector('.main-svg')), plot: box(chart.querySelector('.nsewdrag')),
          labels: Array.from(chart.querySelectorAll('.ytick text')).map(box),
          legends: Array.from(chart.querySelectorAll('.infolayer > g[class^="legend"]')).map(box)};
}"""


@dataclass(frozen=True)
class Box:
    left: float
    right: float
    top: float
    bottom: float
    text: str = ""

    @property
    def width(self) -> float:
        return self.right - self.left


@dataclass(frozen=True)
class ChartLayout:
    """The drawn chart: the whole figure, its plot area, its lane labels and its legends, as page boxes."""

    figure: Box
    plot: Box
    labels: list[Box]
    legends: list[Box]


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes
    mime_type: str = "text/plain"


class DashboardPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    # --- loading ------------------------------------------------------------------------------------------------

    def open(self, query: str = "") -> DashboardPage:
        """Load the app (relative to the server's URL), e.g. `open("?actor=Belarus")`, and wait until it is drawn."""
        self.page.goto(f"/{query}")
        self.wait_until_drawn()
        return self

    def wait_until_drawn(self, timeout_ms: float | None = None) -> None:
        expect(self.chart.locator(".main-svg").first).to_be_visible(timeout=timeout_ms)
        expect(self.header_summary).to_be_visible(timeout=timeout_ms)
        expect(self.table_grid).to_be_attached(timeout=timeout_ms)
        self.wait_until_idle(timeout_ms)

    def wait_until_idle(self, timeout_ms: float | None = None) -> None:
        """Until the script has finished its run and the page is connected (Streamlit marks both on its root)."""
        idle = self.page.locator('[data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]')
        expect(idle).to_be_attached(timeout=timeout_ms)

    # --- the parts of the page --------------------------------------------------------------------------------------

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    @property
    def chart(self) -> Locator:
        return self.page.get_by_test_id("stPlotlyChart")

    @property
    def chart_subtitle(self) -> Locator:
        return self.chart.locator(".gtitle-subtitle")

    @property
    def summary_line(self) -> Locator:
        return self.page.get_by_test_id("stMain").get_by_text(SUMMARY_PATTERN)

    @property
    def header_summary(self) -> Locator:
        """The summary line above the chart, found by its place (so in every interface language)."""
        return self.widget("chart_header").get_by_test_id("stMarkdown").locator("p").first

    @property
    def table_grid(self) -> Locator:
        """The events table's accessible copy (st.dataframe draws on a canvas; this holds the visible cells)."""
        return self.widget(TABLE_KEY).locator('table[role="grid"]')

    @property
    def detail_panel(self) -> Locator:
        """The panel below the chart that shows the selected event, its sources and the correction form."""
        return self.page.locator(".st-key-detail_panel")

    def summary(self) -> Summary:
        match = SUMMARY_PATTERN.match(self.summary_line.inner_text())
        assert match, f"no event count above the chart: {self.summary_line.inner_text()!r}"
        shown, total, documents = (int(group) for group in match.groups())
        return Summary(shown=shown, total=total, documents=documents)

    def chart_lanes(self) -> list[str]:
        """The timeline's lane labels, top to bottom."""
        return self.chart.locator(".ytick text").all_text_contents()

    def bar_marks(self) -> list[ChartMark]:
        """The bars of the counts view or the cells of the co-occurrence view (both are bar traces)."""
        marks = self.chart.locator(".js-plotly-plot").evaluate(_BAR_MARKS_JS)
        return [ChartMark(trace=mark["trace"], key=tuple(mark["key"]), count=mark["count"], hover=mark["hover"],
                          x=mark["x"], y=mark["y"], width=mark["width"], height=mark["height"])
                for mark in marks if mark["width"]]

    def click_mark(self, mark: ChartMark) -> None:
        self.page.mouse.click(*mark.centre)

    def box_select(self, left: float, top: float, right: float, bottom: float) -> None:
        """Choose the toolbar's Box Select tool and drag a box over the chart, as a user selecting several marks."""
        self.chart.hover()  # the toolbar shows while the pointer is over the chart
        self.chart.locator('.modebar-btn[data-val="select"]').click()
        self.page.mouse.move(left, top)
        self.page.mouse.down()
        self.page.mouse.move((left + right) / 2, (top + bottom) / 2, steps=5)
        self.page.mouse.move(right, bottom, steps=5)
        self.page.mouse.up()

    def expect_selected_rows(self, count: int) -> None:
        expect(self.table_grid.locator('tbody tr[aria-selected="true"]')).to_have_count(count)

    def selected_table_column(self, name: str) -> list[str]:
        """The cells of one column in the table rows that are ticked (selected)."""
        headers = self.table_grid.locator("thead th").all_text_contents()
        assert name in headers, f"no column {name!r} among the visible ones: {headers}"
        return self.table_grid.locator('tbody tr[aria-selected="true"]').evaluate_all(
            "(rows, index) => rows.map(row => row.cells[index].textContent)", headers.index(name)
        )

    def expect_table_rows(self, count: int) -> None:
        expect(self.table_grid).to_have_attribute("aria-rowcount", str(count + 1))  # plus the header row

    def table_column(self, name: str) -> list[str]:
        """The cells of one column in the rows the table has drawn (all of them for a table of a few rows)."""
        headers = self.table_grid.locator("thead th").all_text_contents()
        assert name in headers, f"no column {name!r} among the visible ones: {headers}"
        return self.table_grid.locator("tbody tr").evaluate_all(
            "(rows, index) => rows.map(row => row.cells[index].textContent)", headers.index(name)
        )

    # --- the keyboard -----------------------------------------------------------------------------------------------

    def widget(self, key: str) -> Locator:
        """A widget's container, by the key the app gives it (Streamlit marks it with the class st-key-<key>)."""
        return self.page.locator(f".st-key-{key}")

    def cut_off_options(self, key: str) -> list[str]:
        """The options of the button group with this key that the window does not show whole."""
        return self.widget(key).evaluate(_CUT_OFF_OPTIONS_JS)

    def date_field_text(self, key: str) -> str:
        """The date a date input with this key shows, as one string ("2020-08-13")."""
        return self.widget(key).locator('[data-testid="stDateInputFieldsScroller"]').inner_text().replace("\n", "")

    def cut_off_date_fields(self) -> list[str]:
        """The dates of the sidebar's date inputs that their field is too narrow to show whole."""
        return self.sidebar.locator('[data-testid="stDateInputFieldsScroller"]').evaluate_all(_CUT_OFF_DATES_JS)

    def chart_layout(self) -> ChartLayout:
        """Where the chart's figure, plot area, lane labels and legends are drawn."""
        found = self.chart.evaluate(_CHART_LAYOUT_JS)
        return ChartLayout(Box(**found["figure"]), Box(**found["plot"]), [Box(**box) for box in found["labels"]],
                           [Box(**box) for box in found["legends"]])

    def header_summary_lines(self) -> int:
        """Lines the summary above the chart takes."""
        return self.header_summary.evaluate(_LINES_JS)

    def focused_key(self) -> str:
        """The app's key of the widget holding the keyboard focus ('' outside any keyed widget)."""
        return self.page.evaluate("""() => {
            const keyed = document.activeElement && document.activeElement.closest('[class*="st-key-"]');
            const name = keyed ? Array.from(keyed.classList).find(c => c.startsWith('st-key-')) : '';
            return name ? name.slice('st-key-'.length) : '';
        }""")

    def focused_role(self) -> str:
        return self.page.evaluate("() => (document.activeElement && document.activeElement.getAttribute('role')) || ''")

    def focused_tag(self) -> str:
        return self.page.evaluate("() => (document.activeElement && document.activeElement.tagName) || ''")

    def tab_to(self, key: str, role: str | None = None, most: int = 60, tag: str | None = None) -> int:
        """Press Tab, as a keyboard user, until the widget with this key (and, inside it, an element with this
        role or tag: a widget's help icon is a Tab stop too) has the focus; the number of presses."""
        for presses in range(1, most + 1):
            self.page.keyboard.press("Tab")
            if self.focused_key() == key and (role is None or self.focused_role() == role) and \
                    (tag is None or self.focused_tag() == tag.upper()):
                return presses
        raise AssertionError(f"{most} presses of Tab never reached the widget {key!r}")

    def tab_into_table(self) -> int:
        """Tab past the table's toolbar buttons to its cells (the grid is drawn on a canvas, a Tab stop of its own)."""
        return self.tab_to(TABLE_KEY, tag="canvas", most=120)

    def _focused_id(self) -> str:
        return self.page.evaluate("() => (document.activeElement && document.activeElement.id) || ''")

    def table_cursor_row(self) -> int | None:
        """The row (from 0) of the table cell the keyboard is on: the grid moves the focus through the cells of its
        accessible copy, whose ids are glide-cell-<column>-<row>."""
        match = re.fullmatch(r"glide-cell-\d+-(\d+)", self._focused_id())
        return int(match.group(1)) if match else None

    def arrow_to_row(self, row: int) -> None:
        """Move the table's cell cursor with the arrow keys, as a keyboard user, to `row`."""
        for _ in range(row + 2):  # the first press may only put the cursor in the grid
            current = self.table_cursor_row()
            if current == row:
                return
            before = self._focused_id()
            self.page.keyboard.press("ArrowUp" if current is not None and current > row else "ArrowDown")
            # The grid moves the focus when it has drawn the move, a moment after the key.
            self.page.wait_for_function("before => /^glide-cell-/.test((document.activeElement || {}).id || '') && "
                                        "document.activeElement.id !== before", arg=before)
        raise AssertionError(f"the arrow keys did not reach row {row} (at {self.table_cursor_row()})")

    # --- steps ------------------------------------------------------------------------------------------------------

    def choose_actor(self, name: str) -> None:
        self.page.get_by_role("combobox", name="Actors").click()
        self.page.get_by_role("option", name=name, exact=True).click()
        self.page.keyboard.press("Escape")  # close the list, so it covers nothing
        expect(self.chosen_actor(name)).to_be_visible()

    def chosen_actor(self, name: str) -> Locator:
        """A chosen value of the Actors filter carries a button to remove it."""
        return self.sidebar.get_by_role("button", name=f"Remove {name}", exact=True)

    def click_latest_event_in_lane(self, lane: str) -> None:
        """Click the rightmost mark of a timeline lane, where a user would, so Plotly reports the click."""
        tick = self.chart.locator(".ytick text").filter(has_text=re.compile(rf"^{re.escape(lane)}$"))
        tick_box = tick.bounding_box()
        assert tick_box, f"no lane {lane!r} on the chart: {self.chart_lanes()}"
        lane_middle = tick_box["y"] + tick_box["height"] / 2
        marks = [box for box in (mark.bounding_box() for mark in self.chart.locator(".barlayer .point").all())
                 if box and box["width"] > 0 and box["y"] <= lane_middle <= box["y"] + box["height"]]
        assert marks, f"no event marks in the lane {lane!r}"
        latest = max(marks, key=lambda box: box["x"] + box["width"])
        self.page.mouse.click(latest["x"] + latest["width"] / 2, lane_middle)

    def open_expander(self, container: Locator, label: str) -> Locator:
        """Open the expander with this label and wait until it has finished opening; its content.

        Streamlit animates an expander's height as it opens (half a second, longer on a loaded machine). Until the
        animation ends the widgets in it are clipped and move as it grows, so a click on a button there can go down
        on the button and come up on whatever has slid under the pointer: no click at all, and nothing happens."""
        expander = container.get_by_test_id("stExpander").filter(has=self.page.get_by_text(label, exact=True))
        expander.get_by_text(label, exact=True).click()
        details = expander.locator("details")
        expect(details).to_have_js_property("open", True)
        details.evaluate("details => Promise.allSettled(details.getAnimations().map(animation => animation.finished))")
        return expander

    def correct_title(self, title: str) -> None:
        """Open the selected event's correction form, give it a new title, save, and wait until the app says it
        saved it (the correction is in the corrections file then: it is written before the run that says so)."""
        self.wait_until_idle()  # the run that showed the event has drawn the form and filled it in
        form = self.open_expander(self.detail_panel, "Correct this event")
        box = form.get_by_role("textbox", name="Title", exact=True)
        box.fill(title)
        expect(box).to_have_value(title)
        form.get_by_role("button", name="Save corrections").click()
        expect(self.detail_panel.get_by_test_id("stAlertContentSuccess")).to_have_text("Saved 1 correction.")

    def expect_table_cell(self, text: str) -> None:
        """Until the table shows a cell with exactly this text (the grid fills its rows after it is attached)."""
        cells = self.table_grid.locator("tbody td").filter(has_text=re.compile(rf"^{re.escape(text)}$"))
        expect(cells).to_have_count(1)

    def search_text(self, text: str) -> None:
        box = self.sidebar.get_by_role("textbox", name="Search text")
        box.fill(text)
        box.press("Enter")

    def download(self, button_name: str) -> Download:
        """Click a download button below the chart and wait for the file the browser receives."""
        with self.page.expect_download() as download:
            self.page.get_by_test_id("stMain").get_by_role("button", name=button_name, exact=True).click()
        return download.value

    def upload_articles(self, files: list[UploadedFile]) -> None:
        """Add articles through the sidebar's form, as a user choosing files and pressing 'Read articles'."""
        chooser = self.sidebar.get_by_role("region", name="Article files").locator('input[type="file"]')
        chooser.set_input_files(
            files=[{"name": file.name, "mimeType": file.mime_type, "buffer": file.content} for file in files]
        )
        # Choosing files reruns the app, which draws their table of languages and dates at the top of the page:
        # read once it is drawn.
        for file in files:
            expect(self.upload_check_grid.locator("td").filter(has_text=file.name).first).to_be_attached()
        self.wait_until_idle()
        self.sidebar.get_by_role("button", name="Read articles").click()

    @property
    def upload_check_grid(self) -> Locator:
        """The accessible copy of the chosen files' table (name, language, date) above the chart."""
        return self.widget("upload_check").locator('table[role="grid"]')


def read_download(download: Download) -> bytes:
    failure = download.failure()
    assert failure is None, f"download of {download.suggested_filename} failed: {failure}"
    return Path(download.path()).read_bytes()
