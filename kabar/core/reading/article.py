"""The one way an article is read, whatever it comes from: a file, stdin, a paste or an
upload. Same binary and encoding rules (``decode``), same HTML reduction (``html``), same
.docx extraction and archive guard (``docx``), same size limit and the same notices."""

from __future__ import annotations

import io
import stat
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from kabar.core.blank import is_blank
from kabar.core.errors import InputError
from kabar.core.reading.archive import DEFAULT_LIMITS
from kabar.core.reading.decode import DEFAULT_MAX_CHARS, decode_text, read_file_bytes
from kabar.core.reading.docx import docx_paragraphs
from kabar.core.reading.html import PARAGRAPH_BREAK, html_notice, looks_like_html, visible_text
from kabar.core.reading.page import WHOLE_PAGE_HINT, is_whole_page, page_article, page_notice
from kabar.core.reading.wrap import unwrap

# The kind of an input by its name's suffix; anything else is text (HTML found in text by
# its content is reduced all the same).
KINDS = {".docx": "docx", ".html": "html", ".htm": "html"}
CLI_TOO_LONG = (
    "Translate it with `kabar translate-dir IN_DIR OUT_DIR` (it streams files of any size), "
    "or raise the limit with --max-chars."
)
# What commands that do not translate (split, summarize) say of an input over the limit.
RAISE_THE_LIMIT = "Raise the limit with --max-chars."
NOTHING_TO_TRANSLATE = "it has no visible text."
# --max-chars limits the text kabar reads; a web page may be this many times larger with
# its markup and scripts (news pages: 200 KB to 1 MB around a few thousand characters):
# the page size limit is MARKUP_SHARE × max_chars characters (2,000,000 by default).
MARKUP_SHARE = 10


@dataclass(frozen=True)
class Article:
    """An article's text as read, with how: ``encoding`` (``utf-8``, ``cp1252``, ...,
    ``docx``, or ``unicode`` for text handed over already decoded) and ``notices`` about
    what was done to it (e.g. read as Windows-1252, reduced from HTML). ``extracted``:
    the text is not the input's own characters but taken out of it (an HTML page's visible
    text, a .docx's paragraphs), so offsets index the text, not the input."""

    text: str
    name: str
    encoding: str
    notices: tuple[str, ...] = ()
    extracted: bool = False


def kind_of(name: str) -> str:
    """``docx``, ``html`` or ``text``, by the suffix of ``name``."""
    return KINDS.get(PurePath(name).suffix.lower(), "text")


