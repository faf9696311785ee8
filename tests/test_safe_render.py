"""dashboard/safe.py: data shown as text, links only to escaped http(s) addresses. Checked with a CommonMark parser
(markdown-it-py) for what any Markdown renderer would make of the output, and against the extensions Streamlit's
Markdown adds (icons, directives, emoji, automatic links), which look for unescaped text."""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from payloads import MARKUP_PAYLOADS, TRACKER, URL_PAYLOADS

from dashboard import safe

COMMONMARK = MarkdownIt("commonmark")
# What Streamlit's Markdown looks for in the source before or beside CommonMark: an icon, a directive or emoji
# (":name"), an automatic link (a scheme's "://", "www.", an address's "@"), math ("$").
_STREAMLIT_SYNTAX = re.compile(r":material/|(?<!\\):\w|(?<!\\)/(?<!\\)/|www(?!\\)\.|(?<!\\)[@$]")
# What Streamlit links in the text after parsing (mdast-util-gfm-autolink-literal's patterns, from its bundle).
_AUTOLINK_LITERAL = re.compile(r"(https?://|www(?=\.))([-.\w]+)|([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.IGNORECASE)


def shown(inner_html: str) -> str:
    """The text a reader sees, from the rendered HTML: no entity, and the invisible word joiners left out."""
    text = html.unescape(inner_html)
    assert not _AUTOLINK_LITERAL.search(text), text
    return text.replace(safe.WORD_JOINER, "")


def rendered(markdown: str) -> str:
    return COMMONMARK.render(markdown).strip()


def folded(value: str) -> str:
    return re.sub(r"\s+", " ", value)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_markup_in_data_is_shown_as_written(payload: str) -> None:
    markdown = safe.text(payload)
    page = rendered(markdown)
    assert page.startswith("<p>") and page.endswith("</p>")
    inner = page[3:-4]
    assert "<" not in inner  # no element of any kind: no link, image, emphasis, code, HTML
    assert shown(inner) == folded(payload).strip()
    assert not _STREAMLIT_SYNTAX.search(markdown)


@given(st.text(alphabet=st.sampled_from(string.printable + "äöü…„“€"), max_size=60))
def test_any_text_comes_out_as_itself(value: str) -> None:
    page = rendered(safe.text(value))
    inner = page.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner
    assert shown(inner) == folded(value).strip()
    assert not _STREAMLIT_SYNTAX.search(safe.text(value))


def link_elements(markdown: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)">', rendered(markdown))


@pytest.mark.parametrize("url", [*URL_PAYLOADS, *MARKUP_PAYLOADS])
def test_a_hostile_address_links_nowhere_else(url: str) -> None:
    markdown = safe.link("Quelle", url)
    page = rendered(markdown)
    assert "<img" not in page
    for href in link_elements(markdown):
        target = html.unescape(href)
        assert target.startswith(("http://", "https://"))
        assert not re.search(r"[\s()\[\]<>\"'`\\{}|^]", target)
    assert page.count("<a ") <= 1


def test_link_targets_are_http_only_and_percent_encoded() -> None:
    breakout = safe.link_target(URL_PAYLOADS[0])
    assert breakout == (f"https://example.com/a%29%5Bx%5D%28javascript:y%29%20!%5Bt%5D%28http://{TRACKER}/t.png")
    assert safe.link_target("HTTPS://Example.COM/Pfad?q=1&r=ä#teil") == "https://example.com/Pfad?q=1&r=%C3%A4#teil"
    assert safe.link_target("https://example.com/a%20b/100%") == "https://example.com/a%20b/100%25"
    assert safe.link_target("https://bücher.example/") == "https://xn--bcher-kva.example/"
    assert safe.link_target("https://[::1]:8080/x") == "https://[::1]:8080/x"
    assert safe.link_target("  https://example.com  ") == "https://example.com/"
    for refused in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://example.com/",
                    "//example.com/x", "http:///nohost", f"https://user:pw@{TRACKER}/", f"https://@{TRACKER}/",
                    "https://exa mple.com/", "https://example.com:99999/", "https://example.com/\x00",
                    "https://example.com/a\nb", "https://" + "a" * safe.MAX_URL_CHARS, "", None,
                    'https://ex"ample.com/'):
        assert safe.link_target(refused) is None, refused


def test_a_link_keeps_its_address_and_shows_its_label_as_text() -> None:
    markdown = safe.link("**Die Zeit** [1]", "https://example.com/a?x=1&amp=2")
    assert rendered(markdown) == '<p><a href="https://example.com/a?x=1&amp;amp=2">**Die Zeit** [1]</a></p>'
    assert safe.link("Titel", "javascript:alert(1)") == "Titel"


# Streamlit's typographic rewrites of text nodes after parsing (from its bundle): each would change what was written.
_STREAMLIT_REWRITES = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)")


@given(st.text(alphabet=st.sampled_from(" -<>=~ab"), max_size=30))
def test_signs_streamlit_would_rewrite_stay_as_written(value: str) -> None:
    inner = rendered(safe.text(value)).removeprefix("<p>").removesuffix("</p>")
    assert not _STREAMLIT_REWRITES.search(html.unescape(inner))  # no "--" left for Streamlit to make a dash of
    assert shown(inner) == folded(value).strip()
