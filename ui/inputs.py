"""What the UI accepts as an article: pasted text or an uploaded .txt / .md / .docx / .html
file.

Both are read by ``kabar.core.reading.read_article``, the path every surface shares: binary data
and unknown encodings refused with what to do, HTML reduced to its visible text, .docx
paragraphs (tables and nested tables too) extracted behind the zip-bomb guard, empty or
over-long input refused, never truncated, and the same notices. Everything here raises
``InputError``; the UI turns it into a ``gr.Error``.
"""

from __future__ import annotations

from pathlib import Path

from kabar.core.errors import InputError
from kabar.core.reading import Article, read_article
from kabar.core.reading.decode import read_file_bytes, refuse_binary

# The UI translates one request at a time on one model: a limit well above a long news
# article (the seeds are 2-3k characters) keeps one visitor from holding the queue for
# many minutes. `kabar translate` (default 200,000) is the tool for bigger jobs.
DEFAULT_UI_MAX_CHARS = 50_000
# An upload is on disk already; this keeps a huge one from being opened at all.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
# A saved web page is read like the CLI reads it: its article (see core/reading/page.py).
UPLOAD_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".html", ".htm")
# What the file picker lets through: the readable types, and a PDF, so that it gets the
# CLI's advice (export it as text) rather than the picker's bare refusal.
PICKER_SUFFIXES = (*UPLOAD_SUFFIXES, ".pdf")
PASTE_NAME = "The article"
_SNIFF_BYTES = 8192

# How the UI reads a page whole, said where the command line says --whole-page.
WHOLE_PAGE_BOX = "tick Whole page to read them all"


def read_paste(
    text: str | None, *, max_chars: int = DEFAULT_UI_MAX_CHARS, whole_page: bool = False
) -> Article:
    """The pasted article (a pasted page read for its article, or with ``whole_page`` for
    all its visible text, as ``--whole-page``; with a notice), or InputError when it is
    empty or over ``max_chars``."""
    return read_article(
        text or "",
        name=PASTE_NAME,
        max_chars=max_chars,
        kind="text",
        whole_page=whole_page,
        whole_page_hint=WHOLE_PAGE_BOX,
        too_long_hint="Translate it in parts, or use `kabar translate-dir` (it streams any size).",
        empty_hint="paste an Indonesian article or upload a file.",
    )


def read_upload(
    path: str | Path, *, max_chars: int = DEFAULT_UI_MAX_CHARS, whole_page: bool = False
) -> Article:
    """Read an uploaded .txt, .md (UTF-8, UTF-16 with BOM or Windows-1252), .html/.htm
    (its article, as the CLI reads a page; ``whole_page``: all its visible text, as
    ``--whole-page``) or .docx file.

    Raises InputError for another file type, a file over MAX_UPLOAD_BYTES, binary content
    in a text file, a damaged .docx or a zip bomb, an empty document, or more than
    ``max_chars``.
    """
    path = Path(path)
    name = path.name
    if path.suffix.lower() not in UPLOAD_SUFFIXES:
        # A known binary format (a PDF, an image, an old .doc) is named, with what to do.
        refuse_binary(read_file_bytes(path, name=name, limit=_SNIFF_BYTES), name=name)
        raise InputError(
            f"{name}: unsupported file type. Upload one of: {', '.join(UPLOAD_SUFFIXES)}."
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None
    if size > MAX_UPLOAD_BYTES:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB, over the upload limit of "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    return read_article(
        path,
        name=name,
        max_chars=max_chars,
        too_long_hint="Split it into smaller files, or use `kabar translate-dir` (it streams "
        "any size).",
        whole_page=whole_page,
        whole_page_hint=WHOLE_PAGE_BOX,
    )