def read_article(
    source: Path | BinaryIO | bytes | str,
    *,
    name: str,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    kind: str | None = None,
    too_long_hint: str = CLI_TOO_LONG,
    empty_hint: str = NOTHING_TO_TRANSLATE,
    whole_page: bool = False,
    whole_page_hint: str | None = WHOLE_PAGE_HINT,
) -> Article:
    """Read an article from a file (``Path``), a stream (stdin, read at most as far as
    the limit needs), bytes, or a ``str`` already decoded (a paste).

    ``kind`` (default: by ``name``'s suffix) is ``docx`` (paragraphs extracted), ``html``
    (visible text), or ``text`` (reduced to its visible text too when it looks like a
    page). Raises InputError, with what to do, for an unreadable or binary input, an
    encoding that is neither UTF-8 nor Windows-1252, a damaged .docx or a zip bomb,
    empty input, or more than ``max_chars`` characters (never truncated silently);
    ``too_long_hint`` and ``empty_hint`` end those two messages. ``max_chars`` None: no
    limit (``kabar split``). A whole web page is read for its article
    (``kabar.core.reading.page``); ``whole_page`` True reads all its visible text instead,
    as for a fragment of HTML.
    """
    kind = kind or kind_of(name)
    if kind not in ("text", "html", "docx"):
        raise ValueError(f"unknown article kind {kind!r}")
    notices: tuple[str, ...] = ()
    if kind == "docx":
        text, encoding = _docx_text(source, name), "docx"
    elif isinstance(source, str):
        text, encoding = source, "unicode"
    else:
        # A character is at most 4 bytes, and any text may be a page (a .txt, stdin)
        # with MARKUP_SHARE times its text in markup: one byte more than that proves "too
        # large" without loading a runaway file (or /dev/zero) into memory.
        limit = None if max_chars is None else 4 * MARKUP_SHARE * max_chars
        data = _bytes(source, name, limit=None if limit is None else limit + 1)
        if limit is not None and len(data) > limit:
            # A regular file says its size; /dev/zero, a pipe or <(…) report 0 or nothing.
            size = _regular_file_size(source) if isinstance(source, Path) else None
            bytes_said = f"{size:,} bytes" if size and size > limit else f"over {limit:,} bytes"
            raise InputError(
                f"{name} is {bytes_said}: more than the limit of {max_chars:,} characters could "
                f"take (even as a web page with {MARKUP_SHARE}× as much markup). {too_long_hint}"
            )
        text, encoding, notices = decode_text(data, name=name)
    page = kind == "html" or (kind == "text" and looks_like_html(text))
    if page and max_chars is not None and len(text) > MARKUP_SHARE * max_chars:
        raise InputError(
            f"{name} is a page of {len(text):,} characters, markup included: more than "
            f"{MARKUP_SHARE}× the limit of {max_chars:,} characters of text. {too_long_hint}"
        )
    if not page and max_chars is not None and len(text) > max_chars:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {max_chars:,}. {too_long_hint}"
        )
    if page:
        if not whole_page and is_whole_page(text):
            article = page_article(text)
            paragraphs = [paragraph for _, paragraph in article.paragraphs]
            notice, what = page_notice(name, article, whole_page_hint), "text in its article"
        else:
            paragraphs = visible_text(text)
            notice, what = html_notice(name, len(paragraphs)), "visible text"
        text = PARAGRAPH_BREAK.join(paragraphs)
        if max_chars is not None and len(text) > max_chars:
            raise InputError(
                f"{name} has {len(text):,} characters of {what}, over the limit of "
                f"{max_chars:,}. {too_long_hint}"
            )
        notices += (notice,)
        extracted = True
    else:
        extracted = kind == "docx"
        text, wraps = unwrap(text)
        if wraps:
            notices += (
                f"{name} looks hard-wrapped: {wraps} line breaks inside sentences were "
                "joined (lines end mid-sentence, as in a copy from a PDF or an e-mail).",
            )
    if is_blank(text):
        raise InputError(f"{name} is empty: {empty_hint}")
    return Article(text=text, name=name, encoding=encoding, notices=notices, extracted=extracted)


def read_text_input(
    source: str,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    too_long_hint: str = CLI_TOO_LONG,
    whole_page: bool = False,
) -> Article:
    """The command line's convention: ``source`` is a file path, or ``-`` for stdin."""
    stream = source == "-"
    return read_article(
        sys.stdin.buffer if stream else Path(source),
        name="<stdin>" if stream else source,
        max_chars=max_chars,
        too_long_hint=too_long_hint,
        whole_page=whole_page,
    )


def _bytes(source: Path | BinaryIO | bytes, name: str, *, limit: int | None) -> bytes:
    """At most ``limit`` bytes of ``source`` (None: all of it)."""
    if isinstance(source, bytes):
        return source if limit is None else source[:limit]
    if isinstance(source, Path):
        return read_file_bytes(source, name=name, limit=limit)
    return source.read(-1 if limit is None else limit)


def _docx_text(source: Path | BinaryIO | bytes | str, name: str) -> str:
    """The document's paragraphs, a blank line between them (a paragraph break for the
    splitter, as between HTML paragraphs)."""
    if isinstance(source, str):
        raise InputError(f"{name}: a Word document cannot be given as text; upload the file.")
    if isinstance(source, Path):
        if source.is_dir():
            raise InputError(f"{name} is a folder; give one article file (or - for stdin).")
        if not source.exists():
            raise InputError(f"{name} does not exist.")
        document: Path | BinaryIO = source
    else:
        limit = DEFAULT_LIMITS.max_unpacked_bytes  # a package is smaller than its contents
        data = _bytes(source, name, limit=limit + 1)
        if len(data) > limit:
            raise InputError(f"{name} is over {limit // 1024 // 1024} MB; refused.")
        document = io.BytesIO(data)
    return PARAGRAPH_BREAK.join(docx_paragraphs(document, name=name))


def _regular_file_size(path: Path) -> int | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
