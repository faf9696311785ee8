"""A small hand-made events frame for the dashboard tests, modelled on the bundled Belarus sample article.

It covers every way the timeline draws an event: year, month and day precision, an open end, a vague and an
inferred date, an event with two actors, one with none, and one whose date could not be resolved.
"""

from __future__ import annotations

import pandas as pd

from events.schema import conform

DOC_DE = "belarus-treaty-de"
DOC_DE_TITLE = "Wladimir Putin und Alexander Lukaschenko beschließen Militär-Abkommen"
DOC_EN = "minsk-interview-en"
DOC_EN_TITLE = "Historian on the Minsk security treaty"

# Event ids, so tests can name the row they mean.
INDEPENDENCE = f"{DOC_DE}:s14:d0"
ELECTION = f"{DOC_DE}:s13:d0"
PROTEST = f"{DOC_DE}:s13:d1"
STRIKE = f"{DOC_DE}:s17:d0"
ARRESTS = f"{DOC_DE}:s16:i0"
MILITARY = f"{DOC_DE}:s31:d0"
TREATY = f"{DOC_DE}:s3:d0"
INTERVIEW = f"{DOC_EN}:s0:d0"
UNRESOLVED = f"{DOC_EN}:s2:d0"

AUGUST_2020 = (
    "Ein Rückblick: Im August 2020 war es nach der Präsidentschaftswahl in Minsk und anderen belarussischen "
    "Städten zu Protesten gekommen."
)


def _row(event_id: str, **values: object) -> dict[str, object]:
    doc_id = event_id.split(":")[0]
    german = doc_id == DOC_DE
    row: dict[str, object] = {
        "event_id": event_id,
        "doc_id": doc_id,
        "doc_title": DOC_DE_TITLE if german else DOC_EN_TITLE,
        "lang": "de" if german else "en",
        "end": None,
        "timex_mod": "",
        "date_inferred": False,
        "date_vague": False,
        "date_resolved": True,
        "open_start": False,
        "open_end": False,
        "cameo_code": "",
        "char_start": 0,
        "char_end": 0,
    }
    row.update(values)
    return row


def events_frame() -> pd.DataFrame:
    """The fixture events, schema-conformant (fresh copy on every call)."""
    rows = [
        _row(
            INDEPENDENCE, start="1991-01-01", end="1991-12-31", precision="year", timex="1991",
            date_text="im Jahr 1991", title="Ausrufung der Republik Belarus", event_type="independence",
            actors=["Belarus", "Soviet Union"],
            sentence="Es handelte sich damals um die größten Massendemonstrationen seit Ausrufung der "
            "Republik Belarus im Jahr 1991 und dem Ende der Sowjetunion.",
        ),
        _row(
            ELECTION, start="2020-08-01", end="2020-08-31", precision="month", timex="2020-08",
            date_text="Im August 2020", title="Präsidentschaftswahl in Belarus", event_type="election",
            actors=["Belarus"],
            sentence=AUGUST_2020,
        ),
        _row(
            PROTEST, start="2020-08-01", end="2020-08-31", precision="month", timex="2020-08",
            date_text="Im August 2020", title="Proteste in Minsk", event_type="protest",
            actors=["Belarus", "Alexander Lukashenko"],
            sentence=AUGUST_2020,
        ),
        _row(
            STRIKE, start="2020-08-13", end=None, precision="day", timex="2020-08-13",
            timex_mod="ON_OR_AFTER", open_end=True, date_text="Ab dem 13. August 2020", title="Generalstreik",
            event_type="strike", actors=["Belarus"],
            sentence="Ab dem 13. August 2020 traten landesweit hunderttausende Arbeiter in einen "
            "Generalstreik.",
        ),
        _row(
            ARRESTS, start="2020-01-01", end="2020-12-31", precision="year", timex="2020", date_inferred=True,
            date_text="2020", title="Zehntausende festgenommen", event_type="arrest", actors=["Belarus"],
            sentence="Berichten zufolge wurden in Folge der Proteste, die sich meist gegen Lukaschenko "
            "direkt richteten, zehntausende Menschen in Belarus festgenommen.",
        ),
        _row(
            MILITARY, start="2022-01-01", end="2022-04-30", precision="year", timex="2022", timex_mod="START",
            date_vague=True, date_text="Anfang 2022", title="Belarus als Aufmarschgebiet",
            event_type="deployment", actors=["Belarus", "Russia", "Ukraine"],
            sentence="Im Ukraine-Krieg diente Belarus Anfang 2022 als Aufmarschgebiet für die russische "
            "Armee, als diese über die belarussische Grenze kommend auf Kiew vorstieß.",
        ),
        _row(
            TREATY, start="2024-11-15", end="2024-12-15", precision="approximate", timex="PAST_REF",
            date_vague=True, date_text="kürzlich", title="Vertrag über Sicherheitsgarantien",
            event_type="treaty", actors=["Vladimir Putin", "Alexander Lukashenko"],
            sentence="Berichten zufolge haben die beiden Machthaber kürzlich in Minsk einen Vertrag über "
            "„gegenseitige Sicherheitsgarantien“ abgeschlossen.",
        ),
        _row(
            INTERVIEW, start="2024-12-14", end="2024-12-14", precision="day", timex="2024-12-14",
            date_text="on 14 December 2024", title="Historian interviewed", event_type="statement", actors=[],
            sentence="The historian spoke to ntv.de on 14 December 2024.",
        ),
        _row(
            UNRESOLVED, start=None, end=None, precision="unresolved", timex="XXXX-XX-XX", date_resolved=False,
            date_text="yesterday", title="Protest in Minsk", event_type="protest", actors=["Belarus"],
            sentence="Yesterday, protesters gathered in Minsk.",
        ),
    ]
    return conform(pd.DataFrame(rows))


def write_events_json(frame: pd.DataFrame, path: str) -> None:
    """Write `frame` like `chronik extract --format json` does: an array of objects with ISO dates.

    The tests use their own writer so they do not depend on events.io's writer; the app reads the file with
    events.io.read_events.
    """
    out = frame.copy()
    for column in ("start", "end"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    out.to_json(path, orient="records", force_ascii=False)
