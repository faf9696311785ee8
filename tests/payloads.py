"""Hostile values for every field the dashboard shows: Markdown, HTML, Streamlit's icons, directives and emoji,
formulas and addresses that would load something from another host if they took effect. The tests put them into
events and uploads and check that the page shows them as text."""

from __future__ import annotations

# The host no request may go to.
TRACKER = "tracker.example"

MARKUP_PAYLOADS: tuple[str, ...] = (
    f"https://example.com/a)[x](javascript:y) ![t](http://{TRACKER}/t.png",
    f"![pixel](http://{TRACKER}/pixel.png)",
    f"<img src=http://{TRACKER}/img.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    ":material/warning: Achtung",
    ":red[rot] :smile: :streamlit:",
    "$x^2$ und $$y$$",
    "**fett** _kursiv_ ~~weg~~ `code`",
    f"siehe https://{TRACKER}/auto und www.{TRACKER}",
    f"mail an someone@{TRACKER}",
    "# Überschrift\n> Zitat\n- Liste\n1. eins",
    "&lt;b&gt; &#58; &amp;",
    "\\*nicht fett\\*",
    f"[ref]\n\n[ref]: http://{TRACKER}/ref",
    "| a | b |\n|---|---|\n| c | d |",
    f'=HYPERLINK("http://{TRACKER}/f","x")',
)

URL_PAYLOADS: tuple[str, ...] = (
    f"https://example.com/a)[x](javascript:y) ![t](http://{TRACKER}/t.png",
    "javascript:alert(1)",
    f"https://example.com/\"><img src=http://{TRACKER}/q.png>",
    f"https://user:pw@{TRACKER}/",
    "data:text/html,<script>alert(1)</script>",
)
