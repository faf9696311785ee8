"""Chronik's dashboard: a Streamlit app (`streamlit run dashboard/app.py`) over pure, testable builders.

`figures` draws the timeline, `filters` and `state` hold what the user chose (and its URL form), `data` loads
and shapes events, `export` turns the chart into image and HTML bytes. Only `app` imports Streamlit.
"""
