"""Reading articles into `Document`s: plain text, Markdown and HTML, in whatever encoding they arrive.

Everything a user hands us goes through here, so every way a file can be unusable ends in a `DocumentError`
whose message names the file and says what is wrong with it. The text a `Document` carries is the text that
all character offsets in the events table refer to.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from events.model import Document

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE_TEXT = "5 MB"
# A saved web page carries scripts, styles and inline images around its text, so the page itself may be
# larger; the text extracted from it is held to the limit above.
MAX_HTML_BYTES = 4 * MAX_DOCUMENT_BYTES
MAX_HTML_SIZE_TEXT = "20 MB"
_STREAM_CHUNK_BYTES = 1024 * 1024
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES

# Share of control characters above which decoded bytes are taken for binary data, not text.
_MAX_CONTROL_SHARE = 0.05
_TITLE_MAX_CHARS = 200
_DATE_EXAMPLES = "e.g. 2024-12-15, 15.12.2024 or 15. Dezember 2024"


_LOG = logging.getLogger(__name__)


class DocumentError(ValueError):
    """A document that cannot be read; the message names it and says why, for the user to read. `reason` names
    the kind of problem ("binary", "empty", ...) and `params` its details, for a caller that words the message in
    another language (the dashboard's German); "" where there is no such key."""

    def __init__(self, message: str, *, reason: str = "", **params: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.params = params


def unexpected_error(name: str, error: BaseException, /, **place: object) -> DocumentError:
    """An error no reader expected (a bug, or a file that finds a corner of a library), as the one document's
    `DocumentError`: the user reads its name and the kind of failure, never a traceback or a path on the server;
    the traceback goes to the log. `name` is how messages name the document ("news.jsonl, line 5"); `place`
    (the file's name, line, record) goes to `params`, for a caller that words the message itself."""
    params = {"name": name, **place}
    if isinstance(error, RecursionError):
        return DocumentError(f"{name}: is nested too deeply to be read", reason="too_deep", **params)
    if isinstance(error, MemoryError):
        return DocumentError(f"{name}: is too large to be read in this machine's memory", reason="no_memory",
                             **params)
    _LOG.error("reading %s failed", name, exc_info=error)
    kind = type(error).__name__
    return DocumentError(f"{name}: could not be read (an internal error, {kind}; the log has the details)",
                         reason="internal", kind=kind, **params)


# --- dates -----------------------------------------------------------------------------------------------


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")


def parse_document_date(value: str | date | None, *, lang: str | None = None) -> date | None:
    """Read a document (publication) date given by a user or found in a page's metadata.

    Accepts `date`/`datetime` objects, ISO dates and timestamps, German dotted dates and written dates in any
    language dateparser knows ("15. Dezember 2024", "Dec 15, 2024"). The date must name a day: relative dates
    resolve against it, so "Dezember 2024" or "gestern" would make every result depend on a guessed day.
    Returns None for None or a blank string; raises `DocumentError` for anything else that is not a real day.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    numeric = _parse_numeric_date(text)
    if numeric is not None:
        return numeric
    return _parse_written_date(text, lang)


def _parse_numeric_date(text: str) -> date | None:
    """Dates in digits, checked by hand so that 2024-02-31 is reported as impossible, not as unreadable."""
    iso = _ISO_DATE.fullmatch(text)
    dotted = _DOTTED_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dotted:
        day, month, year = (int(part) for part in dotted.groups())
    elif _ISO_DATETIME.fullmatch(text):
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return None
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DocumentError(f"{text!r} is not a real date ({error})", reason="impossible_date", text=text) from None


def _parse_written_date(text: str, lang: str | None) -> date:
    import dateparser  # slow to import; only needed for written-out dates

    settings = {
        # Without these, dateparser fills a missing day or year from today's date and reads "gestern"
        # relative to now: a document date must come from the document, not from the clock.
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    languages = [lang] if lang else None
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise DocumentError(f"{text!r} is not a date with day, month and year ({_DATE_EXAMPLES})",
                            reason="unreadable_date", text=text)
    return parsed.date()


# --- bytes to text ---------------------------------------------------------------------------------------


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as Windows-1252, the usual encoding of German text that is not UTF-8.

    Working byte by byte means a file that is mostly UTF-8 with a few Windows-1252 characters pasted in
    comes out right in both parts, instead of turning every UTF-8 umlaut into mojibake ("Ã¤").
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(byte) for byte in bad), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined become C1 controls, as in Latin-1; the binary-data
        # check counts them as control characters.
        return chr(byte)


codecs.register_error("chronik-cp1252", _cp1252_fallback)


def decode_text(data: bytes, *, name: str) -> str:
    """Turn a file's bytes into text: a BOM decides, otherwise UTF-8 with Windows-1252 for what is not UTF-8.

    Raises `DocumentError` for binary data (NUL bytes outside UTF-16/32, or many control characters).
    """
    text = _decode_by_bom(data, name)
    if text is None:
        utf16 = _bomless_utf16(data)
        if utf16 is None and b"\x00" in data:
            raise DocumentError(f"{name}: is binary data, not text (it contains NUL bytes)", reason="binary", name=name)
        text = data.decode(utf16, errors="replace") if utf16 else data.decode("utf-8", errors="chronik-cp1252")
    return _checked_text(text, name)


def _checked_text(text: str, name: str) -> str:
    if "\x00" in text:
        raise DocumentError(f"{name}: is binary data, not text (it contains NUL characters)", reason="binary",
                            name=name)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise DocumentError(f"{name}: is binary data, not text (too many control characters)", reason="binary",
                            name=name)
    return text


def _decode_by_bom(data: bytes, name: str) -> str | None:
    """The text, when a byte-order mark says how it is encoded; None when there is no BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                label = encoding.upper()
                raise DocumentError(
                    f"{name}: starts with a {label} byte-order mark but is not valid {label} "
                    f"(byte {error.start + len(bom)}); save it again as UTF-8"
                ) from None
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly Latin text has a NUL in every other byte, always on the same side."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) // 2)
    odd_nuls = data[1::2].count(0) / (len(data) // 2)
    if odd_nuls > 0.6 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls == 0:
        return "utf-16-be"
    return None


# Unicode's control characters (category Cc) but for tab, line ends, vertical tab and form feed.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return _CONTROL_CHARS.subn("", text)[1] / len(text)  # counted in one scan, not character by character


def _normalise_text(text: str) -> str:
    """One form of text for every input, so that offsets, regexes and comparisons behave the same.

    NFC because macOS and some web pages write "ä" as "a" plus a combining mark, which no German word list
    matches; unified line ends because "\r\n" would count as two characters in offsets.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# --- formats ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    """What a format reader found: the text and whatever metadata the file itself carries."""

    text: str
    title: str = ""
    lang: str | None = None
    date_text: str | None = None
    url: str = ""


def _read_plain(text: str) -> _Parsed:
    return _Parsed(text=text, title=_first_line_title(text))


def _first_line_title(text: str) -> str:
    """Texts copied from a news page start with the headline on a line of its own; long lines are body."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if rest.strip() and 0 < len(first) <= _TITLE_MAX_CHARS and not first.endswith((".", ":", ",")):
        return first
    return ""


# Every pattern here runs in time linear in the text, whatever the text: a bracket, tag or emphasis that is never
# closed must not make each of its characters scan to the end (a 30 KB file of "[" took 15 s). Link and image texts
# stop at the next bracket, their targets at the next parenthesis, tags at the next "<", so no two scans overlap;
# headings and rules match without backtracking; emphasis is paired by one pass over its delimiters.
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:\s+\S.*$", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$", re.MULTILINE)
_BLOCKQUOTE = re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE)
_LIST_MARKER = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$", re.MULTILINE)
# Runs of emphasis delimiters, and line ends, which close every emphasis still open.
_DELIMITER_RUN = re.compile(r"\*+|_+|\n")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


def _read_markdown(text: str) -> _Parsed:
    """Markdown to plain text: markup removed, words kept. Front matter supplies title, date and language."""
    metadata: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        metadata = _front_matter_fields(front.group(1))
        text = text[front.end() :]
    first_heading = _HEADING.search(text)
    text = _FENCE.sub("", text)
    text = _LINK_DEFINITION.sub("", text)
    text = _HEADING.sub(_heading_text, text)
    text = _RULE.sub("", text)
    text = _BLOCKQUOTE.sub("", text)
    text = _LIST_MARKER.sub(r"\1", text)
    text = _strip_inline_markup(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    heading = _strip_inline_markup(_heading_text(first_heading)).strip() if first_heading else ""
    title = metadata.get("title") or heading
    return _Parsed(text=text, title=title, lang=metadata.get("lang") or metadata.get("language"),
                   date_text=metadata.get("date"))


def _heading_text(heading: re.Match[str]) -> str:
    """A heading's words without its closing hashes ("## Title ##"); a hash that ends a word stays ("C#")."""
    content = heading.group(1).rstrip(" \t")
    without_hashes = content.rstrip("#")
    if without_hashes != content and (not without_hashes or without_hashes[-1] in " \t"):
        return without_hashes.rstrip(" \t")
    return content


def _strip_inline_markup(text: str) -> str:
    """Links, images, code spans, emphasis and inline HTML tags, reduced to the words they show."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _CODE_SPAN.sub(r"\1", text)
    text = _strip_emphasis(text)
    return _HTML_TAG.sub("", text)


def _strip_emphasis(text: str) -> str:
    """`*a*`, `**a**`, `_a_` ... without their delimiters, in one pass: a run of one to three `*` or `_` that can
    open (a word follows) waits on a stack for a run of the same kind that can close (a word precedes); underscores
    only at word edges, so snake_case_names keep theirs. Unpaired delimiters stay, and nothing spans a line."""
    open_runs: dict[str, list[int]] = {}
    removed: list[int] = []  # start, end, start, end ... of the delimiter runs that pair up
    size = len(text)
    for run in _DELIMITER_RUN.finditer(text):
        start, end = run.span()
        delimiters = text[start:end]
        if delimiters == "\n":
            open_runs.clear()
        elif end - start <= 3:
            before = text[start - 1] if start else " "
            after = text[end] if end < size else " "
            can_open, can_close = not after.isspace(), not before.isspace()
            if delimiters[0] == "_":
                can_open = can_open and not (before.isalnum() or before == "_")
                can_close = can_close and not (after.isalnum() or after == "_")
            waiting = open_runs.get(delimiters)
            if can_close and waiting:
                opener = waiting.pop()
                removed += (opener, opener + end - start, start, end)
            elif can_open:
                if waiting is None:
                    open_runs[delimiters] = waiting = []
                waiting.append(start)
    if not removed:
        return text
    spans = sorted(zip(removed[0::2], removed[1::2], strict=True))
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _front_matter_fields(block: str) -> dict[str, str]:
    """The simple `key: value` lines of YAML front matter; anything fancier is ignored, not guessed at."""
    fields: dict[str, str] = {}
    for line in block.splitlines():
        key, separator, value = line.partition(":")
        if separator and key.strip().isidentifier():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields


# Inside one tag only (no "<" in between): a page of "<html " without a lang must not scan to its end for each.
_HTML_LANG = re.compile(r"<html\b[^<>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _read_html(data: bytes, *, name: str) -> _Parsed:
    import trafilatura  # slow to import; only HTML needs it

    html = _decode_html(data, name=name)
    page = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        # htmldate's extensive search takes the first date in the article body for the page's date; the
        # body's dates are the events, so only dates from the page's markup and metadata are accepted.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(page, "text", None) or "").strip() if page is not None else ""
    if not text:
        raise DocumentError(f"{name}: no article text found in the HTML page", reason="no_article", name=name)
    lang_match = _HTML_LANG.search(html)
    return _Parsed(
        text=text,
        title=(page.title or "").strip(),
        lang=lang_match.group(1).lower() if lang_match else (page.language or None),
        date_text=page.date or None,
        url=page.url or "",
    )


def _decode_html(data: bytes, *, name: str) -> str:
    """A page's declared charset wins (it may be Cyrillic or Greek); without one, the rules for text apply."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = _text_encoding(declared.group(1).decode("ascii"))
        if encoding is not None:
            try:
                return _checked_text(data.decode(encoding), name)
            except UnicodeError:
                pass  # a wrong label: fall back to reading the bytes as they are
    return decode_text(data, name=name)


# Python codecs that a page may name but that are no character set of a web page: "undefined" fails on every
# byte, the escape codecs read backslashes as code, the IDNA ones are for host names.
_NOT_PAGE_ENCODINGS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode",
                                 "utf-7", "mbcs", "oem"})


