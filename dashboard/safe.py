"""Data on the page as text, never as markup: the one place that turns values from articles and files into what
Streamlit's Markdown shows.

Every value the dashboard shows that came from data (article text, titles, actor and file names, dates as
written, URLs, messages that quote any of them) goes through `text` or `link` before it reaches `st.markdown`,
`st.caption`, `st.error` and the like; nothing from data is put into Markdown or HTML any other way. Our own
words (the locale files) may use Markdown around the escaped values.

Why escaping every ASCII punctuation character, not only the "special" ones: Streamlit's Markdown is more than
CommonMark. It rewrites `:material/name:` into an icon before parsing, reads `:name[...]` as a directive, `:smile:`
as an emoji, `$...$` as math and bare `https://...` or `www.` as links (GFM). CommonMark lets any ASCII
punctuation be escaped with a backslash and shows it as written, and an escaped colon, slash or dot is no longer
the text those extensions look for, so all of them are off at once.

A link goes to its address only when it is http or https, with a host, no user name or password in it (the
trick `https://trusted.example@other.example/`), and every character outside the URL's own syntax
percent-encoded, so that no `)`, space or `<` can end the link early and start Markdown of its own.

Streamlit also turns addresses in running text into links after parsing, where escapes no longer count: `text`
puts an invisible word joiner (U+2060) into "https://", "www." and "name@host" to stop that; a reader sees nothing,
but text copied from the page carries it there. Likewise Streamlit rewrites " -- " into "—", " -> " into "→" and
" >= " into "≥" (and "<-", "<->", "<=", "~="): a word joiner between the two signs keeps them as written. Where
text must copy out exactly (a quote from an article), the detail panel shows it as HTML instead
(`dashboard.detail.quote_html`).
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit, urlunsplit

_ASCII_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
# Streamlit makes links of addresses in the text *after* parsing (GFM's autolink literals: "https://", "www.",
# "name@host"), where no escape is left to stop it. An invisible word joiner at these spots ("https:⁠//", "www⁠.",
# "name@⁠host") breaks the pattern and changes nothing a reader sees; it is the one character `text` adds.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=[\w-])", re.IGNORECASE)
# Streamlit's typographic rewrites of text nodes: "--" "->" "<-" "<->" ">=" "<=" "~=" between spaces (its bundle's
# list). A word joiner between any two such signs keeps each pair as written.
_SIGN_PAIR = re.compile(r"(?<=[-<>~])(?=[-=>])")
_WHITESPACE = re.compile(r"\s+")
_LINK_SCHEMES = ("http", "https")
# Longer addresses than this are no article's; a link so long would only hide what it carries.
MAX_URL_CHARS = 4096
# Kept as written in a link target: letters, digits and the URL's own syntax. Parentheses, brackets, quotes,
# angle brackets, backslash, backtick, braces, bar, caret and spaces are percent-encoded.
_URL_KEEP = frozenset(string.ascii_letters + string.digits + "-._~" + ":/?#@!$&*+,;=")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_HOST_NAME = re.compile(r"[a-z0-9_.-]+|\[[0-9a-f:.]+\]")


def text(value: object) -> str:
    """`value` as Markdown that shows exactly its characters: no emphasis, link, image, HTML tag, icon, emoji,
    directive, formula or automatic link takes effect. Runs of whitespace (line breaks too) become one space, so
    a value cannot end the line it is placed in (a list item, a quote)."""
    folded = _WHITESPACE.sub(" ", "" if value is None else str(value))
    joined = _SIGN_PAIR.sub(WORD_JOINER, _AUTOLINK_START.sub(WORD_JOINER, folded))
    return _ASCII_PUNCTUATION.sub(r"\\\1", joined)


def link_target(url: object) -> str | None:
    """The address to link to, or None when `url` is no http(s) address with a host that may be linked.

    Characters outside the URL syntax are percent-encoded (UTF-8), `%` included unless it already starts an
    escape, so the result holds no character that Markdown or HTML would read as the end of a link target.
    """
    candidate = str(url or "").strip()
    if not candidate or len(candidate) > MAX_URL_CHARS or any(ord(char) < 32 or ord(char) == 127 for char in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
        port = parts.port
    except ValueError:  # a port that is no number, an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not host or parts.username is not None:
        return None
    try:
        # International domain names in their ASCII form; a host that is no domain name is refused.
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    ascii_host = f"[{ascii_host}]" if ":" in ascii_host else ascii_host.lower()  # IPv6 in its brackets
    if not _HOST_NAME.fullmatch(ascii_host):
        return None
    netloc = ascii_host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme.lower(), netloc, _percent_encoded(parts.path) or "/",
                       _percent_encoded(parts.query), _percent_encoded(parts.fragment)))


def _percent_encoded(part: str) -> str:
    pieces: list[str] = []
    position = 0
    while position < len(part):
        char = part[position]
        if char == "%" and _PERCENT_ESCAPE.match(part, position):
            pieces.append(part[position : position + 3])
            position += 3
            continue
        pieces.append(char if char in _URL_KEEP else "".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        position += 1
    return "".join(pieces)


def link(label: object, url: object) -> str:
    """`[label](url)` as Markdown when `url` may be linked (see `link_target`), else just the label; the label is
    escaped text. Streamlit opens such links in a new tab without sending the dashboard's address along."""
    target = link_target(url)
    shown = text(label)
    if target is None:
        return shown
    # Entities and backslash escapes are read inside a link target too: "&amp;" would turn into "&".
    return f"[{shown}]({target.replace('&', chr(92) + '&')})"