def _text_encoding(label: str) -> str | None:
    """The codec for a page's declared charset, or None when the label names none a page can be in."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    name = info.name.replace("_", "-")
    if name in _NOT_PAGE_ENCODINGS or not getattr(info, "_is_text_encoding", True):
        return None
    # Pages labelled ISO-8859-1 are in practice Windows-1252, which browsers assume too.
    return "cp1252" if name == "iso8859-1" else info.name


# --- documents -------------------------------------------------------------------------------------------


def read_document(
    data: bytes,
    *,
    name: str,
    lang: str | None = None,
    dct: date | str | None = None,
    doc_id: str | None = None,
) -> Document:
    """Make a `Document` from a file's bytes. `name` (a file name) picks the format and appears in messages.

    `lang` and `dct` given here win over what the file says about itself (HTML `<html lang>` and publication
    date, Markdown front matter). Raises `DocumentError` for files that cannot be read as an article.
    """
    suffix = _format_suffix(data, name)
    if not data.strip():
        raise DocumentError(f"{name}: is empty", reason="empty", name=name)
    if suffix in HTML_SUFFIXES:
        if len(data) > MAX_HTML_BYTES:
            raise _too_large(name, len(data), "web pages", MAX_HTML_SIZE_TEXT)
        parsed = _read_html(data, name=name)
    else:
        if len(data) > MAX_DOCUMENT_BYTES:
            raise _too_large(name, len(data))
        # Normalised before parsing, so that Markdown's line-based rules also see files with "\r\n".
        text = _normalise_text(decode_text(data, name=name))
        parsed = _read_markdown(text) if suffix in MARKDOWN_SUFFIXES else _read_plain(text)
    text = _normalise_text(parsed.text)
    if not text.strip():
        raise DocumentError(f"{name}: has no text", reason="empty", name=name)
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_SIZE_TEXT
        raise DocumentError(f"{name}: has more than {limit} of text; Chronik reads articles up to {limit}",
                            reason="too_large", name=name, limit=limit)
    try:
        user_date = parse_document_date(dct, lang=lang)
    except DocumentError as error:
        raise DocumentError(f"{name}: document date {error}") from None
    return Document(
        text=text,
        doc_id=doc_id or document_id(name),
        lang=(lang or parsed.lang or None),
        dct=user_date if user_date is not None else _file_date(parsed, name=name, lang=lang),
        title=_normalise_text(parsed.title),
        url=parsed.url,
    )


def _too_large(
    name: str, size: int, kind: str = "articles", limit: str = MAX_DOCUMENT_SIZE_TEXT
) -> DocumentError:
    return DocumentError(f"{name}: is {size / 1024 / 1024:.1f} MB; Chronik reads {kind} up to {limit}",
                         reason="too_large", name=name, limit=limit)


def _file_date(parsed: _Parsed, *, name: str, lang: str | None) -> date | None:
    """The date the file carries about itself; an unreadable one is an error, not a silent 'no date'."""
    try:
        return parse_document_date(parsed.date_text, lang=lang or parsed.lang)
    except DocumentError as error:
        raise DocumentError(f"{name}: the date in its metadata, {error}; give one with --date") from None


def _format_suffix(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if not suffix or name == "-":
        # Standard input and files without an extension: an HTML page says so in its first bytes.
        head = data[:1024].lstrip().lower()
        return ".html" if head.startswith((b"<!doctype html", b"<html")) else ".txt"
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{name}: unsupported file type {suffix!r}; Chronik reads {', '.join(SUPPORTED_SUFFIXES)}",
            reason="unsupported", name=name, suffix=suffix, supported=", ".join(SUPPORTED_SUFFIXES),
        )
    return suffix


def document_id(name: str) -> str:
    """A readable id from a file name: `Reports/Belarus Treaty.txt` -> `belarus-treaty`."""
    stem = Path(name).stem if name != "-" else "stdin"
    slug = re.sub(r"[^\w]+", "-", stem.lower()).strip("-")
    return slug or "doc"


def read_stream(stream: BinaryIO, *, name: str, lang: str | None = None, dct: date | str | None = None) -> Document:
    """Read one article from a stream (standard input). The size is checked while reading: a stream larger than a
    web page may be is refused as soon as it is, without being held in memory whole."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_STREAM_CHUNK_BYTES, MAX_HTML_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_HTML_BYTES:
            raise DocumentError(f"{name}: is more than {MAX_HTML_SIZE_TEXT}; Chronik reads web pages up to "
                                f"{MAX_HTML_SIZE_TEXT} and articles up to {MAX_DOCUMENT_SIZE_TEXT} of text",
                                reason="too_large", name=name, limit=MAX_HTML_SIZE_TEXT)
    return read_document(b"".join(chunks), name=name, lang=lang, dct=dct)


def read_path(path: Path | str, *, lang: str | None = None, dct: date | str | None = None) -> Document:
    """Read one article file. Raises `DocumentError` (also for a missing or unreadable file)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise DocumentError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            # Said before reading, so that a stray multi-gigabyte file is not loaded into memory first.
            raise _too_large(str(path), size, "files", MAX_HTML_SIZE_TEXT)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror or error})") from None
    document = read_document(data, name=str(path), lang=lang, dct=dct)
    return replace(document, source_path=str(path))

